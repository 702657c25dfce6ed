"""The chat under faults as deployed: two daphne processes, one Redis, and Redis (or a reader) misbehaving.

Starts its own redis-server on a free port and two daphne processes with production settings and REDIS_URL
(the fan-out bench's helpers, as tests/chat/test_redis_scaleout.py), with a short channel-layer group expiry
so a chat room can outlive it within the test. The processes log to files, which the last test reads.
Without redis-server the tests are skipped with one loud line, unless REQUIRE_REDIS=1 (as in CI).

Every wait is a deadline, not a sleep-and-hope: the machine running CI is shared and slow at times. Each test
stands alone (pytest-xdist may run them on different workers, each with its own processes).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.chat.processes import bench as load_bench
from tests.chat.processes import require_redis

pytestmark = pytest.mark.redis

GROUP_EXPIRY = 6
"""Seconds a channel-layer group entry lives unless renewed (production: a day)."""
LIVE_WITHIN = 20
"""Seconds allowed for live delivery to come back after Redis does (a few, on an idle machine)."""
SLOW_READER_BUFFER = 64 * 1024


@pytest.fixture(scope="module")
def cluster():
    require_redis()
    bench = load_bench()
    workdir = Path(tempfile.mkdtemp(prefix="chat-faults-test-"))
    servers = bench.Servers(log_dir=workdir)
    try:
        redis_url = bench.start_redis(servers)
        seeded = bench.prepare_database(workdir, 4)
        env = {
            **bench.bench_env(workdir, redis_url),
            "LOG_LEVEL": "WARNING",
            "CHANNEL_GROUP_EXPIRY": str(GROUP_EXPIRY),
            "CHAT_SOCKET_BUFFER_BYTES": str(SLOW_READER_BUFFER),
            # The slow-reader test sends large messages quickly through the host's socket.
            "CHAT_FRAME_BURST": "100000",
            "CHAT_MAX_TEXT_CHARS": "60000",
            "CHAT_MAX_FRAME_BYTES": "200000",
        }
        ports, processes = bench.start_daphne(servers, "networksite.asgi:application", env, 2)
        yield Cluster(bench, servers, seeded, ports, processes)
    finally:
        servers.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


class Cluster:
    def __init__(self, bench, servers, seeded, ports, processes):
        self.bench, self.servers, self.seeded, self.ports, self.processes = bench, servers, seeded, ports, processes
        self.sent = 0

    def stop_redis(self):
        self.servers.stop_redis()

    def start_redis(self):
        self.bench.start_redis(self.servers, self.servers.redis_port)

    def health(self, port: int) -> dict:
        """/healthz from this machine (so with each check's detail); 503 is expected: no scheduler runs here."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            return json.loads(error.read())

    async def open(self, port: int, cookie: str):
        import websockets

        connection = await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/chats/{self.seeded['chat']}/",
            additional_headers={"Origin": f"http://127.0.0.1:{port}", "Cookie": cookie},
            open_timeout=30,
        )
        hello = json.loads(await asyncio.wait_for(connection.recv(), 30))
        assert hello["type"] == "hello", hello
        return connection

    async def post(self, host, text: str) -> dict:
        """The host posts a message and waits for its acknowledgement (or error)."""
        self.sent += 1
        await host.send(json.dumps({"type": "submit", "text": text, "client_id": f"faults-{self.sent}"}))
        return await next_frame(host, {"ack", "error"})


async def next_frame(connection, types: set[str], timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(await asyncio.wait_for(connection.recv(), max(0.1, deadline - time.monotonic())))
        if frame["type"] in types:
            return frame


async def live_event(connection, timeout: float) -> dict | None:
    """The next event received without asking (a reader that never sends `resume` gets events only live)."""
    try:
        return await next_frame(connection, {"event"}, timeout)
    except TimeoutError:
        return None


async def until_live_again(cluster, host, reader, label: str) -> float:
    """The host posts every second until the reader receives one of those posts live; seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < LIVE_WITHIN:
        await cluster.post(host, f"{label} {cluster.sent}")
        event = await live_event(reader, 1.0)
        while event is not None:
            if event.get("kind") == "message" and event["message"]["text"].startswith(label):
                return time.monotonic() - started
            event = await live_event(reader, 0.2)
    pytest.fail(f"no live delivery within {LIVE_WITHIN} s: {label}")


async def host_on_a_reader_on_b(cluster, text: str):
    """The host connected to process A, a reader to process B, and a first message seen live across them."""
    port_a, port_b = cluster.ports
    host = await cluster.open(port_a, cluster.seeded["host"])
    reader = await cluster.open(port_b, cluster.seeded["readers"][0])
    assert (await cluster.post(host, text))["type"] == "ack"
    assert (await live_event(reader, 30))["message"]["text"] == text
    return host, reader


def outage_lines(cluster) -> list[tuple[int, int]]:
    """Per process, how many times its log says the hub lost the channel layer, and got it back."""
    logs = [cluster.servers.log_of(process) for process in cluster.processes]
    return [(log.count("Chat hub lost the channel layer"), log.count("Chat hub has the channel layer back")) for log in logs]


async def logged_one_outage_each(cluster, before: list[tuple[int, int]]) -> None:
    """Redis went away once: each process says so once and says once that it is back; no retry storm, no stray
    task errors, no idle timeouts (redis-py's read timeout meeting channels-redis' blocking pop)."""
    deadline = time.monotonic() + 30
    while [back for _, back in outage_lines(cluster)] != [back + 1 for _, back in before]:
        assert time.monotonic() < deadline, f"each process should log it has Redis back once: {outage_lines(cluster)}"
        await asyncio.sleep(0.5)
    assert [lost for lost, _ in outage_lines(cluster)] == [lost + 1 for lost, _ in before]
    for process in cluster.processes:
        log = cluster.servers.log_of(process)
        assert "Task exception was never retrieved" not in log
        assert "Chat hub could not deliver" not in log
        assert "TimeoutError" not in log


async def until_health(cluster, port: int, start: str, failure: str) -> None:
    deadline = time.monotonic() + 30
    while not (await asyncio.to_thread(cluster.health, port))["chat_hubs"].startswith(start):
        assert time.monotonic() < deadline, failure
        await asyncio.sleep(0.5)


async def test_a_chat_room_outlives_its_channel_layer_groups_expiry(cluster):
    port_a, port_b = cluster.ports
    host, reader = await host_on_a_reader_on_b(cluster, "Before the expiry")

    await asyncio.sleep(2 * GROUP_EXPIRY + 1)  # each hub's group entry would have expired twice over
    assert (await cluster.post(host, "Long after the expiry"))["type"] == "ack"
    event = await live_event(reader, 15)
    assert event is not None and event["message"]["text"] == "Long after the expiry"
    hubs = cluster.health(port_b)["detail"]["chat_hubs"]["hubs"]
    assert hubs[0]["rejoin_every_seconds"] == GROUP_EXPIRY / 4 and hubs[0]["rejoins"] >= 4
    await host.close()
    await reader.close()


async def test_live_delivery_returns_by_itself_after_redis_restarts(cluster):
    port_a, port_b = cluster.ports
    host, reader = await host_on_a_reader_on_b(cluster, "Before the restart")
    before = outage_lines(cluster)

    cluster.stop_redis()
    # A message sent while Redis is down is stored and acknowledged as stored, not reported as a failure.
    during = await cluster.post(host, "While Redis is down")
    assert during["type"] == "ack" and during["message"]["text"] == "While Redis is down"
    await until_health(cluster, port_b, "down", "/healthz never said the hub had lost Redis")

    cluster.start_redis()
    took = await until_live_again(cluster, host, reader, "After the restart")
    print(f"\nlive delivery back {took:.1f} s after Redis restarted")
    await until_health(cluster, port_b, "ok", "/healthz never said the hub had Redis back")
    await logged_one_outage_each(cluster, before)
    await host.close()
    await reader.close()


async def test_a_reader_arriving_while_redis_is_down_is_served_and_joined_when_it_returns(cluster):
    port_a, port_b = cluster.ports
    deadline = time.monotonic() + 30
    while any(hub["chats"] for hub in cluster.health(port_b)["detail"]["chat_hubs"]["hubs"]):
        assert time.monotonic() < deadline, "process B still holds the chat from an earlier test"
        await asyncio.sleep(0.5)
    host = await cluster.open(port_a, cluster.seeded["host"])
    before = outage_lines(cluster)

    cluster.stop_redis()
    reader = await cluster.open(port_b, cluster.seeded["readers"][1])  # the first socket for the chat on B
    cluster.start_redis()
    took = await until_live_again(cluster, host, reader, "Joined late")
    print(f"\nthe reader who arrived during the outage was live {took:.1f} s after Redis returned")
    await logged_one_outage_each(cluster, before)
    await host.close()
    await reader.close()


def _slow_reader(port: int, chat_id: int, cookie: str) -> socket.socket:
    """A client that opens the chat and never reads: its receive window stays tiny and full."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", port))
    raw.sendall(
        (
            f"GET /ws/chats/{chat_id}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
        ).encode()
    )
    head = b""
    raw.settimeout(30)
    while b"\r\n\r\n" not in head:
        head += raw.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return raw


async def test_a_reader_who_stops_reading_is_dropped_and_nobody_else_waits(cluster):
    port_a, port_b = cluster.ports
    host = await cluster.open(port_a, cluster.seeded["host"])
    reader = await cluster.open(port_b, cluster.seeded["readers"][2])
    slow = _slow_reader(port_b, cluster.seeded["chat"], cluster.seeded["readers"][3])
    dropped_before = cluster.health(port_b)["detail"]["chat_hubs"]["hubs"][0]["dropped_too_far_behind"]

    received = []

    async def read_all():
        while True:
            frame = await next_frame(reader, {"event"}, 60)
            if frame.get("kind") == "message" and frame["message"]["text"].startswith("Bulk"):
                received.append(frame["seq"])

    reading = asyncio.create_task(read_all())
    body = "x" * 50_000
    count = 200  # 10 MB: more than the kernel buffers on both ends hold for the slow reader
    for n in range(count):
        assert (await cluster.post(host, f"Bulk {n} {body}"))["type"] == "ack"
    deadline = time.monotonic() + 60
    while len(received) < count:
        assert time.monotonic() < deadline, f"the reader that reads got {len(received)} of {count}"
        await asyncio.sleep(0.2)
    reading.cancel()
    assert received == list(range(received[0], received[0] + count)), "everyone else kept up, in order"
    hubs = cluster.health(port_b)["detail"]["chat_hubs"]["hubs"]
    assert hubs[0]["dropped_too_far_behind"] == dropped_before + 1

    # The server stopped writing to the slow reader and closed (or reset) the connection: reading ends.
    slow.settimeout(60)
    drained = 0
    try:
        while chunk := slow.recv(1 << 20):
            drained += len(chunk)
    except ConnectionResetError:
        pass
    assert drained < count * len(body), "the server buffered the whole stream for a reader that was gone"
    slow.close()
    await host.close()
    await reader.close()
