"""Live chat after a server restart: how long until every reader has resumed?

    nice .venv/bin/python bench/chat_restart.py --clients 2000

Issue 19 item 4's target: after a server restart with 2,000 readers, all resumed
within 3x of the raw server's time, with no failed handshake. This bench measures it:

1. chat: the project's daphne (production settings, SQLite file, one process, as
   bench/chat_fanout.py starts it) on a free port; N signed-in members connect to one
   live chat, each sends `resume` on opening as live.js does, and waits for `hello`
   and `resumed`. The host posts a few messages so every reader has a last seq > 0.
   Then daphne is killed (SIGKILL, or SIGTERM with --signal term) and started again
   on the same port. Every reader reconnects as live.js does (backoff doubling from
   0.5 s to 30 s, each delay between half and all of that; at least 2 s after 4013;
   the attempt count reset when a socket opens), sends `resume` with its last seq,
   and is resumed when both `hello` and `resumed` (without `more`) have arrived.
   A handshake gets OPEN_TIMEOUT seconds; a socket that hears nothing for
   SILENCE_SECONDS before it is resumed is dropped (live.js's heartbeat: 10 s, then
   5 s for the pong) and reconnects.
2. raw, the floor in the same run: chat_fanout.serve_raw (a plain `websockets`
   server) with the same N readers, killed the same way and started again on the
   same port after the same down time the chat had (so the readers are at the same
   point of their backoff when the port opens). A raw reader is back when its
   handshake completes (that server has no hello or resume).

The time measured is from the new server's port being open (its listening socket seen
in /proc/net/tcp, checked every 10 ms) until the last reader is back. Failed handshakes after the port is open are counted
by kind: refused, timeout, reset, http_<status> (daphne answers 403 to a connection
the consumer closed before accepting it, e.g. one skipped after CHAT_HANDSHAKE_SECONDS),
closed (during the handshake), closed_before_hello, silent_before_hello. A 4013
close ("come back later") is counted apart, as busy. Refusals while the server is
down are expected and reported apart.

Every phase has a deadline, and the whole run stops after --max-seconds. The last
line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path, where other benches would shadow the
# project's apps of the same name: move it to the end (chat_fanout stays importable from there).
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.append(sys.path.pop(0))
if str(ROOT / "bench") not in sys.path:
    sys.path.append(str(ROOT / "bench"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import chat_fanout  # noqa: E402
from chat_fanout import (  # noqa: E402
    DAPHNE,
    PYTHON,
    Servers,
    bench_env,
    free_port,
    log,
    percentile,
    prepare_database,
    start_daphne,
    wait_for_port,
)

BUSY_CODES = (4013, 1013)
"""The server's "come back later" (chat.wire.CLOSE_TRY_AGAIN_LATER; 1013 was its code until autobahn was found to refuse it)."""
OPEN_TIMEOUT = 10.0
"""Seconds a client waits for its handshake (daphne gives up on an unaccepted one after 5)."""
SILENCE_SECONDS = 15.0
"""live.js pings after 10 s of silence and drops the socket 5 s later without an answer."""


def backoff(attempt: int) -> float:
    """live.js's backoff(): doubling from 0.5 s up to 30 s, each somewhere between half and all of that."""
    ceiling = min(30.0, 0.5 * 2**attempt)
    return ceiling / 2 + random.random() * ceiling / 2


class Run:
    """What the readers report to: the phase, and per phase the failures and who is back."""

    def __init__(self, clients: int):
        self.clients = clients
        self.phase = "initial"
        self.back: dict[str, dict[int, float]] = {}
        self.failures: dict[str, Counter] = {}
        self.busy: Counter = Counter()
        self.attempts: Counter = Counter()
        self.all_back = asyncio.Event()
        self.stopping = False

    def begin(self, phase: str) -> None:
        self.phase = phase
        self.back.setdefault(phase, {})
        self.failures.setdefault(phase, Counter())
        self.all_back = asyncio.Event()
        if len(self.back[phase]) >= self.clients:
            self.all_back.set()

    def fail(self, phase: str, kind: str) -> None:
        self.failures.setdefault(phase, Counter())[kind] += 1

    def is_back(self, phase: str, index: int) -> None:
        # An attempt begun while the server was down and answered once the restart began is a return
        # after the restart: counted there (it used to stay under "down", so readers came back uncounted).
        if phase == "down" and self.phase == "restart":
            phase = "restart"
        done = self.back.setdefault(phase, {})
        if index not in done:
            done[index] = time.monotonic()
            if phase == self.phase and len(done) >= self.clients:
                self.all_back.set()


class Reader:
    def __init__(self, index: int, url: str, headers: dict, chat: bool, run: Run):
        self.index = index
        self.url = url
        self.headers = headers
        self.chat = chat
        self.run = run
        self.last_seq = 0
        self.attempts = 0
        self.behind = False

    async def live(self, gate: asyncio.Semaphore) -> None:
        """Connect, and reconnect whenever the socket is gone, as live.js does, until the run stops."""
        code = await self.session(gate)
        while not self.run.stopping:
            delay = backoff(self.attempts)
            if code in BUSY_CODES:
                delay = max(delay, 2.0)
            elif code == 4429:
                delay = max(delay, 10.0)
            self.attempts += 1
            await asyncio.sleep(delay)
            if self.run.stopping:
                return
            code = await self.session(None)

    async def session(self, gate: asyncio.Semaphore | None) -> int:
        """One socket's life; returns its close code (1006 when it never opened or just died).

        With `gate` (each reader's first connection), at most 50 readers are connecting at once, as
        chat_fanout connects them; the gate is held until the reader is back or has failed.
        """
        if gate is None:
            return await self._session(None)
        await gate.acquire()
        held = [True]

        def release() -> None:
            if held[0]:
                held[0] = False
                gate.release()

        return await self._session(release)

    async def _session(self, release) -> int:
        phase = self.run.phase
        self.run.attempts[phase] += 1
        try:
            return await self._connection(phase, release)
        finally:
            if release is not None:
                release()

    async def _connection(self, phase: str, release) -> int:
        import websockets
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

        try:
            connection = await websockets.connect(
                self.url, additional_headers=self.headers, open_timeout=OPEN_TIMEOUT, ping_interval=None,
                max_queue=None, close_timeout=1,
            )
        except ConnectionRefusedError:
            self.run.fail(phase, "refused")
            return 1006
        except TimeoutError:
            self.run.fail(phase, "timeout")
            return 1006
        except InvalidStatus as error:
            self.run.fail(phase, f"http_{error.response.status_code}")
            return 1006
        except (InvalidHandshake, ConnectionClosed, EOFError):
            self.run.fail(phase, "closed")
            return 1006
        except OSError:
            self.run.fail(phase, "reset")
            return 1006
        self.attempts = 0  # live.js: onopen
        if not self.chat:
            return await self._back(phase, connection, release)
        hello_seq = None
        resumed = False
        try:
            await connection.send(json.dumps({"type": "resume", "after": self.last_seq}))
            while hello_seq is None or not resumed:
                try:
                    raw = await asyncio.wait_for(connection.recv(), timeout=SILENCE_SECONDS)
                except TimeoutError:
                    self.run.fail(phase, "silent_before_hello" if hello_seq is None else "silent_before_resumed")
                    await connection.close()
                    return 1006
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "hello":
                    hello_seq = frame["seq"]
                elif kind == "event":
                    self.last_seq = max(self.last_seq, frame["seq"])
                elif kind == "resumed":
                    self.last_seq = max(self.last_seq, frame["seq"])
                    if frame.get("more"):
                        await connection.send(json.dumps({"type": "resume", "after": self.last_seq}))
                    else:
                        resumed = True
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else 1006
            if hello_seq is None and code in BUSY_CODES:
                self.run.busy[phase] += 1
            elif hello_seq is None:
                self.run.fail(phase, "closed_before_hello")
            else:
                self.run.fail(phase, "closed_before_resumed")
            return code
        self.behind = self.last_seq < hello_seq
        return await self._back(phase, connection, release)

    async def _back(self, phase: str, connection, release) -> int:
        self.run.is_back(phase, self.index)
        if release is not None:
            release()
        return await self._idle(connection)

    async def _idle(self, connection) -> int:
        """Keep reading (events move the last seq on) until the socket closes."""
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in connection:
                if self.chat and '"event"' in raw:
                    frame = json.loads(raw)
                    if frame.get("type") == "event":
                        self.last_seq = max(self.last_seq, frame["seq"])
        except ConnectionClosed:
            pass
        return connection.close_code or 1006


def listening(port: int) -> bool | None:
    """Whether a socket listens on 127.0.0.1:port, read from /proc/net/tcp (None where there is no such file).

    A TCP connect is no probe for this: once the server listens, a connection storm fills its accept
    backlog, and a probe's SYN is dropped like everyone else's, so the port looks closed for seconds
    after it opened.
    """
    try:
        with open("/proc/net/tcp") as table:
            text = table.read()
    except OSError:
        return None
    return f"0100007F:{port:04X} 00000000:0000 0A" in text


async def probe_port(port: int, deadline: float) -> float | None:
    """The moment the port is listening (checked every 10 ms), or None at the deadline."""
    while time.monotonic() < deadline:
        found = listening(port)
        if found is None:
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout=0.5)
                writer.close()
                found = True
            except (OSError, TimeoutError):
                found = False
        if found:
            return time.monotonic()
        await asyncio.sleep(0.01)
    return None


def connects_waiting(port: int) -> int | None:
    """The restarted server's connect queue as its /healthz tells the operator (None if it cannot be read):
    sockets still holding a place once the storm is over would be places never given back."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as unhealthy:  # 503: the detail is there all the same
        body = json.loads(unhealthy.read() or b"{}")
    except (OSError, ValueError):
        return None
    return body.get("detail", {}).get("chat_hubs", {}).get("connects_waiting")


async def restart_run(
    name: str, clients: int, url: str, headers_of, start_server, stop_server, *, chat: bool, connect_seconds: float,
    resume_seconds: float, down_seconds: float | None, port: int, host: dict | None, messages: int,
) -> dict:
    """Connect every reader, kill the server, start it again on the same port, and time the way back."""
    run = Run(clients)
    run.begin("initial")
    readers = [Reader(i, url, headers_of(i), chat, run) for i in range(clients)]
    gate = asyncio.Semaphore(50)
    started = time.monotonic()
    tasks = [asyncio.create_task(reader.live(gate)) for reader in readers]
    figures: dict = {"clients": clients}
    try:
        try:
            await asyncio.wait_for(run.all_back.wait(), timeout=connect_seconds)
        except TimeoutError:
            pass
        figures["initial_connect_s"] = round(time.monotonic() - started, 2)
        figures["initial_connected"] = len(run.back["initial"])
        log(f"  {name}: {figures['initial_connected']}/{clients} readers in {figures['initial_connect_s']} s")
        if figures["initial_connected"] < clients:
            figures["error"] = "not every reader connected before the deadline; no restart measured"
            return figures

        if chat and host and messages:
            figures["last_seq_before"] = await publish(url, host, messages, readers)

        # The restart.
        run.begin("down")
        killed = time.monotonic()
        stop_server()
        if down_seconds:
            await asyncio.sleep(max(0.0, down_seconds - (time.monotonic() - killed)))
        start_server()
        opened = await probe_port(port, time.monotonic() + 120)
        if opened is None:
            figures["error"] = "the server did not open its port again within 120 s"
            return figures
        run.begin("restart")
        # Anyone back between the port opening and the probe noticing it counts too.
        for index, when in run.back["down"].items():
            run.is_back("restart", index)
            run.back["restart"][index] = when
        try:
            await asyncio.wait_for(run.all_back.wait(), timeout=resume_seconds)
        except TimeoutError:
            pass
        back = run.back["restart"]
        figures["down_s"] = round(opened - killed, 2)
        figures["resumed"] = len(back)
        figures["all_resumed"] = len(back) >= clients
        times = [when - opened for when in back.values()]
        figures["resume_s"] = round(max(times), 2) if len(back) >= clients else None
        figures["first_back_s"] = round(min(times), 2) if times else None
        figures["resume_p50_s"] = round(percentile(times, 50), 2) if times else None
        figures["resume_p95_s"] = round(percentile(times, 95), 2) if times else None
        failures = run.failures.get("restart", Counter())
        figures["failed_handshakes"] = sum(failures.values())
        if chat:
            figures["connects_waiting_at_end"] = await asyncio.to_thread(connects_waiting, port)
        figures["failed_by_kind"] = dict(failures)
        figures["busy_1013"] = run.busy["restart"]
        figures["attempts_after_open"] = run.attempts["restart"]
        figures["refused_while_down"] = run.failures.get("down", Counter())["refused"]
        figures["initial_failed_handshakes"] = sum(run.failures.get("initial", Counter()).values())
        figures["initial_busy_1013"] = run.busy["initial"]
        if chat:
            figures["readers_behind_after_resume"] = sum(1 for r in readers if r.behind)
        # A reader whose loop ended on an error it did not expect stopped trying: a fault of this client,
        # not of the server, and counted so that it is never mistaken for a reader the server kept out.
        crashed = Counter(type(task.exception()).__name__ for task in tasks if task.done() and not task.cancelled() and task.exception())
        figures["readers_stopped_by_client_error"] = dict(crashed)
        log(f"  {name}: down {figures['down_s']} s; {len(back)}/{clients} back; last at "
            f"{figures['resume_s']} s after the port opened; failed {figures['failed_handshakes']} "
            f"{dict(failures)}; 1013 {figures['busy_1013']}")
        return figures
    finally:
        run.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def publish(url: str, host: dict, messages: int, readers: list[Reader]) -> int:
    """The host posts `messages` messages; returns the last seq once every reader has seen it (or 60 s passed)."""
    import websockets

    last = 0
    async with websockets.connect(url, additional_headers=host, ping_interval=None, max_queue=None) as connection:
        await connection.send(json.dumps({"type": "resume", "after": 0}))
        for number in range(messages):
            await connection.send(json.dumps({"type": "submit", "text": f"before the restart {number}",
                                              "client_id": f"restart-bench-{number}"}))
        deadline = time.monotonic() + 60
        stored = 0
        while stored < messages and time.monotonic() < deadline:
            try:
                frame = json.loads(await asyncio.wait_for(connection.recv(), timeout=max(0.1, deadline - time.monotonic())))
            except TimeoutError:
                break
            if frame.get("type") == "event":
                last = max(last, frame["seq"])
                if "before the restart" in json.dumps(frame):
                    stored += 1
        while time.monotonic() < deadline and any(reader.last_seq < last for reader in readers):
            await asyncio.sleep(0.1)
    behind = sum(1 for reader in readers if reader.last_seq < last)
    log(f"  chat: host posted {stored}/{messages} messages, last seq {last}; {behind} readers had not seen it")
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--signal", choices=["kill", "term"], default="kill", help="how the server is stopped")
    parser.add_argument("--messages", type=int, default=3, help="messages the host posts before the restart")
    parser.add_argument("--connect-seconds", type=float, default=300, help="deadline for the first connections")
    parser.add_argument("--resume-seconds", type=float, default=300, help="deadline for every reader to be back")
    parser.add_argument("--max-seconds", type=float, default=1500, help="stop the whole run after this long")
    parser.add_argument("--profile", metavar="DIR",
                        help="run the restarted daphne under cProfile, writing DIR/restarted.prof (the raw floor is skipped)")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.clients * 3 + 1024)), hard))

    def out_of_time(signum, frame):
        raise TimeoutError(f"the run took longer than --max-seconds ({args.max_seconds:.0f} s)")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(args.max_seconds))
    servers = Servers(log_dir=None)
    workdir = Path(tempfile.mkdtemp(prefix="chat-restart-"))
    (workdir / "logs").mkdir()
    servers.log_dir = workdir / "logs"
    load_before = os.getloadavg()
    results: dict = {}

    def stopper(process_box: list):
        def stop() -> None:
            process = process_box[0]
            if args.signal == "kill":
                process.kill()
            else:
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process in servers.processes:
                servers.processes.remove(process)
        return stop

    try:
        log(f"preparing the database and {args.clients} members in {workdir}")
        seeded = prepare_database(workdir, args.clients)
        env = bench_env(workdir)
        app = "networksite.asgi:application"
        ports, processes = start_daphne(servers, app, env, 1)
        port = ports[0]
        box = [processes[0]]
        origin = f"http://127.0.0.1:{port}"

        def start_chat() -> None:
            command = [DAPHNE, "-b", "127.0.0.1", "-p", str(port), app]
            if args.profile:
                servers.profile_dir = args.profile  # stopped with SIGINT from now on, so cProfile writes its file
                command = [PYTHON, "-m", "cProfile", "-o", f"{args.profile}/restarted.prof", *command]
            box[0] = servers.start(command, env)

        url = f"ws://127.0.0.1:{port}/ws/chats/{seeded['chat']}/"
        results["chat"] = asyncio.run(restart_run(
            "chat", args.clients, url, lambda i: {"Origin": origin, "Cookie": seeded["readers"][i]},
            start_chat, stopper(box), chat=True, connect_seconds=args.connect_seconds,
            resume_seconds=args.resume_seconds, down_seconds=None, port=port,
            host={"Origin": origin, "Cookie": seeded["host"]}, messages=args.messages,
        ))
        servers.stop(box[0])
        if args.profile:
            raise SystemExit(json.dumps(results["chat"]))

        raw_port = free_port()
        raw_command = [PYTHON, str(Path(chat_fanout.__file__)), "--serve-raw", str(raw_port)]
        raw_box = [servers.start(raw_command, dict(os.environ))]
        wait_for_port(raw_port, time.monotonic() + 30)

        def start_raw() -> None:
            raw_box[0] = servers.start(raw_command, dict(os.environ))

        results["raw"] = asyncio.run(restart_run(
            "raw", args.clients, f"ws://127.0.0.1:{raw_port}/", lambda i: {}, start_raw, stopper(raw_box),
            chat=False, connect_seconds=args.connect_seconds, resume_seconds=args.resume_seconds,
            down_seconds=results["chat"].get("down_s"), port=raw_port, host=None, messages=0,
        ))
        servers.stop(raw_box[0])
    finally:
        signal.alarm(0)
        servers.stop_all()
        if args.profile:  # the daphne logs go with the profile: what it logged is part of what it spent
            shutil.copytree(workdir / "logs", Path(args.profile) / "logs", dirs_exist_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)

    load_after = os.getloadavg()
    chat, raw = results.get("chat", {}), results.get("raw", {})
    ratio = None
    if chat.get("resume_s") is not None and raw.get("resume_s"):
        ratio = round(chat["resume_s"] / raw["resume_s"], 2)
    failed = chat.get("failed_handshakes")
    summary = {
        "clients": args.clients,
        "signal": args.signal,
        "chat_resume_s": chat.get("resume_s"),
        "raw_resume_s": raw.get("resume_s"),
        "ratio": ratio,
        "failed_handshakes": failed,
        "busy_1013": chat.get("busy_1013"),
        "chat": chat,
        "raw": raw,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
        "targets": {
            "all_resumed": bool(chat.get("all_resumed")),
            "ratio_le_3": ratio is not None and ratio <= 3,
            "no_failed_handshake": failed == 0,
        },
    }
    log("")
    log(f"restart with {args.clients} readers (SIG{args.signal.upper()}), load average {summary['loadavg_before']} "
        f"before, {summary['loadavg_after']} after, {os.cpu_count()} cpus")
    for name, figures in results.items():
        log(f"{name:>5}: down {figures.get('down_s')} s, {figures.get('resumed')}/{args.clients} back, "
            f"first back {figures.get('first_back_s')} s and all back {figures.get('resume_s')} s after the port opened (p50 {figures.get('resume_p50_s')} s, "
            f"p95 {figures.get('resume_p95_s')} s), failed handshakes {figures.get('failed_handshakes')} "
            f"{figures.get('failed_by_kind')}, 1013 {figures.get('busy_1013')}")
    log(f"ratio chat/raw: {ratio}; targets: {summary['targets']}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
