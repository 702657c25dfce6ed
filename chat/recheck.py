"""When what a reader may do changes, their open chat sockets hear of it at once.

The consumer asks `can()` afresh on every frame a reader sends, but a reader who
only watches sends none: a member made a moderator would not see the queue, and
a member muted or removed from a members-only network would not know until they
next tried to post. So whatever changes a reader's standing in a chat (a network
membership saved or deleted, the chat page published with other hosts or
moderators, a commission seat given or taken away, a mute) asks the chat's hubs,
after commit, to recheck that reader's sockets; each re-reads its roles and, if
they changed, is sent `you` (docs/chat-protocol.md).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from chat.broadcast import ask_to_recheck
from chat.models import LiveChatPage
from networks.models import CommissionMembership, NetworkMembership, NetworkPage


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
