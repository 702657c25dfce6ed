"""Two daphne processes share one chat through Redis: a message sent through A reaches a reader on B, in sequence.

Starts its own redis-server on a free port and two daphne processes with REDIS_URL
set (so the channel layer is channels-redis) sharing one SQLite database file;
all of them are stopped at the end. Without redis-server the test is skipped with
one loud line, unless REQUIRE_REDIS=1 (as in CI), when it fails instead.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.chat.processes import bench as load_bench
from tests.chat.processes import require_redis

pytestmark = pytest.mark.redis


@pytest.fixture
def two_processes():
    require_redis()
    bench = load_bench()
    servers = bench.Servers()
    workdir = Path(tempfile.mkdtemp(prefix="chat-redis-test-"))
    try:
        redis_url = bench.start_redis(servers)
        seeded = bench.prepare_database(workdir, 2)
        ports, processes = bench.start_daphne(servers, "networksite.asgi:application", bench.bench_env(workdir, redis_url), 2)
        yield seeded, ports, processes
    finally:
        servers.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


async def _open(port: int, chat_id: int, cookie: str):
    import websockets

    connection = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/chats/{chat_id}/",
        additional_headers={"Origin": f"http://127.0.0.1:{port}", "Cookie": cookie},
    )
    hello = json.loads(await connection.recv())
    assert hello["type"] == "hello"
    return connection, hello


async def _next(connection, frame_type: str, timeout: float = 30, seen: dict | None = None) -> dict:
    """The next frame of this type; frames of other types are skipped, but the last participant
    count among them is kept in `seen`, so a count announced while waiting for events is not lost."""
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(await asyncio.wait_for(connection.recv(), max(0.1, deadline - time.monotonic())))
        if seen is not None and frame["type"] == "participants":
            seen["count"] = frame["count"]
        if frame["type"] == frame_type:
            return frame


async def test_message_sent_through_process_a_reaches_a_reader_on_process_b_in_sequence(two_processes):
    seeded, (port_a, port_b), processes = two_processes
    assert all(process.poll() is None for process in processes)
    host, _ = await _open(port_a, seeded["chat"], seeded["host"])
    reader, hello = await _open(port_b, seeded["chat"], seeded["readers"][0])
    start = hello["seq"]

    texts = [f"Message {n} through A" for n in range(5)]
    for n, text in enumerate(texts):
        await host.send(json.dumps({"type": "submit", "text": text, "client_id": f"redis-{n}"}))
        await _next(host, "ack")

    received = [await _next(reader, "event") for _ in texts]
    assert [event["seq"] for event in received] == list(range(start + 1, start + 6))
    assert [event["message"]["text"] for event in received] == texts

    # A reader joining process B late resumes from the database: the same events, in the same order.
    late, late_hello = await _open(port_b, seeded["chat"], seeded["readers"][1])
    seen = {"count": late_hello["participants"]}
    await late.send(json.dumps({"type": "resume", "after": start}))
    replayed = [await _next(late, "event", seen=seen) for _ in texts]
    assert [event["seq"] for event in replayed] == [event["seq"] for event in received]
    assert (await _next(late, "resumed", seen=seen))["seq"] == start + 5

    # Both processes count everyone connected to the chat (the count may already be in the hello).
    while seen["count"] != 3:
        await _next(late, "participants", seen=seen)
    for connection in (host, reader, late):
        await connection.close()
