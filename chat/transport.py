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

from functools import partial

CLOSED = 0
"""autobahn's WebSocketProtocol.STATE_CLOSED."""


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
