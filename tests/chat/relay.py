"""Standing between a browser page and the chat server, to lose, hold, reorder or repeat frames.

Playwright's WebSocket routing connects the page's socket to the real server; each frame the server
sends goes through `from_server(message, to_page)`, which decides what the page receives and when.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

ToPage = Callable[[str], None]


def open_through(page, url: str, from_server: Callable[[str, ToPage], None], from_page: Callable[[str], None] | None = None) -> list[ToPage]:
    """Open the chat page with its socket relayed; returns each connection's `to_page` (newest last)."""
    senders: list[ToPage] = []

    def route(socket_route):
        server = socket_route.connect_to_server()
        senders.append(socket_route.send)
        server.on_message(lambda message: from_server(message, socket_route.send))
        if from_page is not None:
            socket_route.on_message(lambda message: (from_page(message), server.send(message)))

    page.route_web_socket(re.compile(r"/ws/chats/"), route)
    page.goto(url)
    expect(page.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    return senders
