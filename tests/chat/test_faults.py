"""The chat under faults, in one process: a channel layer that fails, sockets that cost too much or have gone.

The channel layer is the in-memory one with its methods made to fail, so each fault is exact and each test
fast; tests/chat/test_faults_processes.py does the same to real Redis under two daphne processes.
"""

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from chat import consumers, fanout
from chat.broadcast import UNSENT
from chat.models import ChatEvent, ChatMessage, LiveChatState
from tests.chat.factories import close_all, make_chat

pytestmark = pytest.mark.django_db(transaction=True)


class LayerDown:
    """Makes the process's channel layer fail the way an unreachable Redis does, until `restore()`."""

    def __init__(self, monkeypatch, *methods):
        self.layer = get_channel_layer()
        self.monkeypatch = monkeypatch
        self.calls = {method: 0 for method in methods}
        self.down = True
        for method in methods:
            original = getattr(self.layer, method)
            monkeypatch.setattr(self.layer, method, self._failing(method, original))

    def _failing(self, method, original):
        async def call(*args, **kwargs):
            self.calls[method] += 1
            if self.down:
                await asyncio.sleep(0)
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            return await original(*args, **kwargs)

        return call

    def restore(self):
        self.down = False


@pytest.fixture(autouse=True)
def nothing_left_unsent():
    UNSENT.take()
    UNSENT.failing_since = None
    yield
    UNSENT.take()
    UNSENT.failing_since = None


async def until(condition, timeout=20.0, step=0.05):
    """Wait for `condition()` to hold, polling; fails after `timeout` seconds (a loaded machine is slow)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(step)


def warnings_from(caplog, text):
    return [record for record in caplog.records if record.levelno >= logging.WARNING and text in record.getMessage()]


# Item 2: a stored event is acknowledged as stored ------------------------------------------------


async def test_a_stored_message_is_acknowledged_when_its_broadcast_fails_and_sent_when_the_layer_is_back(
    connect, network, people, monkeypatch, caplog
):
    chat = await database_sync_to_async(make_chat)(network, format="open")
    reader = await connect(chat, people["other"])
    writer = await connect(chat, people["member"])
    start = writer.hello["seq"]
    outage = LayerDown(monkeypatch, "group_send")

    for n in (1, 2):
        await writer.send({"type": "submit", "text": f"Sent while Redis restarts {n}", "client_id": f"down-{n}", "ref": f"r{n}"})
        ack = await writer.wait_for("ack")
        assert ack["ref"] == f"r{n}" and ack["message"]["text"] == f"Sent while Redis restarts {n}"
    assert await ChatMessage.objects.filter(chat=chat).acount() == 2
    assert await ChatEvent.objects.filter(chat=chat, kind="message").acount() == 2
    assert len(warnings_from(caplog, "Chat broadcasts cannot reach the channel layer")) == 1, "one warning per outage"

    outage.restore()
    await writer.send({"type": "submit", "text": "Sent once it is back", "client_id": "up-1"})
    await writer.wait_for("ack")
    texts = [(await reader.wait_for("event", "message"))["message"]["text"] for _ in range(3)]
    assert texts == ["Sent while Redis restarts 1", "Sent while Redis restarts 2", "Sent once it is back"]
    assert len(warnings_from(caplog, "reach the channel layer again")) == 1
    assert (await database_sync_to_async(LiveChatState.objects.get)(chat=chat)).last_seq == start + 3
    await close_all(reader, writer)


def test_a_chat_opening_by_the_clock_while_the_layer_is_down_serves_its_page(client, network, people, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    chat = make_chat(network, status="scheduled")
    chat.starts_at = timezone.now() - timedelta(minutes=1)
    chat.save()
    LayerDown(monkeypatch, "group_send")
    response = client.get(chat.url)
    assert response.status_code == 200 and "Live now" in response.text
    assert ChatEvent.objects.filter(chat=chat, kind="state", payload__state="live").exists()


# Items 1 and 3: the hub rides out the layer's trouble --------------------------------------------


def test_backoff_doubles_to_a_cap_with_jitter():
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (30, 5.0)]:
        delays = {fanout.backoff(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 40, "processes that lost Redis together must not retry in step"


async def test_the_hub_backs_off_logs_once_and_rejoins_when_the_layer_returns(connect, network, people, monkeypatch, caplog):
    """A socket arriving while the layer is down is served, and joined to the chat's group once it is back."""
    chat = await database_sync_to_async(make_chat)(network, format="open")
    outage = LayerDown(monkeypatch, "receive", "group_add", "group_send")
    reader = await connect(chat, people["other"])
    assert reader.hello["type"] == "hello"
    hub = fanout.hub()
    await asyncio.sleep(1.5)
    # Without a pause the listener retried hundreds of times a second, each with a traceback.
    assert outage.calls["receive"] <= 6
    assert len(warnings_from(caplog, "Chat hub lost the channel layer")) == 1
    assert not [record for record in caplog.records if record.exc_info and "chat" in record.name]
    health = fanout.hub_health()
    assert not health.ok and health.summary.startswith("down: chat hub without the channel layer")
    assert hub.rooms[chat.pk].joined is False

    outage.restore()
    await until(lambda: hub.trouble_since is None and hub.rooms[chat.pk].joined)
    assert len(warnings_from(caplog, "Chat hub has the channel layer back")) == 1
    health = fanout.hub_health()
    assert health.ok and health.detail["hubs"][0]["joined"] == 1

    writer = await connect(chat, people["member"])
    await writer.send({"type": "submit", "text": "Live again", "client_id": "again"})
    assert (await reader.wait_for("event", "message"))["message"]["text"] == "Live again"
    await close_all(reader, writer)


async def test_the_hub_rejoins_its_groups_well_inside_their_expiry(connect, network, people, monkeypatch, settings):
    """A group entry older than the layer's group_expiry is dropped by the layer: the hub renews it before then."""
    layer = get_channel_layer()
    monkeypatch.setattr(layer, "group_expiry", 4)
    chat = await database_sync_to_async(make_chat)(network, format="open")
    reader = await connect(chat, people["other"])
    hub = fanout.hub()
    assert hub.rejoin_every == 1.0
    joined = hub.rejoins
    await until(lambda: hub.rejoins >= joined + 5)  # longer than the expiry
    # The in-memory layer keeps each entry's time: renewed, it is never as old as the expiry, so a broadcast reaches it.
    added = layer.groups[f"chat.{chat.pk}"][hub.channel]
    assert time.time() - added < 4
    writer = await connect(chat, people["member"])
    await writer.send({"type": "submit", "text": "After the expiry", "client_id": "late"})
    assert (await reader.wait_for("event", "message"))["message"]["text"] == "After the expiry"
    await close_all(writer)
    await close_all(reader)


async def test_presence_refresh_survives_a_failing_layer(connect, network, people, monkeypatch):
    monkeypatch.setattr(fanout, "PRESENCE_REFRESH", 0.1)
    chat = await database_sync_to_async(make_chat)(network, format="open")
    reader = await connect(chat, people["other"])
    outage = LayerDown(monkeypatch, "group_send")
    await until(lambda: outage.calls["group_send"] >= 3)
    outage.restore()
    before = outage.calls["group_send"]
    await until(lambda: outage.calls["group_send"] >= before + 3)
    await close_all(reader)


def test_the_redis_read_timeout_cannot_meet_the_blocking_pop():
    """redis-py's default read timeout (5 s) equalled channels-redis' blocking pop (5 s): idle hubs timed out."""
    script = (
        "import django; django.setup();"
        "from channels.layers import get_channel_layer; layer = get_channel_layer();"
        "kwargs = layer.create_pool(0).connection_kwargs;"
        "print(kwargs['socket_timeout'], layer.brpop_timeout)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "networksite.settings.test", "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    socket_timeout, blocking_pop = (float(value) for value in result.stdout.split())
    assert socket_timeout >= blocking_pop + 5


# Item 4: storms drain -------------------------------------------------------------------------------


def _hold_the_database_thread(seconds):
    """Occupy the one thread every socket's database work runs on, as a storm of connections does."""
    return asyncio.ensure_future(sync_to_async(time.sleep, thread_sensitive=True)(seconds))


async def test_a_connection_whose_client_has_gone_costs_no_database_work(live_chat, people, monkeypatch, settings):
    from channels.testing import WebsocketCommunicator

    from networksite.asgi import application

    settings.CHAT_HANDSHAKE_SECONDS = 0.2
    _, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    asked = []
    real_can = consumers.can
    monkeypatch.setattr(consumers, "can", lambda *args: asked.append(args) or real_can(*args))
    blocker = _hold_the_database_thread(1.0)
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    late = WebsocketCommunicator(application, f"/ws/chats/{live_chat.pk}/", headers=headers)
    connected, _ = await late.connect(timeout=10)
    await blocker
    # By the time the database thread reached it, daphne would have dropped the handshake: nothing was asked.
    assert not connected and asked == []

    settings.CHAT_HANDSHAKE_SECONDS = 5
    fresh = await _open_with_cookie(live_chat, cookie)
    assert fresh.hello["type"] == "hello" and asked
    await close_all(fresh)


async def test_connections_past_the_queue_limit_are_told_to_come_back_later(live_chat, people, settings):
    from channels.testing import WebsocketCommunicator

    from networksite.asgi import application

    settings.CHAT_CONNECT_QUEUE_LIMIT = 2
    _, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    # The database thread is held until the storm has arrived, however slow the machine:
    # two connections wait for it, and the two beyond the limit are answered without it.
    release = threading.Event()
    blocker = asyncio.ensure_future(sync_to_async(release.wait, thread_sensitive=True)(30))
    communicators = [WebsocketCommunicator(application, f"/ws/chats/{live_chat.pk}/", headers=headers) for _ in range(4)]
    connecting = [asyncio.ensure_future(communicator.connect(timeout=20)) for communicator in communicators]
    await until(lambda: fanout.CONNECTS.waiting == 2 and sum(task.done() for task in connecting) == 2)
    assert fanout.hub_health().detail["connects_waiting"] == 2  # what /healthz tells the operator
    release.set()
    results = await asyncio.gather(*connecting)
    await blocker
    assert all(connected for connected, _ in results)
    firsts = [await communicator.receive_output(10) for communicator in communicators]
    # Two wait for the database; the other two are accepted and told at once to come back later.
    assert sorted(first.get("code", 0) for first in firsts) == [0, 0, 4013, 4013]
    assert sorted(json.loads(first["text"])["type"] for first in firsts if "text" in first) == ["hello", "hello"]
    for communicator, first in zip(communicators, firsts, strict=True):
        if "text" in first:
            await communicator.disconnect()
    await until(lambda: fanout.CONNECTS.waiting == 0)  # every place given back once the storm is over


# Item 5: one socket cannot starve everyone ----------------------------------------------------------


async def test_a_socket_flooding_refused_frames_is_cut_off_without_costing_database_work(
    connect, live_chat, people, monkeypatch, settings
):
    settings.CHAT_FRAME_BURST = 10
    settings.CHAT_FRAMES_PER_SECOND = 0.01
    settings.CHAT_FRAME_OVERRUN_LIMIT = 5
    ran = []
    real_run = consumers.run_frame
    monkeypatch.setattr(consumers, "run_frame", lambda *args: ran.append(args) or real_run(*args))
    flooder = await connect(live_chat, people["member"])
    bystander = await connect(live_chat, people["other"])

    codes = []
    for n in range(10):
        await flooder.send({"type": "vote", "question": 999999, "ref": n})
    for _ in range(6):
        codes.append((await flooder.wait_for("error"))["code"])
    # Two refused votes use up the budget (5 each); the rest are answered without being run.
    assert codes == ["refused", "refused", "rate_limited", "rate_limited", "rate_limited", "rate_limited"]
    assert len(ran) == 2
    closing = await flooder.communicator.receive_output(3)
    while closing["type"] != "websocket.close":
        closing = await flooder.communicator.receive_output(3)
    assert closing["code"] == 4429

    await bystander.send({"type": "ping", "ref": "still-here"})
    assert (await bystander.wait_for("pong"))["ref"] == "still-here"
    await close_all(bystander)


async def test_a_member_using_the_page_normally_never_meets_the_budget(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    await member.send({"type": "resume", "after": 0})
    await member.wait_for("resumed")
    for n in range(4):
        await member.send({"type": "submit", "text": f"Question {n}", "client_id": f"q{n}"})
        await member.wait_for("ack")
    for n in range(10):
        await member.send({"type": "ping", "ref": n})
        assert (await member.wait_for("pong"))["ref"] == n
    await close_all(member)


# Item 9: sockets follow the session ------------------------------------------------------------------


def _signed_in_client(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _open_with_cookie(chat, cookie):
    from channels.testing import WebsocketCommunicator

    from networksite.asgi import application
    from tests.chat.sockets import ChatSocket

    communicator = WebsocketCommunicator(
        application, f"/ws/chats/{chat.pk}/", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    )
    connected, _ = await communicator.connect()
    assert connected
    socket = ChatSocket(communicator)
    socket.hello = await socket.receive()
    return socket


async def _closed_with(socket, timeout=5):
    while True:
        output = await socket.communicator.receive_output(timeout)
        if output["type"] == "websocket.close":
            return output.get("code")


async def test_signing_out_closes_that_sessions_sockets(network, people):
    chat = await database_sync_to_async(make_chat)(network)
    client, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    _, other_cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    socket = await _open_with_cookie(chat, cookie)
    other_browser = await _open_with_cookie(chat, other_cookie)
    response = await database_sync_to_async(client.post)("/accounts/logout/")
    assert response.status_code == 302
    assert await _closed_with(socket) == 4401
    # The member's other browser is still signed in, and stays connected.
    await other_browser.send({"type": "ping", "ref": "p"})
    assert (await other_browser.wait_for("pong"))["ref"] == "p"
    await close_all(other_browser)


@pytest.mark.parametrize("change", ["password", "deactivated"])
async def test_a_password_change_or_deactivation_closes_every_socket_of_the_member(network, people, change):
    chat = await database_sync_to_async(make_chat)(network)
    member = people["member"]
    _, cookie = await database_sync_to_async(_signed_in_client)(member)
    _, bystander_cookie = await database_sync_to_async(_signed_in_client)(people["other"])
    socket = await _open_with_cookie(chat, cookie)
    bystander = await _open_with_cookie(chat, bystander_cookie)

    def apply_change():
        if change == "password":
            member.set_password("a-new-password-2026")
        else:
            member.is_active = False
        member.save()

    await database_sync_to_async(apply_change)()
    assert await _closed_with(socket) == 4401
    await bystander.send({"type": "ping", "ref": "b"})
    assert (await bystander.wait_for("pong"))["ref"] == "b"
    await close_all(bystander)


async def test_suspension_ends_sessions_through_the_ground_floors_signal(network, people):
    from django.contrib.sessions.models import Session

    from networks.signals import sessions_ended

    chat = await database_sync_to_async(make_chat)(network)
    _, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    socket = await _open_with_cookie(chat, cookie)

    def suspend():
        Session.objects.all().delete()
        sessions_ended.send(sender=None, user_ids=[people["member"].pk])

    await database_sync_to_async(suspend)()
    assert await _closed_with(socket) == 4401


async def test_staff_suspending_a_member_closes_their_open_sockets_with_4401(network, people):
    """The whole path: the suspend action deletes the sessions and sends the signal; the socket closes at once."""
    from networks.actions.suspensions import suspend_member
    from tests.networks import factories

    staff = await database_sync_to_async(factories.make_user)(name="Sue Staff", staff=True)
    chat = await database_sync_to_async(make_chat)(network)
    _, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    socket = await _open_with_cookie(chat, cookie)
    _, other_cookie = await database_sync_to_async(_signed_in_client)(people["other"])
    bystander = await _open_with_cookie(chat, other_cookie)
    await database_sync_to_async(suspend_member)(staff, people["member"], reason="Spam in every chat")
    assert await _closed_with(socket) == 4401
    await bystander.send({"type": "ping", "ref": "b"})
    assert (await bystander.wait_for("pong"))["ref"] == "b"
    await close_all(bystander)


async def test_a_frame_from_a_session_that_ended_unannounced_closes_the_socket(network, people, settings):
    """No signal (the session row deleted behind the app's back): the next frame re-reads the session."""
    from django.contrib.sessions.models import Session

    settings.CHAT_SESSION_RECHECK_SECONDS = 0
    chat = await database_sync_to_async(make_chat)(network, format="open")
    _, cookie = await database_sync_to_async(_signed_in_client)(people["member"])
    socket = await _open_with_cookie(chat, cookie)
    await Session.objects.all().adelete()
    await socket.send({"type": "submit", "text": "Still me?", "client_id": "after-out"})
    assert await _closed_with(socket) == 4401
    assert not await ChatMessage.objects.filter(client_id="after-out").aexists()


async def test_a_members_only_chat_stops_streaming_to_a_signed_out_socket_on_resume(private_network, settings):
    """Resume included: a signed-out socket gets no members-only events, it is closed."""
    from django.contrib.sessions.models import Session

    from tests.networks import factories

    settings.CHAT_SESSION_RECHECK_SECONDS = 0
    member = await database_sync_to_async(factories.make_user)(name="Priya Private")
    await database_sync_to_async(factories.make_membership)(member, private_network, "member")
    chat = await database_sync_to_async(make_chat)(private_network)
    _, cookie = await database_sync_to_async(_signed_in_client)(member)
    socket = await _open_with_cookie(chat, cookie)
    await Session.objects.all().adelete()
    await socket.send({"type": "resume", "after": 0})
    assert await _closed_with(socket) == 4401


async def test_a_ref_that_is_not_text_is_an_error_frame_not_a_dropped_socket(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    await member.send(json.dumps({"type": "ping", "ref": "\ud800"}))
    error = await member.wait_for("error")
    assert error["code"] == "invalid_frame" and "lone surrogate" in error["message"] and error["ref"] is None
    await member.send({"type": "ping", "ref": "fine"})
    assert (await member.wait_for("pong"))["ref"] == "fine"
    await close_all(member)
