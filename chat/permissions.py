"""Permission rules for live chats, registered with networks.permissions.rule.

Every rule takes the `LiveChatPage` it is asked about. Hosts are the network's
members with the host role and anyone named as a host on the page (commission
members as co-hosts); moderators are the network's moderators and editors and
anyone named as a moderator on the page. The consumer asks these on every frame.
"""

from __future__ import annotations

from chat.models import ChatMute
from networks.permissions import Role, can, has_role, is_staff, rule


def is_chat_host(user, chat) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in chat.host_ids or has_role(user, chat.network, Role.HOST)


def is_chat_moderator(user, chat) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_staff(user)
        or user.pk in chat.moderator_ids
        or has_role(user, chat.network, Role.MODERATOR, Role.EDITOR)
    )


def is_muted(user, chat) -> bool:
    """Asked twice for each reader (may they take part, and are they muted): read once per chat object,
    which a socket reads afresh for every frame (so a mute made since is seen by the next frame)."""
    if not user.is_authenticated:
        return False
    muted = chat.__dict__.setdefault("_muted", {})
    if user.pk not in muted:
        muted[user.pk] = ChatMute.objects.filter(chat=chat, user=user).exists()
    return muted[user.pk]


def forget_mutes(chat) -> None:
    """After a mute is made: the chat object it was made with answers from the database again."""
    chat.__dict__.pop("_muted", None)


@rule("view_chat")
def _view_chat(user, chat) -> bool:
    """A chat is read by whoever may read its network: anyone for a public network."""
    return can(user, "view_network", chat.network)


@rule("take_part_in_chat")
def _take_part_in_chat(user, chat) -> bool:
    """Ask, post and vote: whoever takes part in the network's dialogue, the chat's team, unless muted."""
    if not user.is_authenticated:
        return False
    allowed = can(user, "take_part", chat.network) or is_chat_host(user, chat) or is_chat_moderator(user, chat)
    return allowed and not is_muted(user, chat)


@rule("moderate_chat")
def _moderate_chat(user, chat) -> bool:
    """Approve, reject, merge, edit, remove, pin and mute."""
    return is_chat_moderator(user, chat)


@rule("answer_in_chat")
def _answer_in_chat(user, chat) -> bool:
    """Only hosts answer: the network's hosts and the chat's named hosts and co-hosts."""
    return is_chat_host(user, chat)


@rule("run_chat")
def _run_chat(user, chat) -> bool:
    """Open early, extend and close: hosts and moderators."""
    return is_chat_host(user, chat) or is_chat_moderator(user, chat)


@rule("post_without_rate_limit")
def _post_without_rate_limit(user, chat) -> bool:
    """Hosts answer and moderators tidy up in bursts: the per-member rate limit is for everyone else."""
    return is_chat_host(user, chat) or is_chat_moderator(user, chat)


@rule("be_muted_in_chat")
def _be_muted_in_chat(user, chat) -> bool:
    """Asked of the member a moderator would mute: anyone signed in, except the chat's own hosts and moderators."""
    return user.is_authenticated and not (is_chat_host(user, chat) or is_chat_moderator(user, chat))


@rule("be_reminded_of_chat")
def _be_reminded_of_chat(user, chat) -> bool:
    return user.is_authenticated and can(user, "view_chat", chat)


@rule("run_chat_poll")
def _run_chat_poll(user, chat) -> bool:
    """Ask a poll and close it: hosts and moderators, as they run the chat."""
    return is_chat_host(user, chat) or is_chat_moderator(user, chat)


@rule("answer_chat_poll")
def _answer_chat_poll(user, chat) -> bool:
    """Answer a poll: whoever may take part in the chat (so not a muted member)."""
    return can(user, "take_part_in_chat", chat)


@rule("choose_answering_now")
def _choose_answering_now(user, chat) -> bool:
    """Say which question is being answered now, for the presenter view: hosts and moderators."""
    return is_chat_host(user, chat) or is_chat_moderator(user, chat)
