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

The layer is Redis in production, and Redis restarts. A group entry is lost with
it (and expires anyway after channels-redis' `group_expiry`), so the hub joins
its groups again on a timer well inside that expiry, and at once when the layer
comes back after trouble. While the layer is down nothing here raises or spins:
each loop backs off with jitter, one warning is logged when the trouble starts
and one line when it ends, and `/healthz` says so (`hub_health`). A socket that
arrives while the layer is down is served from its process and joined when the
layer returns.

A reader who stops reading would make the server buffer its frames without
bound: once more than CHAT_SOCKET_BUFFER_BYTES wait to be written to one socket,
the hub stops writing to it and closes it with CLOSE_TOO_FAR_BEHIND; its page
reconnects and resumes by sequence number.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
import weakref
from dataclasses import dataclass, field

from channels.layers import get_channel_layer
from django.conf import settings

from chat.broadcast import UNSENT, encode, group_name, send_unsent
from chat.transport import pending_bytes, text_frame, write_frame
from chat.wire import CLOSE_SIGNED_OUT, CLOSE_TOO_FAR_BEHIND, CLOSE_TRY_AGAIN_LATER, server_frame
from networks.health import Health

log = logging.getLogger(__name__)

PRESENCE_DELAY = 0.5
"""Seconds a hub waits before announcing a changed count, so a burst of connections is one announcement."""
DELIVERY_BATCH = 16
PRESENCE_REFRESH = 20.0
PRESENCE_EXPIRY = 60.0
"""A process not heard from for this long is assumed gone, and its count dropped."""
BACKOFF_FIRST = 0.5
BACKOFF_CAP = 5.0
"""While the layer is down, retries come at most this many seconds apart: live delivery resumes within seconds."""


PROBE_GROUP = "chat.probe"
"""A group no hub joins: leaving it is how a hub with no chats asks whether the layer is back."""

SERVER_SEND = "chat.server_send"
"""The scope key under which `ServerSendMiddleware` keeps the server's `send`."""
ARRIVED = "chat.arrived"
"""The scope key under which `ServerSendMiddleware` notes when the socket arrived (time.monotonic())."""


def backoff(attempt: int, cap: float = BACKOFF_CAP) -> float:
    """Seconds before retry number `attempt` (0, 1, 2, …): doubling up to `cap`, each between half and all of it,
    so the processes that lost Redis together do not all knock at once."""
    ceiling = min(cap, BACKOFF_FIRST * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)


CONNECT_TICKET = "chat.connect_ticket"
"""The scope key under which `ServerSendMiddleware` hands the socket its place in the connect queue."""


class ConnectTicket:
    """One socket's place among those waiting for their first database work; given back once, whichever comes first."""

    def __init__(self, queue: ConnectQueue) -> None:
        self.queue = queue
        self.waiting = True

    def started(self) -> None:
        with self.queue.lock:
            if self.waiting:
                self.waiting = False
                self.queue.waiting -= 1


class ConnectQueue:
    """How many sockets of this process wait for their first database work (shared with the database thread).

    Counted from the socket's arrival, before the session middleware's own trip to
    the database thread, so that in a storm the sockets beyond
    CHAT_CONNECT_QUEUE_LIMIT are answered at once and cost that thread nothing.
    """

    def __init__(self) -> None:
        self.waiting = 0
        self.lock = threading.Lock()

    def enter(self) -> ConnectTicket | None:
        with self.lock:
            if self.waiting >= settings.CHAT_CONNECT_QUEUE_LIMIT:
                return None
            self.waiting += 1
        return ConnectTicket(self)


CONNECTS = ConnectQueue()


class ServerSendMiddleware:
    """Keeps the server's own ASGI `send` in the scope, for the hub's broadcasts, and turns a storm away at the door.

    Channels' session middleware wraps `send` so that it can save the session
    and set its cookie on an HTTP response. On a WebSocket it never does either,
    yet every call through it still reads the session; a broadcast to 1,000
    readers paid that 1,000 times, about a quarter of the hub's time per reader.
    Placed outside the session middleware, this hands the hub the unwrapped `send`;
    the consumer's own frames (hello, acks, errors) still go the usual way. It
    also notes when the socket arrived, before anything queued database work, and
    gives it a place in the connect queue: past the limit, the socket is accepted
    and closed with 4013 (try again later) here, before any database work.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        ticket = CONNECTS.enter()
        if ticket is None:
            message = await receive()
            if message.get("type") == "websocket.connect":
                # Accepted first, so the browser sees the close code and waits before retrying.
                await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
            return None
        try:
            scope = {**scope, SERVER_SEND: send, ARRIVED: time.monotonic(), CONNECT_TICKET: ticket}
            return await self.inner(scope, receive, send)
        finally:
            # A socket that never reached its database work (a wrong path, an error) gives its place back here.
            ticket.started()


@dataclass
class Room:
    chat_id: int
    readers: dict[str, dict] = field(default_factory=lambda: {"everyone": {}, "team": {}})
    """Per audience, each local socket (its consumer) and the `send` its broadcasts go through."""
    counts: dict[str, tuple[int, float]] = field(default_factory=dict)
    announced: int = -1
    shown_total: int = -1
    announce_handle: asyncio.TimerHandle | None = None
    joined: bool = False
    """Whether the chat's group holds this hub: False until a group_add succeeds (the layer may be down)."""

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
        self.tasks: set[asyncio.Task] = set()
        self.lock = asyncio.Lock()
        self.wake = asyncio.Event()
        self.trouble_since: float | None = None
        """Monotonic time the layer started failing (None while it works)."""
        self.last_trouble = ""
        self.last_joined: float | None = None
        self.rejoins = 0
        self.outages = 0
        self.dropped_behind = 0
        expiry = getattr(self.layer, "group_expiry", 86400)
        self.rejoin_every = max(1.0, min(float(settings.CHAT_HUB_REJOIN_SECONDS), expiry / 4))

    # Sockets arriving and leaving -------------------------------------------------------

    async def join(self, chat_id: int, socket, audience: str, send) -> None:
        """Start delivering chat events to `socket` (the consumer) through `send`, an ASGI send callable.

        Never raises for the layer's sake: with Redis down the socket is served locally and the
        room joined when the layer is back.
        """
        async with self.lock:
            if self.channel is None:
                # The default prefix: channels-redis serves all of a process's channels of one prefix from one
                # Redis list through one blocking pop, so /healthz's round trip is not held up behind the hub's.
                self.channel = await self.layer.new_channel()
                for loop in (self._listen(), self._keep(), self._refresh()):
                    self._spawn(loop)
            room = self.rooms.get(chat_id)
            if room is None:
                room = self.rooms[chat_id] = Room(chat_id)
                await self._join_group(room)
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
                try:
                    await self._announce(room, 0)
                    await self.layer.group_discard(group_name(chat_id), self.channel)
                except Exception as error:
                    # The entry expires with the group (or stays harmlessly: nobody here reads it).
                    self._trouble(error)
                return
        self._schedule_announce(room)

    def participants(self, chat_id: int) -> int:
        room = self.rooms.get(chat_id)
        if room is None:
            return 0
        return max(room.total(), room.local_count)

    # The layer: joining, listening, and riding out its trouble ------------------------

    async def _join_group(self, room: Room) -> bool:
        try:
            await self.layer.group_add(group_name(room.chat_id), self.channel)
        except Exception as error:
            room.joined = False
            self._trouble(error)
            return False
        room.joined = True
        return True

    def _trouble(self, error: Exception) -> None:
        """The layer failed: log the first failure of an outage only, and have the keeper retry soon."""
        self.last_trouble = f"{error.__class__.__name__}: {error}"
        if self.trouble_since is None:
            self.trouble_since = time.monotonic()
            self.outages += 1
            log.warning(
                "Chat hub lost the channel layer (%s); live delivery is paused and retried with backoff, "
                "readers catch up by sequence number", self.last_trouble,
            )
        self.wake.set()

    async def _recovered(self) -> None:
        since, self.trouble_since = self.trouble_since, None
        if since is None:
            return
        sent = await send_unsent(self.layer)
        log.warning(
            "Chat hub has the channel layer back after %.1f s: %d chats re-joined, %d broadcasts sent late",
            time.monotonic() - since, len(self.rooms), sent,
        )
        for room in list(self.rooms.values()):
            room.announced = -1
            self._schedule_announce(room)

    async def rejoin_all(self) -> bool:
        """Join every room's group again (a group entry is refreshed, a lost one restored); True if all worked.

        With no rooms the layer is still asked something (leaving a group nobody is in), so a hub
        never declares the layer back without having heard from it.
        """
        rooms = list(self.rooms.values())
        if not rooms:
            try:
                await self.layer.group_discard(PROBE_GROUP, self.channel)
            except Exception as error:
                self._trouble(error)
                return False
        for room in rooms:
            if not await self._join_group(room):
                return False
        self.last_joined = time.monotonic()
        self.rejoins += 1
        await self._recovered()
        return True

    async def _keep(self) -> None:
        """Re-join on a timer well inside the group expiry, and every few seconds (with jitter) while in trouble."""
        attempt = 0
        while True:
            if self.trouble_since is None:
                self.wake.clear()
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=self.rejoin_every)
                except TimeoutError:
                    pass
                attempt = 0
            if self.trouble_since is not None:
                await asyncio.sleep(backoff(attempt))
            attempt = 0 if await self.rejoin_all() else attempt + 1

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._trouble(error)
                await asyncio.sleep(backoff(attempt))
                attempt += 1
                continue
            attempt = 0
            try:
                await self._dispatch(message)
            except Exception:
                log.exception("Chat hub could not deliver a message")

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Chat hub task failed", exc_info=task.exception())

    # Delivering ---------------------------------------------------------------------

    async def _dispatch(self, message: dict) -> None:
        room = self.rooms.get(message.get("chat"))
        if room is None:
            return
        if message["type"] == "chat.event":
            await self._deliver(room.readers["everyone"], message["everyone"])
            await self._deliver(room.readers["team"], message["team"])
        elif message["type"] == "chat.recheck":
            self._recheck(room, set(message["users"]), message.get("team", False), set(message.get("sessions", ())))
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

        Under daphne the frame's bytes are made once and written to each connection
        (chat.transport.write_frame); elsewhere each socket gets it through its ASGI send.

        Every DELIVERY_BATCH sockets the hub yields to the event loop, so the server
        (daphne's reactor) writes the first readers' frames to the network while the
        hub hands out the rest, instead of after the last one. A socket with more than
        CHAT_SOCKET_BUFFER_BYTES still unwritten is dropped and closed instead.
        """
        frame = {"type": "websocket.send", "text": text}
        wire = text_frame(text)
        limit = settings.CHAT_SOCKET_BUFFER_BYTES
        for position, (socket, send) in enumerate(tuple(readers.items()), 1):
            waiting = pending_bytes(send)
            if waiting is not None and waiting > limit:
                readers.pop(socket, None)
                self.dropped_behind += 1
                self._spawn(socket.close_for(CLOSE_TOO_FAR_BEHIND))
                continue
            try:
                if not write_frame(send, wire):
                    await send(frame)
            except Exception:
                log.warning("Dropping a chat socket that could not be written to", exc_info=True)
                readers.pop(socket, None)
            if position % DELIVERY_BATCH == 0:
                await asyncio.sleep(0)

    def _recheck(self, room: Room, user_ids: set, team: bool, sessions: set) -> None:
        """Have these readers' sockets (and the team's) re-read what their reader may do (chat.recheck);
        close at once the sockets of sessions that have just ended."""
        for audience, readers in room.readers.items():
            for socket in tuple(readers):
                if sessions and socket.session_key in sessions:
                    readers.pop(socket, None)
                    self._spawn(socket.close_for(CLOSE_SIGNED_OUT))
                elif socket.reader_id in user_ids or (team and audience == "team"):
                    self._spawn(socket.recheck())

    # Presence -----------------------------------------------------------------------

    def _schedule_announce(self, room: Room) -> None:
        if room.announce_handle is None:
            loop = asyncio.get_running_loop()
            room.announce_handle = loop.call_later(PRESENCE_DELAY, self._announce_soon, room)

    def _announce_soon(self, room: Room) -> None:
        room.announce_handle = None
        if self.rooms.get(room.chat_id) is room:
            self._spawn(self._announce_safely(room))

    async def _announce_safely(self, room: Room) -> None:
        try:
            await self._announce(room, room.local_count)
        except Exception as error:
            room.announced = -1
            self._trouble(error)

    async def _announce(self, room: Room, count: int) -> None:
        if count == room.announced:
            return
        room.announced = count
        await self.layer.group_send(
            group_name(room.chat_id),
            {"type": "chat.presence", "chat": room.chat_id, "process": self.channel, "count": count},
        )

    async def _refresh(self) -> None:
        """Re-announce now and then, so other processes do not expire this one's count; outlives any failure."""
        while True:
            await asyncio.sleep(PRESENCE_REFRESH)
            for room in list(self.rooms.values()):
                room.announced = -1
                await self._announce_safely(room)

    # Health ---------------------------------------------------------------------------

    def health(self) -> dict:
        now = time.monotonic()
        return {
            "chats": len(self.rooms),
            "sockets": sum(room.local_count for room in self.rooms.values()),
            "joined": sum(room.joined for room in self.rooms.values()),
            "layer_down_seconds": round(now - self.trouble_since, 1) if self.trouble_since is not None else None,
            "last_trouble": self.last_trouble,
            "outages": self.outages,
            "rejoin_every_seconds": self.rejoin_every,
            "last_rejoin_seconds": round(now - self.last_joined, 1) if self.last_joined is not None else None,
            "rejoins": self.rejoins,
            "dropped_too_far_behind": self.dropped_behind,
        }


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ChatHub] = weakref.WeakKeyDictionary()


def hub() -> ChatHub:
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = ChatHub()
    return found


def hub_health() -> Health:
    """For /healthz: every chat hub in this process holds its chats' groups, or says since when it cannot."""
    hubs = [found.health() for loop, found in list(_hubs.items()) if not loop.is_closed()]
    # Sockets holding a place in the connect queue: after a storm this falls back to the few connecting now.
    detail = {"hubs": hubs, "broadcasts_waiting": len(UNSENT), "connects_waiting": CONNECTS.waiting}
    if not hubs:
        return Health(True, "ok: no chat sockets in this process", detail)
    down = [found for found in hubs if found["layer_down_seconds"] is not None]
    if down:
        return Health(False, f"down: chat hub without the channel layer for {down[0]['layer_down_seconds']} s "
                             f"({down[0]['last_trouble']})", detail)
    chats = sum(found["chats"] for found in hubs)
    unjoined = chats - sum(found["joined"] for found in hubs)
    if unjoined:
        return Health(False, f"down: {unjoined} of {chats} chats not joined", detail)
    return Health(True, f"ok: {chats} chats joined, {sum(found['sockets'] for found in hubs)} sockets", detail)
