"""The live chat WebSocket: parse, validate, call the action, answer.

The consumer holds no rules: every frame goes through `chat.protocol.run_frame`,
whose actions ask `can()` afresh each time. Broadcasts do not pass through here
at all; the process's hub (chat.fanout) writes them to the socket directly.
Nothing a client sends can raise out of `receive`: each problem becomes an
error frame or one of the close codes in docs/chat-protocol.md.

What a socket may cost is bounded: each has a frame budget (`FrameBudget`),
spent before any database work and faster by refused frames; a connection
whose database work would start after daphne has given up on its handshake is
skipped; and no more than CHAT_CONNECT_QUEUE_LIMIT connections wait for the
database at once, the rest being told to come back later (4013).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from importlib import import_module
from types import SimpleNamespace

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext

from chat import actions
from chat.broadcast import encode, encoded_for_audiences, events_after
from chat.fanout import ARRIVED, CONNECT_TICKET, SERVER_SEND, hub
from chat.models import LiveChatPage
from chat.permissions import is_muted
from chat.protocol import MAX_INT, FrameError, clean_ref, run_frame
from chat.selectors import live_chat
from chat.transport import is_gone
from chat.wire import (
    CLOSE_FORBIDDEN,
    CLOSE_FRAME_BUDGET,
    CLOSE_NOT_FOUND,
    CLOSE_SIGNED_OUT,
    CLOSE_TOO_MANY_ERRORS,
    COUNTED_ERRORS,
    ERROR_CODES,
    server_frame,
)
from networks.actions import ActionRefused
from networks.permissions import can, forget_roles

log = logging.getLogger(__name__)

RESUME_BATCH = 500
READ_FRESH_SECONDS = 1.0
"""A `resume` this soon after the chat and the reader's roles were read uses that reading.

Every reader sends `resume` as soon as `hello` arrives: re-reading the chat, its team and the
reader's roles for it (seven queries) would double a connection's database work, and after a
restart thousands of connections queue for that one thread. Changes within the second still
reach the socket: a removal or a sign-out asks the hubs to recheck at once, and an editor's
change is read by the next frame after the second is out."""
TEAM = "team"
EVERYONE = "everyone"
MAX_ERRORS = 50
"""Invalid frames tolerated on one socket before it is closed: a broken or hostile client stops here."""
COSTLY_ERRORS = COUNTED_ERRORS | {"refused", "rate_limited"}
"""Answers that charge the frame budget CHAT_REFUSED_FRAME_COST instead of 1: refusals run out first."""


class TallyCatchUp:
    """This process's pending `publish_poll_tally` calls: at most one per poll, CHAT_POLL_TALLY_SECONDS after an answer.

    However many answers a process takes in that time, one call publishes them all
    (and finds nothing to do when `answer_poll` already published the last one).
    """

    def __init__(self):
        self.pending: dict[tuple[int, int], asyncio.AbstractEventLoop] = {}
        self.tasks: set[asyncio.Task] = set()

    def soon(self, chat_id: int, poll_id: int) -> None:
        key = (chat_id, poll_id)
        loop = asyncio.get_running_loop()
        waiting = self.pending.get(key)
        if waiting is not None and waiting is loop and not waiting.is_closed():
            return
        self.pending[key] = loop
        loop.call_later(settings.CHAT_POLL_TALLY_SECONDS, self._start, key)

    def _start(self, key: tuple[int, int]) -> None:
        self.pending.pop(key, None)
        task = asyncio.ensure_future(self._publish(*key))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    @staticmethod
    async def _publish(chat_id: int, poll_id: int) -> None:
        try:
            await database_sync_to_async(actions.publish_poll_tally)(chat_id, poll_id)
        except Exception:
            log.exception("Publishing the tally of poll %s in chat %s failed", poll_id, chat_id)


TALLIES = TallyCatchUp()


class SocketEnds(Exception):
    """Raised in a socket's database work when the socket must close with `code` (None: its client has gone)."""

    def __init__(self, code: int | None):
        super().__init__(code)
        self.code = code


class FrameBudget:
    """A token bucket: `burst` frames at once, refilled at `rate` a second; spending may run into debt."""

    def __init__(self, burst: float, rate: float):
        self.burst, self.rate = float(burst), float(rate)
        self.tokens = self.burst
        self.at = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now

    def spend(self) -> bool:
        """Take one token for a frame; False (and nothing taken) when there is none."""
        self._refill()
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def charge(self, tokens: float) -> None:
        self.tokens -= tokens

    def retry_after(self) -> int:
        self._refill()
        return max(1, int((1 - self.tokens) / self.rate + 0.999))


class LiveChatConsumer(AsyncWebsocketConsumer):
    chat: LiveChatPage | None = None
    audience = EVERYONE
    disconnected = False
    you: dict | None = None
    session_key: str | None = None
    server_send = None
    session_checked = 0.0
    language = settings.LANGUAGE_CODE
    # No channel-layer channel per socket: nothing is ever sent to one socket through
    # the layer, and the process's hub holds the only subscription (an alias that is
    # not configured gives Channels no layer for the consumer).
    channel_layer_alias = "chat-sockets-use-the-hub"

    async def connect(self) -> None:
        arrived = self.scope.get(ARRIVED, time.monotonic())
        self.language = self._reader_language()
        self.errors = 0
        self.overruns = 0
        self.budget = FrameBudget(settings.CHAT_FRAME_BURST, settings.CHAT_FRAMES_PER_SECOND)
        self.user = AnonymousUser()
        self.server_send = self.scope.get(SERVER_SEND, self.base_send)
        self.session_key = getattr(self.scope.get("session"), "session_key", None)
        self.session_checked = time.monotonic()
        self.read_at = 0.0
        chat_id = self.scope["url_route"]["kwargs"]["chat_id"]
        found = await database_sync_to_async(self._load)(chat_id, arrived)
        if found is SKIPPED:
            await self.close()
            return
        if found is None or found is False:
            # Accepted first, so the browser sees the close code and stops retrying (docs/chat-protocol.md).
            await self.accept()
            await self.close(code=CLOSE_NOT_FOUND if found is None else CLOSE_FORBIDDEN)
            return
        self.chat, hello = found
        await self.accept()
        await hub().join(self.chat.pk, self, self.audience, self.server_send)
        hello["participants"] = hub().participants(self.chat.pk)
        await self.send(text_data=encode(hello))

    def _reader_language(self) -> str:
        """The language of the page the socket was opened from: the reader's cookie (set by the switcher and
        from their profile), else the browser's Accept-Language, as SiteLocaleMiddleware decides for a page."""
        headers = dict(self.scope.get("headers") or [])
        request = SimpleNamespace(
            COOKIES=self.scope.get("cookies") or {},
            META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
        )
        return translation.get_language_from_request(request)

    def _load(self, chat_id: int, arrived: float):
        ticket = self.scope.get(CONNECT_TICKET)
        if ticket is not None:
            ticket.started()
        if time.monotonic() - arrived > settings.CHAT_HANDSHAKE_SECONDS or is_gone(self.server_send):
            return SKIPPED
        if not 0 < chat_id <= MAX_INT:
            return None
        chat = live_chat(chat_id)
        if chat is None:
            return None
        # The session's user, read as a request would read it (the session middleware gives the session only, so
        # this is part of the one database job a connection costs). Role caches live on it for the socket's life.
        self.user = user = auth.get_user(SimpleNamespace(session=self.scope["session"]))
        if not can(user, "view_chat", chat):
            return False
        state = actions.sync_clock(chat)
        self.you = self._you(chat)
        self.read_at = time.monotonic()
        self.audience = TEAM if self.you["moderate"] or self.you["answer"] else EVERYONE
        hello = server_frame(
            "hello",
            chat=chat.pk,
            seq=state.last_seq,
            format=chat.format,
            **actions.state_payload(chat, state),
            you=self.you,
        )
        return chat, hello

    def _you(self, chat) -> dict:
        """What this reader may do in the chat, as the page shows it (the `you` of hello and you frames)."""
        user = self.user
        return {
            "signed_in": user.is_authenticated,
            "take_part": can(user, "take_part_in_chat", chat),
            "moderate": can(user, "moderate_chat", chat),
            "answer": can(user, "answer_in_chat", chat),
            "run": can(user, "run_chat", chat),
            "muted": is_muted(user, chat),
        }

    @property
    def reader_id(self) -> int | None:
        """The signed-in reader's user id, for the hub's rechecks (None for anonymous visitors)."""
        return getattr(self.user, "pk", None)

    async def close_for(self, code: int) -> None:
        """Close this socket with a documented code, once (the hub calls this for slow readers and ended sessions)."""
        if self.disconnected:
            return
        self.disconnected = True
        if self.chat is not None:
            await hub().leave(self.chat.pk, self)
        try:
            await self.close(code=code)
        except Exception:
            log.debug("Closing a chat socket that had already gone", exc_info=True)

    async def recheck(self) -> None:
        """Re-read what this reader may do after a change elsewhere (chat.recheck), and tell them if it changed."""
        if self.chat is None or self.disconnected:
            return
        try:
            you = await database_sync_to_async(self._recheck)()
        except SocketEnds as ends:
            await self._end(ends)
            return
        except Exception:
            log.exception("Could not recheck a chat reader's roles")
            return
        if self.disconnected:
            return
        await self.regroup()
        if you != self.you:
            self.you = you
            await self.send(text_data=encode(server_frame("you", you=you)))

    def _recheck(self) -> dict:
        self._reload(session=True)
        if not can(self.user, "view_chat", self.chat):
            raise SocketEnds(CLOSE_FORBIDDEN)
        return self._you(self.chat)

    async def _end(self, ends: SocketEnds) -> None:
        if ends.code is None:
            return
        await self.close_for(ends.code)

    async def disconnect(self, code) -> None:
        self.disconnected = True
        if self.chat is not None:
            await hub().leave(self.chat.pk, self)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        # Refusals and errors are written in the reader's language (the frames' `message`).
        with translation.override(self.language):
            await self._receive(text_data)

    async def _receive(self, text_data) -> None:
        if self.chat is None or self.disconnected:
            return
        if not self.budget.spend():
            await self._over_budget()
            return
        self.overruns = 0
        if text_data is None:
            await self.error("binary_frame", gettext("Send frames as JSON text, not binary."))
            return
        if len(text_data.encode("utf-8", "surrogatepass")) > settings.CHAT_MAX_FRAME_BYTES:
            await self.error(
                "too_large", gettext("Frames may be at most %(max)s bytes.") % {"max": settings.CHAT_MAX_FRAME_BYTES}
            )
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: a few thousand nested brackets fit in one small frame.
            await self.error("malformed_json", gettext("That frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.error("invalid_frame", gettext("A frame is a JSON object with a “type”."))
            return
        ref = None
        kind = frame["type"]
        try:
            ref = clean_ref(frame)
            if kind == "ping":
                await self.send(text_data=encode(server_frame("pong", ref=ref)))
            elif kind == "resume":
                await self.resume(frame)
            else:
                try:
                    result = await database_sync_to_async(self._run)(frame)
                finally:
                    await self.regroup()
                await self.send(text_data=encode(server_frame("ack", of=kind, ref=ref, **result)))
                if kind == "answer_poll":
                    TALLIES.soon(self.chat.pk, result["poll"])
        except SocketEnds as ends:
            await self._end(ends)
        except FrameError as problem:
            await self.error(problem.code, problem.message, ref)
        except actions.RateLimited as limited:
            await self.error("rate_limited", limited.message, ref, retry_after=limited.retry_after)
        except ActionRefused as refused:
            await self.error("refused", refused.message, ref)
        except Exception:
            log.exception("Chat frame %r failed", kind[:40])
            await self.error("server_error", gettext("Something went wrong on our side; please try again."), ref)

    async def _over_budget(self) -> None:
        """A frame past the socket's budget: answered without reading it, and counted towards closing."""
        self.overruns += 1
        if self.overruns >= settings.CHAT_FRAME_OVERRUN_LIMIT:
            await self.close_for(CLOSE_FRAME_BUDGET)
            return
        retry_after = self.budget.retry_after()
        await self.send(
            text_data=encode(
                server_frame(
                    "error",
                    code="rate_limited",
                    message=gettext("This connection is sending too fast. Please wait %(seconds)s seconds.") % {"seconds": retry_after},
                    ref=None,
                    retry_after=retry_after,
                )
            )
        )

    def _run(self, frame: dict) -> dict:
        """Run a frame against the chat as it is now."""
        self._reload()
        return run_frame(self.user, self.chat, frame)

    def _reload(self, *, session: bool = False) -> None:
        """Read the chat, the reader's session and roles afresh; raises SocketEnds when the socket must close.

        An editor may move the end time or change the hosts and moderators while
        sockets are open: the next frame acts on the saved page, and a reader who
        joined or left the chat's team starts or stops receiving team events. A
        session that has ended (signed out, password changed, account deactivated)
        closes the socket; it is re-read every CHAT_SESSION_RECHECK_SECONDS, and at
        once when a sign-out asks the hubs to recheck (`session=True`).
        """
        if is_gone(self.server_send):
            raise SocketEnds(None)
        chat = live_chat(self.chat.pk)
        if chat is None:
            raise SocketEnds(CLOSE_NOT_FOUND)
        self.chat = chat
        if session or time.monotonic() - self.session_checked >= settings.CHAT_SESSION_RECHECK_SECONDS:
            if not self._session_still_valid():
                raise SocketEnds(CLOSE_SIGNED_OUT)
        forget_roles(self.user)
        team = can(self.user, "moderate_chat", chat) or can(self.user, "answer_in_chat", chat)
        self.audience = TEAM if team else EVERYONE
        self.read_at = time.monotonic()

    def _session_still_valid(self) -> bool:
        """The session this socket signed in with still signs in the same member, as a new request would find:
        not flushed by a sign-out, its password hash current, the account active."""
        self.session_checked = time.monotonic()
        if not self.user.is_authenticated:
            return True
        if not self.session_key:
            return False
        store = import_module(settings.SESSION_ENGINE).SessionStore(self.session_key)
        found = auth.get_user(SimpleNamespace(session=store))
        return found.is_authenticated and found.pk == self.user.pk

    async def regroup(self) -> None:
        if not self.disconnected:
            hub().regroup(self.chat.pk, self, self.audience)

    async def resume(self, frame: dict) -> None:
        """Send every event after `after` (and before `before`, if given), in order, then `resumed`."""
        after, before = frame.get("after"), frame.get("before")
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= MAX_INT:
            raise FrameError("invalid_frame", gettext("“after” must be the last sequence number you saw (0 for none)."))
        if before is not None and (isinstance(before, bool) or not isinstance(before, int) or not after < before <= MAX_INT):
            raise FrameError("invalid_frame", gettext("“before” must be a sequence number greater than “after”."))
        events = await database_sync_to_async(self._events_after)(after, before)
        await self.regroup()
        for event in events:
            await self.send(text_data=encoded_for_audiences(event)[self.audience])
        last = events[-1].seq if events else after
        await self.send(text_data=encode(server_frame("resumed", seq=last, more=len(events) == RESUME_BATCH)))

    def _events_after(self, after: int, before: int | None):
        now = time.monotonic()
        if now - self.read_at >= READ_FRESH_SECONDS or now - self.session_checked >= settings.CHAT_SESSION_RECHECK_SECONDS:
            self._reload()
        elif is_gone(self.server_send):
            raise SocketEnds(None)
        if not can(self.user, "view_chat", self.chat):
            raise SocketEnds(CLOSE_FORBIDDEN)
        return events_after(self.chat.pk, after, RESUME_BATCH, before)

    async def error(self, code: str, message: str, ref=None, **extra) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"{code!r} is not an error code in docs/chat-protocol.md")
        if code in COUNTED_ERRORS:
            self.errors += 1
        if code in COSTLY_ERRORS:
            self.budget.charge(settings.CHAT_REFUSED_FRAME_COST - 1)
        await self.send(text_data=encode(server_frame("error", code=code, message=message, ref=ref, **extra)))
        if self.errors >= MAX_ERRORS:
            await self.close(code=CLOSE_TOO_MANY_ERRORS)


SKIPPED = object()
"""What `_load` answers for a connection whose client has gone: nothing done, nothing to say."""
