"""docs/chat-protocol.md and the consumer agree: every frame, event kind, error and close code documented is real,
and every real one is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chat import wire
from chat.protocol import FRAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "chat-protocol.md"


def documented(heading: str) -> set[str]:
    """The first column of the table under `heading`, backticks removed."""
    text = DOC.read_text()
    start = re.search(rf"^#+ {re.escape(heading)}\s*$", text, re.M)
    assert start, f"docs/chat-protocol.md has no section “{heading}”"
    section = text[start.end():]
    following = re.search(r"^#+ ", section, re.M)
    section = section[: following.start()] if following else section
    names = set()
    for line in section.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if match:
            names.add(match.group(1))
        elif re.match(r"^\|\s*(\d{4})\s*\|", line):
            names.add(line.split("|")[1].strip())
    return names


@pytest.mark.parametrize(
    "heading,real",
    [
        ("Client → server", set(FRAMES) | set(wire.CONSUMER_FRAMES)),
        ("Server → client", set(wire.SERVER_FRAMES)),
        ("Event kinds", set(wire.EVENT_KINDS)),
        ("Errors", set(wire.ERROR_CODES)),
        ("Close codes", {str(code) for code in wire.CLOSE_CODES}),
    ],
)
def test_the_document_lists_exactly_what_the_consumer_sends_and_accepts(heading, real):
    listed = documented(heading)
    assert listed - real == set(), f"documented under “{heading}” but not real: {sorted(listed - real)}"
    assert real - listed == set(), f"real but not documented under “{heading}”: {sorted(real - listed)}"


def test_a_frame_the_protocol_does_not_list_cannot_be_built():
    with pytest.raises(ValueError):
        wire.server_frame("surprise")


def documented_fields() -> dict[str, set[str]]:
    """Each client frame's field names as the "Client → server" table gives them (before any explanation in brackets)."""
    text = DOC.read_text()
    section = text[text.index("## Client → server"):]
    section = section[: section.index("\n## ", 5)]
    fields = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if match:
            column = re.sub(r"\([^)]*\)", "", match.group(2))
            fields[match.group(1)] = set(re.findall(r"`([a-z_]+)`", column))
    return fields


@pytest.mark.parametrize("frame_type", sorted(FRAMES))
def test_each_client_frame_is_documented_with_exactly_the_fields_it_takes(frame_type):
    """The polls' and "answering now" frames included: a field added in code and not in the document fails here."""
    assert documented_fields()[frame_type] == set(FRAMES[frame_type].fields)


@pytest.mark.parametrize("code", wire.CLOSE_CODES)
def test_every_close_code_is_one_daphne_can_send(code):
    """Daphne closes sockets through autobahn, which raises on a code other than 1000 or 3000-4999:
    such a close never reaches the browser, which sees an abnormal close (1006) and none of its meaning."""
    from autobahn.twisted.websocket import WebSocketServerProtocol

    try:
        WebSocketServerProtocol().sendClose(code=code)
    except Exception as refused:  # past the code check it fails only for want of a connection
        assert "invalid close code" not in str(refused)
