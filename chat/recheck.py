"""When what a reader may do changes, their open chat sockets hear of it at once.

The consumer asks `can()` afresh on every frame a reader sends, but a reader who
only watches sends none: a member made a moderator would not see the queue, and
a member muted or removed from a members-only network would not know until they
next tried to post. So whatever changes a reader's standing in a chat (a network
membership saved or deleted, the chat page published with other hosts or
moderators, a commission seat given or taken away, a mute) asks the chat's hubs,
after commit, to recheck that reader's sockets; each re-reads its roles and, if
they changed, is sent `you` (docs/chat-protocol.md).

Sessions follow the same path: signing out closes the sockets opened with that
session at once; a password change, a deactivated account, or
`networks.signals.sessions_ended` (suspension) has every open socket of the
member re-read its session, and those whose session no longer signs them in are
closed with 4401 (`close_member_sockets`, also callable directly).
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from chat.broadcast import ask_to_recheck
from chat.models import LiveChatPage
from networks.models import CommissionMembership, NetworkMembership, NetworkPage
from networks.signals import sessions_ended

SIGN_IN_FIELDS = {"password", "is_active"}
"""Saving either of these may end a member's sessions (Django checks each session against the password hash)."""


def open_chats():
    """Chats a socket may be open on: published, and not closed."""
    return LiveChatPage.objects.live().exclude(live_state__closed_at__isnull=False)


def recheck_network_chats(network_id: int, user_ids: list[int]) -> None:
    """Ask every open chat of the network to recheck these readers."""
    network = NetworkPage.objects.filter(pk=network_id).first()
    if network is None:
        return
    for chat_id in open_chats().child_of(network).values_list("pk", flat=True):
        ask_to_recheck(chat_id, user_ids)


def recheck_all_chats(user_ids: list[int]) -> None:
    """Ask every open chat to recheck these readers: a commission seat counts in every network."""
    for chat_id in open_chats().values_list("pk", flat=True):
        ask_to_recheck(chat_id, user_ids)


def close_member_sockets(user_ids, *, sessions=()) -> None:
    """Have every open chat socket of these members re-read its session, after commit; those it no longer signs
    in are closed with 4401. Sockets of the ended `sessions` (session keys) are closed without asking."""
    user_ids = sorted(set(user_ids))

    def ask() -> None:
        for chat_id in open_chats().values_list("pk", flat=True):
            ask_to_recheck(chat_id, user_ids, sessions=sessions)

    transaction.on_commit(ask)


def _signed_out(sender, request, user, **kwargs) -> None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if user is not None and session_key:
        close_member_sockets([user.pk], sessions=[session_key])


def _account_saved(sender, instance, update_fields=None, created=False, **kwargs) -> None:
    if created or (update_fields is not None and not SIGN_IN_FIELDS & set(update_fields)):
        return
    close_member_sockets([instance.pk])


def _sessions_ended(sender, user_ids, **kwargs) -> None:
    close_member_sockets(user_ids)


def _membership_changed(sender, instance: NetworkMembership, **kwargs) -> None:
    transaction.on_commit(partial(recheck_network_chats, instance.network_id, [instance.user_id]))


def _commission_seat_changed(sender, instance: CommissionMembership, **kwargs) -> None:
    transaction.on_commit(partial(recheck_all_chats, [instance.user_id]))


def _chat_published(sender, instance: LiveChatPage, **kwargs) -> None:
    """The page may name other hosts and moderators: recheck them and the chat's current team."""
    saved = LiveChatPage.objects.get(pk=instance.pk)
    named = sorted(saved.host_ids | saved.moderator_ids)
    transaction.on_commit(partial(ask_to_recheck, instance.pk, named, team=True))


def connect_signals() -> None:
    post_save.connect(_membership_changed, sender=NetworkMembership, dispatch_uid="chat-recheck-membership-saved")
    post_delete.connect(_membership_changed, sender=NetworkMembership, dispatch_uid="chat-recheck-membership-deleted")
    post_save.connect(_commission_seat_changed, sender=CommissionMembership, dispatch_uid="chat-recheck-seat-saved")
    post_delete.connect(_commission_seat_changed, sender=CommissionMembership, dispatch_uid="chat-recheck-seat-deleted")
    page_published.connect(_chat_published, sender=LiveChatPage, dispatch_uid="chat-recheck-chat-published")
    user_logged_out.connect(_signed_out, dispatch_uid="chat-close-signed-out-sockets")
    post_save.connect(_account_saved, sender=get_user_model(), dispatch_uid="chat-recheck-account-saved")
    sessions_ended.connect(_sessions_ended, dispatch_uid="chat-close-ended-sessions")
