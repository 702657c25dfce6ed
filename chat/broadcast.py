"""Recording chat events and broadcasting them, each encoded once per audience.

An event is numbered and written in the same transaction as the change it
describes; only after commit is it handed to the channel layer. The layer may
drop or reorder it, which is why clients track sequence numbers and fetch what
they miss (see docs/chat-protocol.md).
"""

from __future__ import annotations

import json
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from chat.models import ChatEvent, LiveChatState
from chat.wire import EVENT_KINDS, server_frame

Audience = ChatEvent.Audience


def group_name(chat_id: int) -> str:
    return f"chat.{chat_id}"


def encode(frame: dict) -> str:
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def event_frame(event: ChatEvent) -> dict:
    return server_frame("event", seq=event.seq, kind=event.kind, **event.payload)


def placeholder_frame(seq: int) -> dict:
    """What a reader outside the event's audience receives in its place: the number, nothing else."""
    return server_frame("event", seq=seq, kind="hidden")


def encoded_for_audiences(event: ChatEvent) -> dict[str, str]:
    """The event's text for each audience: encoded once per audience, never once per reader."""
    full = encode(event_frame(event))
    if event.audience == Audience.EVERYONE:
        return {Audience.EVERYONE: full, Audience.TEAM: full}
    return {Audience.EVERYONE: encode(placeholder_frame(event.seq)), Audience.TEAM: full}


def record_event(chat, kind: str, payload: dict, audience: str = Audience.EVERYONE) -> ChatEvent:
    """Number the event, store it, and broadcast it once the transaction commits.

    Must run inside the action's transaction: the row lock on the chat's state
    serialises numbering, so sequence numbers have no holes and no repeats.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"{kind!r} is not an event kind in docs/chat-protocol.md")
    state = LiveChatState.objects.select_for_update().filter(chat_id=chat.pk).first()
    if state is None:
        LiveChatState.objects.get_or_create(chat_id=chat.pk)
        state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
    state.last_seq += 1
    state.save(update_fields=["last_seq"])
    event = ChatEvent.objects.create(chat_id=chat.pk, seq=state.last_seq, kind=kind, payload=payload, audience=audience)
    transaction.on_commit(partial(broadcast, chat.pk, event))
    return event


def _to_hubs(chat_id: int, message: dict) -> None:
    """Hand a message to the chat's group, which each process's hub has joined (chat.fanout)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(chat_id), message)


def broadcast(chat_id: int, event: ChatEvent) -> None:
    _to_hubs(chat_id, {"type": "chat.event", "chat": chat_id, "seq": event.seq, **encoded_for_audiences(event)})


def ask_to_recheck(chat_id: int, user_ids, *, team: bool = False) -> None:
    """Ask every process's hub to recheck these readers' sockets (and the team's, when `team`): see chat.recheck."""
    _to_hubs(chat_id, {"type": "chat.recheck", "chat": chat_id, "users": sorted(user_ids), "team": team})


def events_after(chat_id: int, after: int, limit: int = 500) -> list[ChatEvent]:
    return list(ChatEvent.objects.filter(chat_id=chat_id, seq__gt=after).order_by("seq")[:limit])
