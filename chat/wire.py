"""What travels over a chat socket, by name: the tables `docs/chat-protocol.md` documents.

`tests/chat/test_protocol_doc.py` checks the document against these tables in
both directions, and the code builds every frame through them (`server_frame`,
`record_event`, the consumer's `error` and closes), so a frame cannot be sent
without being listed here, nor listed without being documented.
"""

from __future__ import annotations

CONSUMER_FRAMES = ("ping", "resume")
"""Client frames the consumer answers itself; the rest are `chat.protocol.FRAMES`."""

SERVER_FRAMES = ("hello", "you", "event", "resumed", "participants", "ack", "error", "pong")

EVENT_KINDS = (
    "question", "approved", "message", "rejected", "merged", "edited", "answer", "votes", "removed", "pinned", "muted",
    "state", "answering", "poll", "poll_votes", "poll_closed", "hidden",
)

ERROR_CODES = (
    "malformed_json", "invalid_frame", "unknown_type", "too_large", "binary_frame", "refused", "rate_limited",
    "server_error",
)
COUNTED_ERRORS = frozenset({"malformed_json", "invalid_frame", "unknown_type", "too_large", "binary_frame"})
"""Errors that count towards cutting off a broken or hostile client (CLOSE_TOO_MANY_ERRORS)."""

CLOSE_TRY_AGAIN_LATER = 4013
"""The process has too many connections waiting for the database: reconnect after a backoff.

Not RFC 6455's 1013 ("try again later"): daphne's WebSocket library (autobahn) lets a server
close only with 1000 or 3000-4999, and raises on anything else, so a 1013 never left the
server and the client saw an abnormal close instead (found by bench/chat_restart.py)."""
CLOSE_SIGNED_OUT = 4401
"""The socket's session ended: signed out, password changed, account deactivated or suspended."""
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_ERRORS = 4408
CLOSE_TOO_FAR_BEHIND = 4413
"""More than CHAT_SOCKET_BUFFER_BYTES waited to be written to the socket: its reader stopped reading."""
CLOSE_FRAME_BUDGET = 4429
"""The socket kept sending after its frame budget ran out."""
CLOSE_CODES = (
    CLOSE_TRY_AGAIN_LATER, CLOSE_SIGNED_OUT, CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_TOO_MANY_ERRORS,
    CLOSE_TOO_FAR_BEHIND, CLOSE_FRAME_BUDGET,
)
FINAL_CLOSE_CODES = frozenset({CLOSE_SIGNED_OUT, CLOSE_FORBIDDEN, CLOSE_NOT_FOUND})
"""Closes after which reconnecting cannot help: the page says why and stops retrying."""


def server_frame(frame_type: str, **fields) -> dict:
    """A frame for the client; refuses a type the protocol does not list (a programming error)."""
    if frame_type not in SERVER_FRAMES:
        raise ValueError(f"{frame_type!r} is not a server frame in docs/chat-protocol.md")
    return {"type": frame_type, **fields}
