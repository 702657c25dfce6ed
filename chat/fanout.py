"""One channel-layer subscription per process, fanned out in-process to its sockets.

A plain Channels consumer joins the chat's group itself, so a broadcast to
1,000 readers is 1,000 channel-layer messages, 1,000 handler dispatches and
1,000 JSON encodings. Here each process joins each chat's group once, with one
channel of its own; a broadcast arrives once per process, already encoded
once per audience (chat.broadcast), and the hub hands the same text frame to
every local socket of that audience. The per-reader cost is one ASGI send, to
the server's own `send` (see `ServerSendMiddleware`).

The hub also keeps the participant count: each process announces how many
sockets it holds for a chat, and every hub adds up the latest announcements.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from dataclasses import dataclass, field

from channels.layers import get_channel_layer

from chat.broadcast import encode, group_name
from chat.wire import server_frame

log = logging.getLogger(__name__)

PRESENCE_DELAY = 0.5
"""Seconds a hub waits before announcing a changed count, so a burst of connections is one announcement."""
DELIVERY_BATCH = 16
PRESENCE_REFRESH = 20.0
PRESENCE_EXPIRY = 60.0
"""A process not heard from for this long is assumed gone, and its count dropped."""


SERVER_SEND = "chat.server_send"
"""The scope key under which `ServerSendMiddleware` keeps the server's `send`."""


class ServerSendMiddleware:
    """Keeps the server's own ASGI `send` in the scope, for the hub's broadcasts.

    Channels' session middleware wraps `send` so that it can save the session
    and set its cookie on an HTTP response. On a WebSocket it never does either,
    yet every call through it still reads the session; a broadcast to 1,000
    readers paid that 1,000 times, about a quarter of the hub's time per reader.
    Placed outside AuthMiddlewareStack, this hands the hub the unwrapped `send`;
    the consumer's own frames (hello, acks, errors) still go the usual way.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner({**scope, SERVER_SEND: send}, receive, send)


@dataclass
class Room:
    chat_id: int
    readers: dict[str, dict] = field(default_factory=lambda: {"everyone": {}, "team": {}})
    """Per audience, each local socket (its consumer) and the `send` its broadcasts go through."""
    counts: dict[str, tuple[int, float]] = field(default_factory=dict)
    announced: int = -1
    shown_total: int = -1
    announce_handle: asyncio.TimerHandle | None = None

    @property
    def local_count(self) -> int:
        return len(self.readers["everyone"]) + len(self.readers["team"])

    def total(self) -> int:
        now = time.monotonic()
        return sum(count for count, heard in self.counts.values() if now - heard < PRESENCE_EXPIRY)


class ChatHub:
    """The process's subscriptions to chats; one per event loop."""

    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.rooms: dict[int, Room] = {}
        self.channel: str | None = None
        self.listener: asyncio.Task | None = None
        self.refresher: asyncio.Task | None = None
        self.lock = asyncio.Lock()
        self.rechecks: set[asyncio.Task] = set()

    async def join(self, chat_id: int, socket, audience: str, send) -> None:
        """Start delivering chat events to `socket` (the consumer) through `send`, an ASGI send callable."""
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel("chat-hub.")
                self.listener = asyncio.create_task(self._listen())
                self.refresher = asyncio.create_task(self._refresh())
            room = self.rooms.get(chat_id)
            if room is None:
                room = self.rooms[chat_id] = Room(chat_id)
                await self.layer.group_add(group_name(chat_id), self.channel)
            room.readers[audience][socket] = send
        self._schedule_announce(room)

    def regroup(self, chat_id: int, socket, audience: str) -> None:
        """Move a socket to another audience: its reader became, or stopped being, one of the chat's team."""
        room = self.rooms.get(chat_id)
        if room is None:
            return
        send = None
        for readers in room.readers.values():
            send = readers.pop(socket, send)
        if send is not None:
            room.readers[audience][socket] = send

    async def leave(self, chat_id: int, socket) -> None:
        async with self.lock:
            room = self.rooms.get(chat_id)
            if room is None:
                return
            for readers in room.readers.values():
                readers.pop(socket, None)
            if room.local_count == 0:
                del self.rooms[chat_id]
                if room.announce_handle:
                    room.announce_handle.cancel()
                await self._announce(room, 0)
                await self.layer.group_discard(group_name(chat_id), self.channel)
                return
        self._schedule_announce(room)

    def participants(self, chat_id: int) -> int:
        room = self.rooms.get(chat_id)
        if room is None:
            return 0
        return max(room.total(), room.local_count)

    async def _listen(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
                await self._dispatch(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Chat hub could not deliver a message")

    async def _dispatch(self, message: dict) -> None:
        room = self.rooms.get(message.get("chat"))
        if room is None:
            return
        if message["type"] == "chat.event":
            await self._deliver(room.readers["everyone"], message["everyone"])
            await self._deliver(room.readers["team"], message["team"])
        elif message["type"] == "chat.recheck":
            self._recheck(room, set(message["users"]), message.get("team", False))
        elif message["type"] == "chat.presence":
            room.counts[message["process"]] = (message["count"], time.monotonic())
            total = max(room.total(), room.local_count)
            if total != room.shown_total:
                room.shown_total = total
                text = encode(server_frame("participants", count=total))
                await self._deliver(room.readers["everyone"], text)
                await self._deliver(room.readers["team"], text)

    async def _deliver(self, readers: dict, text: str) -> None:
        """The same pre-encoded text frame to every socket: no per-reader encoding or dispatch.

        Every DELIVERY_BATCH sockets the hub yields to the event loop, so the server
        (daphne's reactor) writes the first readers' frames to the network while the
        hub hands out the rest, instead of after the last one.
        """
        frame = {"type": "websocket.send", "text": text}
        for position, (socket, send) in enumerate(tuple(readers.items()), 1):
            try:
                await send(frame)
            except Exception:
                log.warning("Dropping a chat socket that could not be written to", exc_info=True)
                readers.pop(socket, None)
            if position % DELIVERY_BATCH == 0:
                await asyncio.sleep(0)

    def _recheck(self, room: Room, user_ids: set, team: bool) -> None:
        """Have these readers' sockets (and the team's) re-read what their reader may do (chat.recheck)."""
        for audience, readers in room.readers.items():
            for socket in tuple(readers):
                if socket.reader_id in user_ids or (team and audience == "team"):
                    task = asyncio.ensure_future(socket.recheck())
                    self.rechecks.add(task)
                    task.add_done_callback(self.rechecks.discard)

    def _schedule_announce(self, room: Room) -> None:
        if room.announce_handle is None:
            loop = asyncio.get_running_loop()
            room.announce_handle = loop.call_later(PRESENCE_DELAY, self._announce_soon, room)

    def _announce_soon(self, room: Room) -> None:
        room.announce_handle = None
        if self.rooms.get(room.chat_id) is room:
            asyncio.ensure_future(self._announce(room, room.local_count))

    async def _announce(self, room: Room, count: int) -> None:
        if count == room.announced:
            return
        room.announced = count
        await self.layer.group_send(
            group_name(room.chat_id),
            {"type": "chat.presence", "chat": room.chat_id, "process": self.channel, "count": count},
        )

    async def _refresh(self) -> None:
        """Re-announce now and then, so other processes do not expire this one's count."""
        while True:
            await asyncio.sleep(PRESENCE_REFRESH)
            for room in list(self.rooms.values()):
                room.announced = -1
                await self._announce(room, room.local_count)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ChatHub] = weakref.WeakKeyDictionary()


def hub() -> ChatHub:
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = ChatHub()
    return found
