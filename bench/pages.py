"""Pages at the speed of the stack: each page's throughput against a hello-world Django view, same run.

    .venv/bin/python bench/pages.py                      # every page, 10 s each, 20 connections
    .venv/bin/python bench/pages.py --seconds 5 --only home,network
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py   # on PostgreSQL (a database it may empty)

What a bulletin announcing a minister's chat sends to the site: thousands of members opening the home
page, their network, the chat page. This measures those pages as one server process serves them in
production (production settings, DEBUG off, daphne), against the floor of the same stack: a
hello-world Django view on daphne, started in the same run.

1. It builds a database of its own (a SQLite file in a temporary folder unless DATABASE_URL is set):
   migrations, the demo data (`load_demo`), the 2,000-post thread in the Health Network and a
   network of 10,000 threads (bench/corpus.py, as bench/discussions.py uses), and a signed-in
   session for the demo member Aisha (member@example.org).
2. It starts the project's server and the hello-world server (bench/hello_world.py), each one daphne
   process on a free port of 127.0.0.1.
   The site uses Redis for its cache, as production does (a throwaway redis-server on a free
   port, stopped at the end; `--no-redis` runs without, on the file cache production falls back to).
3. For each page, anonymous and signed in, wrk keeps 20 connections busy for --seconds and reports
   requests per second and the latency distribution; every response must be a 200 (a page that
   answers anything else fails the run). Queries per page are counted in a child process with
   Django's test client against the same database and cache: `queries` as the measured requests
   make them (the page's shared parts kept), `queries_cold` from an empty cache.
4. The CPU time each server process spends per request (`cpu_ms`, from /proc) is measured over the
   same wrk run. A single server process is CPU-bound at 20 connections, so on an idle machine
   `cpu_ratio` (page cpu_ms / hello-world cpu_ms) and `ratio` agree; on a busy machine throughput
   swings with what else runs, while CPU per request moves much less, so `cpu_ratio` is the figure
   to compare work in progress by. The targets are judged on `ratio`, on an idle machine.

The last line printed is one JSON object: `hello_rps` (and `hello_cpu_ms`), and per page `rps`,
`p50_ms`, `p99_ms`, `queries`, `queries_cold`, `ratio`, `cpu_ms` and `cpu_ratio`, each page's
`target` and whether it is `met`, and `targets_met`. The machine's load average when the run
started is in it too (`machine_idle` is false when the 1-minute load was above a quarter of the
cores): run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path, where bench/discussions.py would shadow the
# project's app of the same name.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DAPHNE = str(Path(sys.executable).with_name("daphne"))
SETTINGS = "networksite.settings.production"
# As production runs it (deploy/systemd): behind nginx, which sets the client's address.
DAPHNE_ARGS = ["--proxy-headers", "--no-server-name"]
MEMBER = "member@example.org"
ANONYMOUS_TARGET = 3.0
SIGNED_IN_TARGET = 5.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on port {port}")


def server_environment(database_url: str, port: int, workdir: Path, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        SECRET_KEY="bench-pages-not-a-secret-" + "x" * 40,
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        PYTHONPATH=str(ROOT),
        VAR_DIR=str(workdir / "var"),
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


# 1. The database -----------------------------------------------------------------------------------


def prepare(workdir: Path) -> dict:
    """Run in a child process with the server's settings: fill the database, return what to visit."""
    import random

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    # The demo's bulletins and notifications are "sent" while it loads: not to an SMTP server.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", stdout=open(os.devnull, "w"))

    from bench.corpus import build_thread, build_threads, make_authors
    from chat.models import LiveChatPage
    from commissions.models import CommissionPage, Submission
    from networks import caching
    from networks.models import NetworkArticlePage, NetworkIndexPage, NetworkPage

    rng = random.Random(2026)
    from wagtail.models import Locale

    health = NetworkPage.objects.get(slug="health", locale=Locale.get_default())  # the demo has a Welsh one too
    with caching.bulk():  # bulk inserts, which bypass the models' own cache bumps
        authors = make_authors(health, 200)
        thread, _ = build_thread(health, authors, rng, posts=2_000, title="GP access in rural areas: two thousand voices")
        crowded = NetworkPage(
            title="Crowded Network",
            slug="crowded",
            summary="A network with ten thousand threads, for the benchmark.",
            visibility=NetworkPage.Visibility.PUBLIC,
        )
        NetworkIndexPage.objects.first().add_child(instance=crowded)
        build_threads(crowded, make_authors(crowded, 50, prefix="crowd"), rng, count=10_000)
    member = get_user_model().objects.get(email=MEMBER)
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()

    article = NetworkArticlePage.objects.live().descendant_of(health).order_by("path").first()
    chat = LiveChatPage.objects.live().descendant_of(health).order_by("path").first()
    commission = CommissionPage.objects.live().order_by("path").first()
    submission = Submission.objects.filter(submitter=member).order_by("pk").first()
    pages = {
        "home": ("/", True),
        "network": (health.url, True),
        "article": (article.url, True),
        "thread_list": (f"/networks/{crowded.slug}/threads/", True),
        "thread_page": (thread.get_absolute_url(), True),
        "thread_last_page": (thread.get_absolute_url() + "?page=last", True),
        "commission": (commission.url, True),
        "chat": (chat.url, True),
        # A tracking page is for the submitter, their unit and the commission: not for visitors.
        "submission": (submission.get_absolute_url(), False),
        "search": ("/discussions/search/?q=surgery+waiting", True),
    }
    return {"pages": pages, "session": session.session_key, "cookie": settings.SESSION_COOKIE_NAME}


def count_queries(url: str, session_key: str | None) -> tuple[int, int]:
    """(queries with what a running server keeps, queries from an empty cache) for one page."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    counts = []
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code} in process")
        counts.append(len(captured))
    return counts[1], counts[0]


# 2. The servers ------------------------------------------------------------------------------------


class Servers:
    """Processes this run started; all stopped by their own pid on exit."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if self.redis_port:
            subprocess.run(["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"], capture_output=True, timeout=10)
            self.redis_port = None

    redis_port: int | None = None

    def start_redis(self) -> str:
        """A throwaway redis-server for the site's cache, as production has (stopped with the servers)."""
        if shutil.which("redis-server") is None:
            sys.exit("redis-server is needed (apt-get install -y redis-server), or run with --no-redis")
        port = free_port()
        subprocess.run(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", ""], check=True
        )
        self.redis_port = port
        wait_for_http(port, time.monotonic() + 10)
        return f"redis://127.0.0.1:{port}/0"


def cpu_seconds(process: subprocess.Popen) -> float:
    """User and system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# 3. The load ---------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _UNITS[unit], 2)


class NoAnswer(RuntimeError):
    """wrk's run ended before the server answered any request: the run was too short for the page on this machine."""


def wrk(url: str, *, seconds: int, connections: int, headers: list[str]) -> dict:
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "30s"]
    for header in headers:
        args += ["-H", header]
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if errors or socket_errors:
        raise RuntimeError(f"{url}: {(errors or socket_errors).group(0)}\n{output}")
    if rps == 0 or len(latency) < 2:
        raise NoAnswer(f"{url}: no request answered in {seconds} s\n{output}")
    return {"rps": round(rps, 1), "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]), "requests": requests}


def status_of(url: str, headers: list[str]) -> int:
    import urllib.request

    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def measure(url: str, server: subprocess.Popen, *, seconds: int, connections: int, headers: list[str]) -> dict:
    """Warm the page (a few requests, then a short wrk run whose figures are dropped), then load it
    for `seconds` and take the server's CPU time per request over that run."""
    for _ in range(3):
        status = status_of(url, headers)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    try:
        wrk(url, seconds=1, connections=connections, headers=headers)
    except RuntimeError:
        pass  # a loaded machine may answer nothing in a second; the measured run below still must
    before = cpu_seconds(server)
    try:
        figures = wrk(url, seconds=seconds, connections=connections, headers=headers)
    except NoAnswer:
        # 20 requests at once of a page that takes seconds (SQLite's full-text search, a loaded machine):
        # measured again over a run long enough to see them answered.
        seconds = max(4 * seconds, 30)
        log(f"   nothing answered; {url} measured again over {seconds} s")
        before = cpu_seconds(server)
        figures = wrk(url, seconds=seconds, connections=connections, headers=headers)
    figures["cpu_ms"] = round(1000 * (cpu_seconds(server) - before) / figures["requests"], 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk loads each page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    parser.add_argument(
        "--keep", metavar="DIR",
        help="build the SQLite database in DIR and keep it; a later run with the same DIR reuses it "
        "(same code only: after a migration, use a new DIR)",
    )
    parser.add_argument("--no-redis", action="store_true", help="no redis-server: the file cache production falls back to")
    parser.add_argument("--prepare", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", metavar="FILE", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.prepare:  # the child that fills the database
        Path(options.prepare).write_text(json.dumps(prepare(Path(options.prepare).parent)))
        return
    if options.count_queries:  # the child that counts queries
        import django

        django.setup()
        plan = json.loads(Path(options.count_queries).read_text())
        only = set(filter(None, os.environ.get("BENCH_PAGES_ONLY", "").split(",")))
        counts = {
            f"{name}:{who}": count_queries(url, plan["session"] if who == "signed_in" else None)
            for name, (url, public) in plan["pages"].items()
            if not only or name in only
            for who in (["anonymous", "signed_in"] if public else ["signed_in"])
        }
        print(json.dumps(counts))
        return

    if not shutil.which("wrk"):
        sys.exit("wrk is needed (apt-get install -y wrk)")
    load_average = os.getloadavg()
    workdir = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="bench-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    port, hello_port = free_port(), free_port()
    servers = Servers()
    try:
        redis_url = "" if options.no_redis else servers.start_redis()
        env = server_environment(database_url, port, workdir, redis_url)
        env["STATIC_ROOT"] = str(workdir / "static")
        env["BENCH_PAGES_ONLY"] = options.only
        log(f"== building the database ({database_url.split('@')[-1]})")
        started = time.monotonic()
        plan_file = workdir / "plan.json"
        if not (options.keep and plan_file.exists()):
            subprocess.run([PYTHON, __file__, "--prepare", str(plan_file)], env=env, cwd=ROOT, check=True)
        plan = json.loads(plan_file.read_text())
        build_s = round(time.monotonic() - started, 1)
        log(f"   built in {build_s} s; counting queries")
        counted = subprocess.run(
            [PYTHON, __file__, "--count-queries", str(plan_file)], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True,
        )
        queries = json.loads(counted.stdout.strip().splitlines()[-1])

        site = servers.start([DAPHNE, *DAPHNE_ARGS, "-b", "127.0.0.1", "-p", str(port), "networksite.asgi:application"],
                             env, workdir / "site.log")
        hello_env = dict(os.environ, DJANGO_SETTINGS_MODULE="hello_world", PYTHONPATH=str(ROOT / "bench"))
        hello_server = servers.start(
            [DAPHNE, *DAPHNE_ARGS, "-b", "127.0.0.1", "-p", str(hello_port), "hello_world:application"], hello_env,
            workdir / "hello.log",
        )
        wait_for_http(port, time.monotonic() + 60)
        wait_for_http(hello_port, time.monotonic() + 60)

        https = "X-Forwarded-Proto: https"
        signed_in = f"Cookie: {plan['cookie']}={plan['session']}"
        hello = measure(f"http://127.0.0.1:{hello_port}/", hello_server, seconds=options.seconds,
                        connections=options.connections, headers=[])
        log(f"   hello-world: {hello['rps']} req/s, p50 {hello['p50_ms']} ms, p99 {hello['p99_ms']} ms, "
            f"{hello['cpu_ms']} ms CPU a request")

        only = {name for name in options.only.split(",") if name}
        results: dict[str, dict] = {}
        for name, (path, public) in plan["pages"].items():
            if only and name not in only:
                continue
            for who, headers in (("anonymous", [https]), ("signed_in", [https, signed_in])):
                if who == "anonymous" and not public:
                    continue
                figures = measure(f"http://127.0.0.1:{port}{path}", site, seconds=options.seconds,
                                  connections=options.connections, headers=headers)
                figures["queries"], figures["queries_cold"] = queries[f"{name}:{who}"]
                figures["ratio"] = round(hello["rps"] / figures["rps"], 2)
                figures["cpu_ratio"] = round(figures["cpu_ms"] / hello["cpu_ms"], 2) if hello["cpu_ms"] else None
                target = ANONYMOUS_TARGET if who == "anonymous" else SIGNED_IN_TARGET
                figures["target"] = target
                figures["met"] = figures["ratio"] <= target
                del figures["requests"]
                results[f"{name}_{who}"] = figures
                log(
                    f"   {name:17} {who:10} {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
                    f"p99 {figures['p99_ms']:7.1f} ms  {figures['queries']:3} queries ({figures['queries_cold']} cold)  "
                    f"{figures['ratio']:5.2f}x  cpu {figures['cpu_ms']:6.2f} ms {figures['cpu_ratio']}x"
                    f"{'' if figures['met'] else '  (target ' + str(target) + 'x missed)'}"
                )
        cpus = os.cpu_count() or 1
        summary = {
            "database": database_url.split(":", 1)[0],
            "cache": "redis" if redis_url else "file",
            "load_average_at_start": [round(x, 2) for x in load_average],
            "machine_idle": load_average[0] <= cpus / 4,
            "cpus": cpus,
            "seconds": options.seconds,
            "connections": options.connections,
            "build_s": build_s,
            "hello_rps": hello["rps"],
            "hello_p50_ms": hello["p50_ms"],
            "hello_p99_ms": hello["p99_ms"],
            "hello_cpu_ms": hello["cpu_ms"],
            "pages": results,
            "targets_met": bool(results) and all(r["met"] for r in results.values()),
        }
        if not summary["machine_idle"]:
            log(f"   load average {load_average[0]:.1f} on {cpus} cores when this started: the throughput ratios are "
                "not idle figures (compare cpu_ratio, or run again on an idle machine)")
        print(json.dumps(summary))
    finally:
        servers.stop()
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
