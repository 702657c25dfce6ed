"""`make demo`'s own process set (Procfile.dev, started with `make serve`): the web server, the
task worker and the scheduler run together, and one Ctrl-C stops them all.

A member replies to a thread over HTTP; the worker sends the author's notification email
(found on the demo outbox page) and indexes the reply (its words found by search); the
scheduler's tick shows in /healthz. Then SIGINT goes to the whole process group, as a
terminal's Ctrl-C does, and every process the demo started must be gone.

The processes use the test database: a copy of it on SQLite (the in-memory test database
is written to a file), the test database itself on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import psutil
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from discussions.actions import start_thread
from tests.networks import factories

ROOT = Path(__file__).resolve().parents[2]
UNIQUE_WORD = "zygomorphic"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_subprocesses(tmp_path: Path) -> str:
    """A DATABASE_URL other processes can open that holds what this test wrote."""
    if connection.vendor == "sqlite":
        path = tmp_path / "demo.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class FormInputs(HTMLParser):
    """The named inputs of the first form whose action contains `action`, with their values."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.done, self.fields = action, False, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and self.action in (attrs.get("action") or ""):
            self.inside = True
        elif self.inside and tag in {"input", "textarea"} and attrs.get("name"):
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def _wait_for(check, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


@pytest.fixture
def demo(transactional_db, tmp_path):
    """The data, then `make serve` in its own process group; stopped (and checked stopped) by the test."""
    network = factories.make_network("Health Network", slug="health")
    aisha = factories.make_user("aisha@example.org", name="Aisha Member")
    ruth = factories.make_user("ruth@example.org", name="Ruth Reader")
    for user in (aisha, ruth):
        factories.make_membership(user, network)
    thread = start_thread(aisha, network, title="GP access in the evenings", body="Should surgeries open later?")
    client = Client()
    client.force_login(ruth)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SITE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "PORT": str(port), "DATABASE_URL": database_url_for_subprocesses(tmp_path), "VAR_DIR": str(tmp_path / "var"),
        # The session above was signed with the test settings' key.
        "SECRET_KEY": settings.SECRET_KEY, "LOG_LEVEL": "WARNING",
    })
    log = tmp_path / "demo.log"  # a file, not a pipe: the demo's output never fills a buffer and blocks it
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True,
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, cookie, domain="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _answers(base), "the demo's web server", timeout=120)
        yield {"base": base, "session": session, "thread": thread, "process": process, "log": log}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=5).status_code in {200, 503}
    except requests.ConnectionError:
        return False


def test_the_demo_runs_web_worker_and_scheduler_and_one_ctrl_c_stops_them(demo):
    base, session, thread = demo["base"], demo["session"], demo["thread"]

    reply_url = f"{base}/discussions/threads/{thread.pk}/reply/"
    form = FormInputs(f"/discussions/threads/{thread.pk}/reply/")
    form.feed(session.get(reply_url, timeout=30).text)
    assert "csrfmiddlewaretoken" in form.fields, "the reply form was not found (is the member signed in?)"
    posted = session.post(
        reply_url, data={**form.fields, "body": f"Evening surgeries would help shift workers: a {UNIQUE_WORD} idea."},
        headers={"Referer": reply_url}, timeout=30, allow_redirects=False,
    )
    assert posted.status_code == 302, posted.text[:2000]

    # The worker sends the thread author's notification; the demo outbox shows it.
    def notification_in_outbox():
        page = requests.get(f"{base}/outbox/", timeout=10).text
        return "Ruth Reader replied" in page and page

    assert "aisha@example.org" in _wait_for(notification_in_outbox, "the reply notification in the outbox")

    # The worker indexes the reply: its words are found by search.
    def reply_found():
        return "GP access in the evenings" in session.get(f"{base}/discussions/search/", params={"q": UNIQUE_WORD}, timeout=10).text

    _wait_for(reply_found, f"the reply's word {UNIQUE_WORD!r} in search")

    # The scheduler has ticked and run the chat clock.
    def scheduler_ticked():
        body = requests.get(f"{base}/healthz", timeout=10).json()
        return body.get("scheduler", "").startswith("ok") and body

    health = _wait_for(scheduler_ticked, "the scheduler's tick in /healthz")
    assert health["detail"]["scheduler"]["jobs"]["chat_clock"]["last_success_seconds"] is not None

    started = psutil.Process(demo["process"].pid).children(recursive=True)
    names = " ".join(" ".join(child.cmdline()) for child in started)
    assert "daphne" in names and "db_worker" in names and "run_scheduled_jobs" in names, names

    os.killpg(demo["process"].pid, signal.SIGINT)  # one Ctrl-C in the terminal
    demo["process"].wait(timeout=60)
    gone, alive = psutil.wait_procs(started, timeout=30)
    assert not alive, f"still running after Ctrl-C: {[p.cmdline() for p in alive]}"
    output = demo["log"].read_text()
    assert "Scheduler stopped." in output, output[-3000:]
