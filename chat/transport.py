"""What the server knows about one socket's connection: how much waits to be written to it, and whether it is gone.

ASGI says nothing about either, so under daphne they are read from the Twisted
protocol behind the server's `send` (daphne hands each application
`functools.partial(server.handle_reply, protocol)`). Under any other server (the
test communicator, another ASGI server) nothing is known: `pending_bytes` is None
and `is_gone` False, and the chat works as before without those two protections.
`tests/chat/test_faults_processes.py` runs real daphne processes, so an upgrade
that moves these attributes fails there rather than silently.
"""

from __future__ import annotations

import struct
from functools import partial

OPEN = 1
CLOSED = 0
"""autobahn's WebSocketProtocol.STATE_OPEN and STATE_CLOSED."""


def protocol_of(send):
    """daphne's WebSocket protocol behind its ASGI `send`, or None under another server."""
    if isinstance(send, partial) and send.args and hasattr(send.args[0], "transport") and hasattr(send.args[0], "state"):
        return send.args[0]
    return None


def pending_bytes(send) -> int | None:
    """Bytes handed to the connection and not yet written to the network (Twisted's write buffer)."""
    protocol = protocol_of(send)
    transport = getattr(protocol, "transport", None)
    if transport is None:
        return None
    buffered = len(getattr(transport, "dataBuffer", b"")) - getattr(transport, "offset", 0)
    return buffered + getattr(transport, "_tempDataLen", 0)


def is_gone(send) -> bool:
    """The client has gone (the connection is closed), so work done for it would be wasted."""
    protocol = protocol_of(send)
    return protocol is not None and (protocol.state == CLOSED or protocol.transport is None)


def text_frame(text: str) -> bytes:
    """`text` as one WebSocket text frame as a server sends it (RFC 6455 5.2: final, unmasked, uncompressed).

    A server's frames carry no mask, so a broadcast's frame is the same bytes for every reader: the
    hub makes it once, where autobahn would frame it again for each socket (`write_frame`).
    """
    payload = text.encode()
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x81, length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, length)
    else:
        header = struct.pack("!BBQ", 0x81, 127, length)
    return header + payload


def write_frame(send, frame: bytes) -> bool:
    """Write a frame from `text_frame` straight to daphne's connection; False if it cannot be done here.

    It cannot when the server is not daphne, the socket is not open (closing, closed), the client
    negotiated compression (each socket then compresses on its own), or the frame is over the size
    the server allows: the caller then sends the text the ASGI way, which handles or refuses each.
    Sending to 1,000 readers this way costs a write each instead of daphne's and autobahn's checks,
    encoding and framing each (docs/performance.md).
    """
    protocol = protocol_of(send)
    if protocol is None or protocol.state != OPEN or protocol.transport is None:
        return False
    if getattr(protocol, "_perMessageCompress", None) is not None:
        return False
    limit = getattr(protocol, "maxMessagePayloadSize", 0)
    if limit and len(frame) > limit:
        return False
    protocol.transport.write(frame)
    return True
