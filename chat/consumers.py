"""The live chat WebSocket: parse, validate, call the action, answer.

The consumer holds no rules: every frame goes through `chat.protocol.run_frame`,
whose actions ask `can()` afresh each time. Broadcasts do not pass through here
at all; the process's hub (chat.fanout) writes them to the socket directly.
Nothing a client sends can raise out of `receive`: each problem becomes an
error frame or one of the close codes in docs/chat-protocol.md.
"""

from __future__ import annotations

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils.functional import LazyObject

from chat import actions
from chat.broadcast import encode, encoded_for_audiences, events_after
from chat.fanout import SERVER_SEND, hub
from chat.models import LiveChatPage
from chat.permissions import is_muted
from chat.protocol import MAX_INT, FrameError, run_frame
from chat.wire import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_TOO_MANY_ERRORS,
    COUNTED_ERRORS,
    ERROR_CODES,
    server_frame,
)
from networks.actions import ActionRefused
from networks.permissions import can, forget_roles

log = logging.getLogger(__name__)

RESUME_BATCH = 500
TEAM = "team"
EVERYONE = "everyone"
MAX_ERRORS = 50
"""Invalid frames tolerated on one socket before it is closed: a broken or hostile client stops here."""


class LiveChatConsumer(AsyncWebsocketConsumer):
    chat: LiveChatPage | None = None
    audience = EVERYONE
    disconnected = False
    you: dict | None = None
    # No channel-layer channel per socket: nothing is ever sent to one socket through
    # the layer, and the process's hub holds the only subscription (an alias that is
    # not configured gives Channels no layer for the consumer).
    channel_layer_alias = "chat-sockets-use-the-hub"

    async def connect(self) -> None:
        self.errors = 0
        self.user = self.scope["user"]
        chat_id = self.scope["url_route"]["kwargs"]["chat_id"]
        found = await database_sync_to_async(self._load)(chat_id)
        if found is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if found is False:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.chat, hello = found
        await self.accept()
        await hub().join(self.chat.pk, self, self.audience, self.scope.get(SERVER_SEND, self.base_send))
        hello["participants"] = hub().participants(self.chat.pk)
        await self.send(text_data=encode(hello))

    def _load(self, chat_id: int):
        chat = LiveChatPage.objects.live().filter(pk=chat_id).first()
        if chat is None:
            return None
        user = self.user
        if isinstance(user, LazyObject):
            # Hold the real user: role caches live on it for the socket's lifetime.
            self.user = user = user._wrapped
        if not can(user, "view_chat", chat):
            return False
        state = actions.sync_clock(chat)
        self.you = self._you(chat)
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

    async def recheck(self) -> None:
        """Re-read what this reader may do after a change elsewhere (chat.recheck), and tell them if it changed."""
        if self.chat is None or self.disconnected:
            return
        try:
            you = await database_sync_to_async(self._recheck)()
        except Exception:
            log.exception("Could not recheck a chat reader's roles")
            return
        if self.disconnected:
            return
        if you is None:
            await self.close(code=CLOSE_NOT_FOUND)
        elif you is False:
            await self.close(code=CLOSE_FORBIDDEN)
        else:
            await self.regroup()
            if you != self.you:
                self.you = you
                await self.send(text_data=encode(server_frame("you", you=you)))

    def _recheck(self):
        allowed = self._may_still_read()
        return self._you(self.chat) if allowed else allowed

    def _may_still_read(self) -> bool | None:
        """Re-read the chat and the reader's roles: None when the chat is gone, else whether they may still read it."""
        if not self._reload():
            return None
        return can(self.user, "view_chat", self.chat)

    async def disconnect(self, code) -> None:
        self.disconnected = True
        if self.chat is not None:
            await hub().leave(self.chat.pk, self)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if self.chat is None:
            return
        if text_data is None:
            await self.error("binary_frame", "Send frames as JSON text, not binary.")
            return
        if len(text_data.encode()) > settings.CHAT_MAX_FRAME_BYTES:
            await self.error("too_large", f"Frames may be at most {settings.CHAT_MAX_FRAME_BYTES} bytes.")
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: a few thousand nested brackets fit in one small frame.
            await self.error("malformed_json", "That frame is not valid JSON.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.error("invalid_frame", "A frame is a JSON object with a “type”.")
            return
        ref = frame.get("ref") if isinstance(frame.get("ref"), str | int) else None
        kind = frame["type"]
        try:
            if kind == "ping":
                await self.send(text_data=encode(server_frame("pong", ref=ref)))
            elif kind == "resume":
                await self.resume(frame)
            else:
                try:
                    result = await database_sync_to_async(self._run)(frame)
                finally:
                    await self.regroup()
                if result is None:
                    await self.close(code=CLOSE_NOT_FOUND)
                    return
                await self.send(text_data=encode(server_frame("ack", of=kind, ref=ref, **result)))
        except FrameError as problem:
            await self.error(problem.code, problem.message, ref)
        except actions.RateLimited as limited:
            await self.error("rate_limited", limited.message, ref, retry_after=limited.retry_after)
        except ActionRefused as refused:
            await self.error("refused", refused.message, ref)
        except Exception:
            log.exception("Chat frame %r failed", kind)
            await self.error("server_error", "Something went wrong on our side; please try again.", ref)

    def _run(self, frame: dict) -> dict | None:
        """Run a frame against the chat as it is now; None when it has been unpublished or deleted."""
        if not self._reload():
            return None
        return run_frame(self.user, self.chat, frame)

    def _reload(self) -> bool:
        """Read the chat and the reader's roles afresh.

        An editor may move the end time or change the hosts and moderators while
        sockets are open: the next frame acts on the saved page, and a reader who
        joined or left the chat's team starts or stops receiving team events.
        """
        chat = LiveChatPage.objects.live().filter(pk=self.chat.pk).first()
        if chat is None:
            return False
        self.chat = chat
        forget_roles(self.user)
        team = can(self.user, "moderate_chat", chat) or can(self.user, "answer_in_chat", chat)
        self.audience = TEAM if team else EVERYONE
        return True

    async def regroup(self) -> None:
        hub().regroup(self.chat.pk, self, self.audience)

    async def resume(self, frame: dict) -> None:
        """Send every event after `after`, in order, then a `resumed` frame saying where they stopped."""
        after = frame.get("after")
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= MAX_INT:
            raise FrameError("invalid_frame", "“after” must be the last sequence number you saw (0 for none).")
        events, allowed = await database_sync_to_async(self._events_after)(after)
        if allowed is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.regroup()
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        for event in events:
            await self.send(text_data=encoded_for_audiences(event)[self.audience])
        last = events[-1].seq if events else after
        await self.send(text_data=encode(server_frame("resumed", seq=last, more=len(events) == RESUME_BATCH)))

    def _events_after(self, after: int):
        allowed = self._may_still_read()
        return (events_after(self.chat.pk, after, RESUME_BATCH) if allowed else []), allowed

    async def error(self, code: str, message: str, ref=None, **extra) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"{code!r} is not an error code in docs/chat-protocol.md")
        if code in COUNTED_ERRORS:
            self.errors += 1
        await self.send(text_data=encode(server_frame("error", code=code, message=message, ref=ref, **extra)))
        if self.errors >= MAX_ERRORS:
            await self.close(code=CLOSE_TOO_MANY_ERRORS)
