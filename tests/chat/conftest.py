"""Chats in every state, people in every chat role, and a WebSocket client that speaks the protocol."""

from __future__ import annotations

import json

import pytest
from channels.testing import WebsocketCommunicator

from tests.chat.factories import make_chat, session_cookie
from tests.networks import factories


@pytest.fixture
def people(network):
    def person(role, name):
        user = factories.make_user(name=name)
        factories.make_membership(user, network, role)
        return user

    return {
        "member": person("member", "Aisha Member"),
        "other": person("member", "Olu Other"),
        "moderator": person("moderator", "Morgan Moderator"),
        "host": person("host", "Helen Host MP"),
    }


@pytest.fixture
def live_chat(network):
    return make_chat(network)


class ChatSocket:
    """A connected test client: sends frames, reads frames, skipping participant counts."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator

    async def send(self, frame) -> None:
        await self.communicator.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def receive(self, timeout: float = 15) -> dict:
        while True:
            frame = json.loads(await self.communicator.receive_from(timeout))
            if frame["type"] != "participants":
                return frame

    async def receive_until(self, frame_type: str, timeout: float = 15) -> list[dict]:
        frames = []
        while True:
            frame = await self.receive(timeout)
            frames.append(frame)
            if frame["type"] == frame_type:
                return frames

    async def wait_for(self, frame_type: str, kind: str | None = None, timeout: float = 15) -> dict:
        """The next frame of this type (and event kind), passing over others."""
        while True:
            frame = await self.receive(timeout)
            if frame["type"] == frame_type and (kind is None or frame.get("kind") == kind):
                return frame

    async def nothing_more(self) -> bool:
        try:
            while True:
                frame = json.loads(await self.communicator.receive_from(0.3))
                if frame["type"] != "participants":
                    return False
        except Exception:
            return True

    async def close(self) -> None:
        await self.communicator.disconnect()


@pytest.fixture
def connect():
    """Open a chat socket as `user` (None for an anonymous visitor); closes them all at the end."""
    from networksite.asgi import application

    opened = []

    async def open_socket(chat, user=None, expect_hello=True):
        from channels.db import database_sync_to_async

        headers = [(b"origin", b"http://testserver")]
        if user is not None:
            cookie = await database_sync_to_async(session_cookie)(user)
            headers.append((b"cookie", cookie.encode()))
        communicator = WebsocketCommunicator(application, f"/ws/chats/{chat.pk}/", headers=headers)
        # Generous: a connection may wait for the database thread behind others (and a loaded machine is slow).
        connected, code = await communicator.connect(timeout=10)
        socket = ChatSocket(communicator)
        socket.connected, socket.code, socket.closed_with = connected, code, None
        if connected:
            opened.append(socket)
            if expect_hello:
                first = await communicator.receive_output(15)
                if first["type"] == "websocket.close":
                    # Accepted, then closed with a documented code (docs/chat-protocol.md, "Close codes").
                    socket.closed_with = first.get("code")
                else:
                    socket.hello = json.loads(first["text"])
        return socket

    yield open_socket
    # Sockets are closed by each test's own event loop (see close_all).


