"""Permission rules for discussions, registered with networks.permissions.rule.

A thread in a network follows its network: reading is `view_network`, taking
part is `take_part`, moderating belongs to the network's moderators and
editors (and staff). A thread without a network belongs to something above
discussions (a submission's dialogue with its commission): reading, replying
and the official voice are answered by its owner's rules, found through
`discussions.dialogues`; a network-less thread nobody claims is staff-only.
"""

from __future__ import annotations

from discussions.dialogues import owner_of
from networks.permissions import (
    can,
    is_commission_member,
    is_staff,
    moderated_networks,
    moderates,
    rule,
)


def _owner_can(user, which: str, thread) -> bool:
    """Ask the rules of whatever owns a network-less thread (its `view`, `reply` or `official` rule)."""
    claimed = owner_of(thread)
    if claimed is None:
        return is_staff(user)
    registration, owner = claimed
    return can(user, getattr(registration, which), owner)


@rule("view_thread")
def _view_thread(user, thread) -> bool:
    if thread.network_id is None:
        return _owner_can(user, "view", thread)
    return can(user, "view_network", thread.network)


@rule("start_thread")
def _start_thread(user, network) -> bool:
    return user.is_authenticated and can(user, "take_part", network)


@rule("reply_thread")
def _reply_thread(user, thread) -> bool:
    """Locked threads take no replies, except a closing note from those who moderate them.

    A moderator who locks a thread usually says why in the thread itself; the
    moderation log records the reason, but readers look for it at the end of
    the discussion.
    """
    if not user.is_authenticated:
        return False
    if thread.is_locked:
        return can(user, "moderate_thread", thread)
    if thread.network_id is None:
        return _owner_can(user, "reply", thread)
    return can(user, "take_part", thread.network)


@rule("post_official_response")
def _post_official_response(user, thread) -> bool:
    """Commission members speak for their commission in any dialogue they can reply to.

    In a dialogue owned by something above (a submission), the official voice
    is whoever its owner's `official` rule names (for a submission: the
    commission it is addressed to, and staff).
    """
    if not can(user, "reply_thread", thread):
        return False
    if thread.network_id is None:
        return _owner_can(user, "official", thread)
    return is_commission_member(user)


@rule("edit_post")
def _edit_post(user, post) -> bool:
    """Authors edit their own words while the post stands and the thread is open.

    In a locked thread only its moderators still edit their own posts, so a
    closing note can be corrected.
    """
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and (not post.thread.is_locked or can(user, "moderate_thread", post.thread))
        and can(user, "view_thread", post.thread)
    )


@rule("delete_post")
def _delete_post(user, post) -> bool:
    return user.is_authenticated and not post.is_deleted and (post.author_id == user.pk or is_staff(user))


@rule("flag_post")
def _flag_post(user, post) -> bool:
    """Any signed-in reader may report a post that is still shown, except their own."""
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and not post.is_deleted
        and not post.is_hidden
        and can(user, "view_thread", post.thread)
    )


@rule("moderate_discussions", objects=moderated_networks)
def _moderate_discussions(user, network) -> bool:
    """Hide posts, lock, pin and move threads, work the flag queue, read the moderation log."""
    return moderates(user, network)


@rule("moderate_thread")
def _moderate_thread(user, thread) -> bool:
    if thread.network_id is None:
        return is_staff(user)
    return moderates(user, thread.network)


@rule("view_post_history")
def _view_post_history(user, post) -> bool:
    return (user.is_authenticated and post.author_id == user.pk) or can(user, "moderate_thread", post.thread)


@rule("follow_thread")
def _follow_thread(user, thread) -> bool:
    return user.is_authenticated and can(user, "view_thread", thread)


@rule("follow_network")
def _follow_network(user, network) -> bool:
    return user.is_authenticated and can(user, "view_network", network)


@rule("manage_watched_words")
def _manage_watched_words(user, obj=None) -> bool:
    """Staff keep the list of watched words (blocked, or held for moderators) in the Wagtail admin."""
    return is_staff(user)
