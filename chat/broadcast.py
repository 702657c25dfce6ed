"""Recording chat events and broadcasting them, each encoded once per audience.

An event is numbered and written in the same transaction as the change it
describes; only after commit is it handed to the channel layer. The layer may
drop or reorder it, which is why clients track sequence numbers and fetch what
they miss (see docs/chat-protocol.md).

The layer may also be down (Redis restarting). The event is stored all the same,
so the action that wrote it has succeeded and says so: a failed hand-over is kept
in this process's short queue of unsent messages and sent again, oldest first,
before the next broadcast and whenever the process's hub finds the layer back
(chat.fanout). Readers who miss it meanwhile fetch it by its number. One warning
is logged when broadcasts start failing and one line when they flow again, not
one per event.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from chat.models import ChatEvent, LiveChatState
from chat.wire import EVENT_KINDS, server_frame

log = logging.getLogger(__name__)
Audience = ChatEvent.Audience
UNSENT_LIMIT = 1000
"""Broadcasts kept for another try while the layer is down; older ones are left to the readers' gap-fill."""


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


class Unsent:
    """Messages the layer refused, kept (bounded) for another try; and whether it is refusing now.

    Shared by the threads that broadcast after commit and the hub's event loop, hence the lock.
    """

    def __init__(self, limit: int = UNSENT_LIMIT):
        self.messages: deque[tuple[int, dict]] = deque(maxlen=limit)
        self.lock = threading.Lock()
        self.failing_since: float | None = None
        self.failures = 0

    def __len__(self) -> int:
        return len(self.messages)

    def take(self) -> list[tuple[int, dict]]:
        with self.lock:
            waiting = list(self.messages)
            self.messages.clear()
        return waiting

    def failed(self, waiting: list[tuple[int, dict]], error: Exception) -> None:
        """Keep what could not be sent (in order, before anything queued since) and log the first failure only."""
        with self.lock:
            self.messages.extendleft(reversed(waiting))
            self.failures += 1
            first = self.failing_since is None
            if first:
                self.failing_since = time.monotonic()
        if first:
            log.warning(
                "Chat broadcasts cannot reach the channel layer (%s: %s); events are stored and will be sent when "
                "it is back, readers fetch any they miss by sequence number",
                error.__class__.__name__, error,
            )

    def sent(self, count: int) -> None:
        with self.lock:
            since, self.failing_since = self.failing_since, None
        if since is not None:
            log.warning("Chat broadcasts reach the channel layer again after %.1f s; %d sent late", time.monotonic() - since, count)


UNSENT = Unsent()


async def _send_all(layer, waiting: list[tuple[int, dict]]) -> int:
    """Send messages in order; on a failure, put back the rest (the failed one first) and raise."""
    for position, (chat_id, message) in enumerate(waiting):
        try:
            await layer.group_send(group_name(chat_id), message)
        except Exception as error:
            UNSENT.failed(waiting[position:], error)
            raise
    return len(waiting)


async def send_unsent(layer) -> int:
    """From the hub's loop, when the layer is back: send what waits. Never raises; returns how many went."""
    waiting = UNSENT.take()
    if not waiting:
        return 0
    try:
        sent = await _send_all(layer, waiting)
    except Exception:
        return 0
    UNSENT.sent(sent)
    return sent


def _to_hubs(chat_id: int, message: dict) -> None:
    """Hand a message to the chat's group, which each process's hub has joined (chat.fanout).

    Runs after commit: it never raises, so a stored event is never reported as a failure.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    waiting = [*UNSENT.take(), (chat_id, message)]
    try:
        async_to_sync(_send_all)(layer, waiting)
    except Exception:
        return
    UNSENT.sent(len(waiting) - 1)


def broadcast(chat_id: int, event: ChatEvent) -> None:
    _to_hubs(chat_id, {"type": "chat.event", "chat": chat_id, "seq": event.seq, **encoded_for_audiences(event)})


def ask_to_recheck(chat_id: int, user_ids, *, team: bool = False, sessions=()) -> None:
    """Ask every process's hub to recheck these readers' sockets (and the team's, when `team`): see chat.recheck.

    Sockets signed in with one of `sessions` (session keys that have just ended) are closed at once.
    """
    message = {"type": "chat.recheck", "chat": chat_id, "users": sorted(user_ids), "team": team}
    if sessions:
        message["sessions"] = sorted(sessions)
    _to_hubs(chat_id, message)


def events_after(chat_id: int, after: int, limit: int = 500, before: int | None = None) -> list[ChatEvent]:
    """Events numbered after `after` (and before `before`, when given), oldest first."""
    events = ChatEvent.objects.filter(chat_id=chat_id, seq__gt=after)
    if before is not None:
        events = events.filter(seq__lt=before)
    return list(events.order_by("seq")[:limit])
