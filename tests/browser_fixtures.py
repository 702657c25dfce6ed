"""Browser tests: Playwright drives the system Chromium against a live daphne server.

The server is daphne itself, run in a thread of the test process, so pages and
WebSockets are served exactly as in production and see the test database
(SQLite's shared in-memory database, or the PostgreSQL test database).

Chromium is found at $CHROMIUM_PATH, else /usr/bin/chromium, else on PATH.
Without one, browser tests are skipped with one loud line; with
REQUIRE_BROWSER=1 (as in CI) a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.browser import session_cookie_for

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_BROWSER = (
    "BROWSER TESTS SKIPPED: no Chromium found. Install one with `apt-get install -y chromium` "
    "or set CHROMIUM_PATH=/path/to/chromium (REQUIRE_BROWSER=1 turns this into a failure)."
)


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"

    def __str__(self) -> str:
        return self.url


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker):
    """One daphne server for the whole session, in a daemon thread (Twisted's reactor runs once per process)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from daphne.server import Server
    from django.conf import settings

    from networksite.asgi import application

    settings.ALLOWED_HOSTS = ["*"]
    port = _free_port()
    server = Server(
        application=application,
        endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="daphne-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        raise RuntimeError("daphne did not start for the browser tests")
    yield LiveServer(port)
    with django_db_blocker.unblock():
        _end_server_database_sessions()


def _end_server_database_sessions() -> None:
    """End the database sessions the server's threads still hold, so the test database can be dropped.

    Those threads are never stopped (Twisted's reactor cannot restart), and on
    PostgreSQL a database with other sessions open cannot be dropped.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(*) {others}")
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)
    connection.close()


@pytest.fixture(scope="session")
def browser_instance():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found. " + MISSING_BROWSER)
        print("\n" + "!" * 20 + " " + MISSING_BROWSER + " " + "!" * 20)
        pytest.skip(MISSING_BROWSER)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(asgi_live_server, transactional_db):
    """The live server, with a database whose writes the server's threads can see."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield asgi_live_server
        return
    with connection.execute_wrapper(_wait_for_the_servers_write):
        yield asgi_live_server


def _wait_for_the_servers_write(execute, sql, params, many, context):
    """Let the test's own queries wait while a server thread is writing, as a file database would.

    The test database is SQLite's shared in-memory database, where a table a
    server thread is writing to answers "database table is locked" at once
    (the busy timeout does not apply to shared-cache locks). A test that reads
    just after the page showed a result can land in the server's next write
    (closing a chat, then telling members their questions were answered):
    it waits for that write to end instead of failing.
    """
    from django.db import OperationalError

    deadline = time.monotonic() + 10
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "is locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@pytest.fixture
def new_page(browser_instance, live):
    """Open a fresh browser context (its own cookies), optionally signed in as `user`."""
    contexts = []

    def open_page(user=None, **context_options):
        """`context_options` go to Playwright's new_context (a time zone, a locale, a viewport)."""
        context = browser_instance.new_context(base_url=live.url, **context_options)
        # Generous: a loaded CI machine can be slow, and waits end as soon as the page is ready.
        context.set_default_timeout(30_000)
        if user is not None:
            context.add_cookies([session_cookie_for(user, live.url)])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


