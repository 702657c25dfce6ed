"""Chats in every state, people in every chat role, and a WebSocket client that speaks the protocol."""

from __future__ import annotations

import json

import pytest
from channels.testing import WebsocketCommunicator

from tests.chat.factories import make_chat, session_cookie
from tests.chat.sockets import ChatSocket
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


@pytest.fixture
def connect():
    """Open a chat socket as `user` (None for an anonymous visitor); closes them all at the end."""
    from networksite.asgi import application

    opened = []

    async def open_socket(chat, user=None, expect_hello=True, language=None):
        from channels.db import database_sync_to_async

        headers = [(b"origin", b"http://testserver")]
        cookies = [await database_sync_to_async(session_cookie)(user)] if user is not None else []
        if language is not None:
            cookies.append(f"django_language={language}")  # the header switcher's cookie
        if cookies:
            headers.append((b"cookie", "; ".join(cookies).encode()))
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


