"""The hub frames a broadcast once and writes the same bytes to every daphne connection (chat.transport)."""

from __future__ import annotations

import pytest
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from chat.transport import text_frame, write_frame


def parsed(data: bytes) -> tuple[Frame, bool]:
    """The frame as the websockets library reads it on a client (unmasked, as from a server), and
    whether that frame was all the bytes."""
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=False)
    with pytest.raises(StopIteration) as done:
        next(parser)
    return done.value.value, not reader.buffer


@pytest.mark.parametrize("length", [0, 125, 126, 65_535, 65_536, 200_000])
def test_a_broadcast_frame_is_what_a_client_reads_as_the_text_at_every_length(length):
    text = ("Will the minister answer? é—" * 10_000)[:length]
    frame, whole = parsed(text_frame(text))
    assert frame.opcode == Opcode.TEXT and frame.fin and not (frame.rsv1 or frame.rsv2 or frame.rsv3)
    assert frame.data.decode() == text and whole


class Transport:
    def __init__(self):
        self.written = []

    def write(self, data):
        self.written.append(data)


class Protocol:
    """The attributes of daphne's WebSocketProtocol (autobahn's) that write_frame reads."""

    def __init__(self, state=1, compress=None, limit=0):
        self.transport, self.state, self._perMessageCompress, self.maxMessagePayloadSize = Transport(), state, compress, limit

    def handle_reply(self, message):
        raise AssertionError("write_frame never sends through daphne itself")


def daphne_send(protocol):
    from functools import partial

    return partial(Protocol.handle_reply, protocol)


def test_an_open_daphne_socket_gets_the_bytes_written_and_any_other_is_left_to_its_asgi_send():
    wire = text_frame("hello")
    open_socket = Protocol()
    assert write_frame(daphne_send(open_socket), wire) and open_socket.transport.written == [wire]
    for other in (Protocol(state=2), Protocol(state=0), Protocol(compress=object()), Protocol(limit=3)):
        assert not write_frame(daphne_send(other), wire) and other.transport.written == []

    async def another_server(message):
        raise AssertionError("not called by write_frame")

    assert not write_frame(another_server, wire)
