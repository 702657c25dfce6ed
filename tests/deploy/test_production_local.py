"""The production topology of deploy/ on this machine (deploy/local.sh), driven through nginx only.

nginx (TLS) in front of two daphne processes, the task worker, the scheduler, PostgreSQL and
Redis, with production settings; email goes to an SMTP sink. The checks: the home page, a static
file and the security headers; `check --deploy`; signing in; a page image under /media/; a
submission attachment its owner can download and another member cannot; an upload too big for
the proxy; a chat message sent through one app process reaching readers on the other; an email
sent by the worker; a chat opened by the scheduler's clock; sign-in throttling shared by both
processes and counted per client address; /healthz detail for the operator only; a backup
restored into a fresh database. Everything local.sh started is stopped at the end.

Run by `.ci/run` (and `make test-deployment`). Without nginx, PostgreSQL or redis-server it is
skipped with one loud line, unless REQUIRE_DEPLOYMENT=1 (as in CI), when it fails instead.
"""

from __future__ import annotations

import asyncio
import json
import mailbox
import os
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from requests.adapters import HTTPAdapter

pytestmark = pytest.mark.deployment

ROOT = Path(__file__).resolve().parents[2]
MISSING = (
    "DEPLOYMENT SMOKE TEST SKIPPED: it needs nginx, postgresql, redis-server and openssl "
    "(apt-get install -y nginx postgresql redis-server openssl); REQUIRE_DEPLOYMENT=1 turns this into a failure."
)


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("nginx", "redis-server", "openssl", "envsubst") if shutil.which(tool) is None]
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        missing.append("postgresql")
    return missing


def _read_env(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value.strip('"')
    return env


class Topology:
    def __init__(self, directory: Path):
        self.dir = directory
        self.env = _read_env(directory / "env")
        self.url = self.env["SITE_URL"]
        self.cert = str(directory / "tls" / "fullchain.pem")
        self.app_ports = [int(port) for port in self.env["APP_PORTS"].split()]

    def process_env(self, **extra) -> dict[str, str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "SITE_"))}
        return {**clean, **self.env, **extra}

    def manage(self, *args: str, stdin: str | None = None, **extra) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.process_env(**extra), input=stdin,
            capture_output=True, text=True, timeout=300,
        )

    def session(self, source: str = "127.0.0.1") -> requests.Session:
        """A browser-like client connecting from `source` (any 127.x address reaches nginx)."""
        session = requests.Session()
        session.trust_env = False  # else REQUESTS_CA_BUNDLE (or a proxy) from the environment wins over `verify`
        session.verify = self.cert
        adapter = _SourceAddressAdapter(source)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def sign_in(self, email: str, password: str, source: str = "127.0.0.1") -> tuple[requests.Session, requests.Response]:
        session = self.session(source)
        session.get(f"{self.url}/accounts/login/", timeout=30)
        response = session.post(
            f"{self.url}/accounts/login/", data={"login": email, "password": password,
                                                 "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
            headers={"Referer": f"{self.url}/accounts/login/"}, allow_redirects=False, timeout=30,
        )
        return session, response

    def emails(self) -> list:
        return list(mailbox.Maildir(self.env["MAIL_DIR"], factory=None))


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kwargs)


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    missing = _missing_tools()
    if missing:
        if os.environ.get("REQUIRE_DEPLOYMENT") == "1":
            pytest.fail(f"REQUIRE_DEPLOYMENT=1 but {', '.join(missing)} missing. " + MISSING)
        print("\n" + "!" * 20 + " " + MISSING + " " + "!" * 20)
        pytest.skip(MISSING)
    directory = tmp_path_factory.mktemp("production-local")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "SITE_"))}
    # Only the machine's own address may read /healthz's detail, so 127.0.0.2 plays the public.
    env["HEALTHZ_PRIVATE_NETWORKS"] = "127.0.0.1/32"
    started = subprocess.run([str(ROOT / "deploy" / "local.sh"), "up", str(directory)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=900)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        site = Topology(directory)
        site.env["HEALTHZ_PRIVATE_NETWORKS"] = "127.0.0.1/32"
        seeded = site.manage("shell", stdin=(Path(__file__).parent / "seed.py").read_text())
        assert seeded.returncode == 0, seeded.stderr
        site.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield site
    finally:
        pids = [int(p.read_text()) for p in (directory / "pids").glob("*.pid") if p.read_text().strip().isdigit()]
        stopped = subprocess.run([str(ROOT / "deploy" / "local.sh"), "down", str(directory)], cwd=ROOT,
                                 capture_output=True, text=True, timeout=300)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        alive = [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
        assert not alive, f"local.sh down left processes running: {alive}"
        pg_dir = directory / "pids" / "postgres.dir"
        assert not pg_dir.exists() or not Path(pg_dir.read_text().strip()).exists(), "PostgreSQL's cluster is still there"


def _wait_for(check, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def test_the_home_page_a_static_file_and_the_security_headers(topology):
    session = topology.session()
    response = session.get(f"{topology.url}/", timeout=30)
    assert response.status_code == 200 and "Health Network" in response.text
    headers = response.headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Server"] == "nginx"  # no version, and no "daphne" behind it
    css = session.get(f"{topology.url}/static/css/site.css", timeout=30)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    plain = session.get(f"http://127.0.0.1:{topology.env['HTTP_PORT']}/networks/", allow_redirects=False, timeout=30)
    assert plain.status_code == 301 and plain.headers["Location"] == f"{topology.url}/networks/"


def test_check_deploy_is_clean(topology):
    result = topology.manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_member_signs_in(topology):
    session, response = topology.sign_in("aisha@example.org", topology.seed["password"])
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Sign out" in session.get(f"{topology.url}/", timeout=30).text


def test_a_page_image_is_served_through_its_checked_view_with_caching(topology):
    """/images/… asks view_image, then nginx sends the file (X-Accel-Redirect); /media/ never serves it."""
    response = topology.session().get(topology.url + topology.seed["image_url"], timeout=30)
    assert topology.seed["image_url"].startswith("/images/")
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert "public" in response.headers["Cache-Control"] and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response.headers
    assert topology.session().get(f"{topology.url}/media/documents/anything.pdf", timeout=30).status_code == 404
    assert topology.session().get(f"{topology.url}/media{topology.seed['image_url']}", timeout=30).status_code == 404


def test_an_attachment_reaches_its_owner_only(topology):
    url = topology.url + topology.seed["attachment_url"]
    owner, _ = topology.sign_in("aisha@example.org", topology.seed["password"])
    response = owner.get(url, timeout=30)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == 'attachment; filename="forum-notes.pdf"'
    assert "sandbox" in response.headers["Content-Security-Policy"]
    other, _ = topology.sign_in("ruth@example.org", topology.seed["password"])
    assert other.get(url, timeout=30).status_code == 403
    # The internal location cannot be asked for from outside.
    assert other.get(f"{topology.url}/_private/{topology.seed['attachment_path']}", timeout=30).status_code == 404


def test_an_upload_bigger_than_the_limit_is_refused_by_the_proxy(topology):
    owner, _ = topology.sign_in("aisha@example.org", topology.seed["password"])
    response = owner.post(f"{topology.url}/commissions/health/submit/", data=b"x" * (12 * 1024 * 1024),
                          headers={"Content-Type": "application/octet-stream"}, timeout=60)
    assert response.status_code == 413
    assert response.headers["Server"] == "nginx"


def test_a_chat_message_sent_through_one_process_reaches_readers_on_the_other(topology):
    import websockets

    writer_session, _ = topology.sign_in("aisha@example.org", topology.seed["password"])
    reader_session, _ = topology.sign_in("ruth@example.org", topology.seed["password"])
    tls = ssl.create_default_context(cafile=topology.cert)
    socket_url = topology.url.replace("https://", "wss://") + f"/ws/chats/{topology.seed['chat']}/"

    def headers(session):
        return {"Origin": topology.url, "Cookie": f"sessionid={session.cookies['sessionid']}"}

    async def run():
        readers = [await websockets.connect(socket_url, ssl=tls, additional_headers=headers(reader_session)) for _ in range(4)]
        writer = await websockets.connect(socket_url, ssl=tls, additional_headers=headers(writer_session))
        for connection in [*readers, writer]:
            assert json.loads(await connection.recv())["type"] == "hello"
        # nginx (least_conn) has spread the five sockets over both app processes.
        per_process = {port: 0 for port in topology.app_ports}
        for pid_file in topology.dir.glob("pids/app-*.pid"):
            port = int(pid_file.stem.split("-")[1])
            for process in [psutil.Process(int(pid_file.read_text()))] + psutil.Process(int(pid_file.read_text())).children(recursive=True):
                per_process[port] += sum(1 for c in process.net_connections("tcp") if c.laddr.port == port and c.status == "ESTABLISHED")
        assert all(count >= 2 for count in per_process.values()), per_process
        text = "Evening surgeries would help shift workers."
        await writer.send(json.dumps({"type": "submit", "text": text, "client_id": "smoke-1"}))
        for connection in readers:
            while True:
                frame = json.loads(await asyncio.wait_for(connection.recv(), 20))
                if frame["type"] == "event":
                    assert frame["message"]["text"] == text
                    break
        for connection in [*readers, writer]:
            await connection.close()

    asyncio.run(run())


def test_the_worker_sends_email_through_smtp(topology):
    session, _ = topology.sign_in("aisha@example.org", topology.seed["password"])
    reply = f"{topology.url}/discussions/threads/{topology.seed['thread']}/reply/"
    page = session.get(reply, timeout=30).text
    assert "csrfmiddlewaretoken" in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    posted = session.post(reply, data={"csrfmiddlewaretoken": token, "body": "Yes: after six, twice a week."},
                          headers={"Referer": reply}, allow_redirects=False, timeout=30)
    assert posted.status_code == 302

    def notification():
        found = [m for m in topology.emails() if m["To"] == "ruth@example.org" and "replied" in (m["Subject"] or "")]
        return found and found[0]

    message = _wait_for(notification, "the reply notification in the SMTP sink")
    body = message.get_payload(0).get_payload(decode=True).decode() if message.is_multipart() else message.get_payload(decode=True).decode()
    assert f"{topology.url}/" in body
    assert message["List-Unsubscribe"].strip().startswith(f"<{topology.url}/unsubscribe/")


def test_sign_in_throttling_is_shared_by_both_processes_and_counted_per_address(topology):
    password = topology.seed["password"]
    # Five wrong passwords for one account, from five addresses, over both processes: the sixth
    # try is refused even with the right password (a counter per process would have let it in).
    for n in range(5):
        assert topology.sign_in("member0@example.org", "wrong", source=f"127.0.1.{n + 1}")[1].status_code == 200
    _, refused = topology.sign_in("member0@example.org", password, source="127.0.1.9")
    assert refused.status_code in {200, 429} and refused.status_code != 302
    served = [port for port in topology.app_ports
              if "POST /accounts/login/" in (topology.dir / "logs" / f"app-{port}.log").read_text()]
    assert served == topology.app_ports, "the sign-ins did not reach both app processes"

    # Fifty guesses at one account from one address lock out neither another member elsewhere...
    for _ in range(50):
        topology.sign_in("member1@example.org", "wrong", source="127.0.2.1")
    assert topology.sign_in("member2@example.org", password, source="127.0.2.2")[1].status_code == 302
    # ...nor do guesses spread over ten accounts lock out an eleventh.
    for n in range(2, 12):
        topology.sign_in(f"member{n}@example.org", "wrong", source="127.0.3.1")
    assert topology.sign_in("victor@example.org", password, source="127.0.3.2")[1].status_code == 302


def test_healthz_detail_is_for_the_operator_only(topology):
    operator = topology.session("127.0.0.1").get(f"{topology.url}/healthz", timeout=30).json()
    assert operator["status"] == "ok", operator
    assert operator["detail"]["channel_layer"]["backend"] == "RedisChannelLayer"
    assert operator["detail"]["database"]["vendor"] == "postgresql"
    public = topology.session("127.0.0.2").get(f"{topology.url}/healthz", timeout=30)
    assert public.status_code == 200 and public.json() == {"status": "ok"}


def test_the_scheduler_opens_a_chat_on_time(topology):
    """A reader waits on a chat that has not started; nobody else touches it; the scheduler's clock opens it."""
    import websockets

    created = topology.manage("shell", "-c", (
        "from datetime import timedelta; from django.utils import timezone; from chat.models import LiveChatPage; "
        "from networks.models import NetworkPage; network = NetworkPage.objects.get(slug='health'); "
        "chat = LiveChatPage(title='Opening soon', slug='opening-soon', topic='Clock', "
        "starts_at=timezone.now() + timedelta(seconds=15), ends_at=timezone.now() + timedelta(hours=1)); "
        "network.add_child(instance=chat); chat.save_revision().publish(); print(chat.pk)"
    ))
    assert created.returncode == 0, created.stderr
    chat_id = int(created.stdout.strip().splitlines()[-1])
    reader, _ = topology.sign_in("ruth@example.org", topology.seed["password"])
    tls = ssl.create_default_context(cafile=topology.cert)

    async def run():
        connection = await websockets.connect(
            topology.url.replace("https://", "wss://") + f"/ws/chats/{chat_id}/", ssl=tls,
            additional_headers={"Origin": topology.url, "Cookie": f"sessionid={reader.cookies['sessionid']}"},
        )
        hello = json.loads(await connection.recv())
        assert hello["type"] == "hello"
        deadline = time.monotonic() + 100  # the chat clock runs at each minute
        while time.monotonic() < deadline:
            frame = json.loads(await asyncio.wait_for(connection.recv(), deadline - time.monotonic()))
            if frame["type"] == "event":
                await connection.close()
                return frame
        raise AssertionError("the chat was not opened by the clock")

    frame = asyncio.run(run())
    assert frame["seq"] > 0


def test_a_backup_restores_into_a_fresh_database(topology, tmp_path):
    backup = tmp_path / "backup"
    made = subprocess.run([str(ROOT / "deploy" / "backup.sh"), str(backup)], cwd=ROOT, env=topology.process_env(),
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    pg_port = topology.env["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-p", pg_port, "-U", "networks", "restored"], check=True, timeout=60)
    restored_env = topology.process_env(
        DATABASE_URL=f"postgres://networks@127.0.0.1:{pg_port}/restored",
        MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    done = subprocess.run([str(ROOT / "deploy" / "restore.sh"), str(backup)], cwd=ROOT, env=restored_env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from discussions.models import Thread; from commissions.models import Submission; "
         f"print(Thread.objects.get(pk={topology.seed['thread']}).title, '|', Submission.objects.get().reference)"],
        cwd=ROOT, env=restored_env, capture_output=True, text=True, timeout=300,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip().splitlines()[-1].startswith("GP access in the evenings |")
    assert (tmp_path / "private" / topology.seed["attachment_path"]).read_bytes().startswith(b"%PDF")
    assert (tmp_path / "media" / topology.seed["image_url"].lstrip("/")).exists()
