"""Every bad frame gets an error frame or a documented close code; retries, resumes and closing behave."""

import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from chat import actions
from chat.models import ChatEvent, ChatMessage, LiveChatPage
from networks.actions import ActionRefused
from tests.chat.factories import close_all, make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "frame, code",
    [
        ("{not json", "malformed_json"),
        ("[1, 2]", "invalid_frame"),
        (json.dumps({"text": "no type"}), "invalid_frame"),
        (json.dumps({"type": "shout"}), "unknown_type"),
        (json.dumps({"type": "submit", "text": "Hi"}), "invalid_frame"),
        (json.dumps({"type": "submit", "text": 42, "client_id": "a"}), "invalid_frame"),
        (json.dumps({"type": "vote", "question": "7"}), "invalid_frame"),
        (json.dumps({"type": "vote", "question": True}), "invalid_frame"),
        (json.dumps({"type": "resume", "after": -1}), "invalid_frame"),
        (json.dumps({"type": "submit", "text": "x" * 9000, "client_id": "a"}), "too_large"),
        # Nested brackets past Python's recursion limit, well inside the size limit.
        ("[" * 4000 + "]" * 4000, "malformed_json"),
        ('{"type": "vote", "question": ' + "[" * 3000 + "]" * 3000 + "}", "malformed_json"),
        # Ids past 64 bits overflow the database driver instead of finding nothing.
        (json.dumps({"type": "vote", "question": 10**30}), "invalid_frame"),
        (json.dumps({"type": "approve", "question": -(10**30)}), "invalid_frame"),
        (json.dumps({"type": "resume", "after": 10**30}), "invalid_frame"),
        (json.dumps({"type": "resume", "after": 5, "before": 5}), "invalid_frame"),
        # Strings that are not text: a lone surrogate (JSON's \ud800 escape) cannot be sent or stored, U+0000 cannot
        # be stored; a client id must match whole (a trailing newline slipped past "$") and fit 64 characters.
        (json.dumps({"type": "submit", "text": "Dentists \ud800", "client_id": "s1"}), "invalid_frame"),
        (json.dumps({"type": "submit", "text": "Dentists\u0000 in Kent", "client_id": "s2"}), "invalid_frame"),
        (json.dumps({"type": "reject", "question": 1, "reason": "\udfff"}), "invalid_frame"),
        (json.dumps({"type": "submit", "text": "Dentists?", "client_id": "abc\n"}), "invalid_frame"),
        (json.dumps({"type": "submit", "text": "Dentists?", "client_id": "a" * 65}), "invalid_frame"),
        (json.dumps({"type": "answer", "question": 1, "text": "Yes", "client_id": "x" * 500}), "invalid_frame"),
        (json.dumps({"type": "ping", "ref": "\ud800"}), "invalid_frame"),
        (json.dumps({"type": "ping", "ref": "r" * 65}), "invalid_frame"),
    ],
)
async def test_invalid_frames_get_an_error_frame_and_the_socket_stays_open(connect, live_chat, people, frame, code):
    member = await connect(live_chat, people["member"])
    await member.send(frame)
    error = await member.wait_for("error")
    assert error["code"] == code and error["message"]
    await member.send({"type": "ping", "ref": "still-there"})
    assert (await member.wait_for("pong"))["ref"] == "still-there"
    await close_all(member)


async def test_binary_frame_and_long_text_are_refused(connect, live_chat, people, settings):
    settings.CHAT_MAX_TEXT_CHARS = 30
    member = await connect(live_chat, people["member"])
    await member.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await member.wait_for("error"))["code"] == "binary_frame"
    await member.send({"type": "submit", "text": "A question far longer than thirty characters", "client_id": "long", "ref": "r"})
    error = await member.wait_for("error")
    assert error["code"] == "refused" and "limit is 30" in error["message"] and error["ref"] == "r"
    assert not await ChatMessage.objects.aexists()
    await close_all(member)


async def test_a_client_sending_only_garbage_is_closed_with_4408(connect, live_chat, people, settings):
    # A budget big enough for all 50 at once: sent faster, the frame budget closes the socket first (4429).
    settings.CHAT_FRAME_BURST = 1000
    member = await connect(live_chat, people["member"])
    for _ in range(50):
        await member.send("garbage")
    output = None
    while True:
        output = await member.communicator.output_queue.get()
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4408


async def test_retried_submission_is_stored_and_broadcast_once(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    frame = {"type": "submit", "text": "Dentists in Cornwall?", "client_id": "retry-1", "ref": "retry-1"}
    await member.send(frame)
    first = await member.wait_for("ack")
    await member.send(frame)
    second = await member.wait_for("ack")
    assert first["duplicate"] is False and second["duplicate"] is True
    assert first["message"]["id"] == second["message"]["id"]
    assert await ChatMessage.objects.acount() == 1
    assert await ChatEvent.objects.filter(kind="question").acount() == 1
    await close_all(member)


async def test_submissions_are_rate_limited_per_member(connect, live_chat, people, settings):
    settings.CHAT_RATE_LIMIT_COUNT = 2
    settings.CHAT_RATE_LIMIT_SECONDS = 60
    member = await connect(live_chat, people["member"])
    for n in range(2):
        await member.send({"type": "submit", "text": f"Question {n}", "client_id": f"rl-{n}"})
        await member.wait_for("ack")
    await member.send({"type": "submit", "text": "One too many", "client_id": "rl-3", "ref": "rl-3"})
    error = await member.wait_for("error")
    assert error["code"] == "rate_limited" and 0 < error["retry_after"] <= 61 and error["ref"] == "rl-3"
    # Another member is not held back by the first one's limit.
    other = await connect(live_chat, people["other"])
    await other.send({"type": "submit", "text": "My first question", "client_id": "o-1"})
    assert (await other.wait_for("ack"))["message"]["text"] == "My first question"
    await close_all(member, other)


def _seed_events(chat, people, count):
    """Approved questions, each one event for members to miss (plus a moderator-only one)."""
    ids = []
    for n in range(count):
        result = actions.submit(people["member"], chat, f"Question number {n}", f"seed-{n}")
        actions.approve(people["moderator"], chat, result.message.pk)
        ids.append(result.message.pk)
    return ids


async def test_reconnecting_client_gets_exactly_what_it_missed_in_order(connect, live_chat, people):
    reader = await connect(live_chat, people["other"])
    last_seen = reader.hello["seq"]
    await reader.close()

    await database_sync_to_async(_seed_events)(live_chat, people, 3)

    reader = await connect(live_chat, people["other"])
    await reader.send({"type": "resume", "after": last_seen})
    frames = await reader.receive_until("resumed")
    events = [f for f in frames if f["type"] == "event"]
    assert [e["seq"] for e in events] == list(range(last_seen + 1, last_seen + 7))
    assert [e["kind"] for e in events] == ["hidden", "approved"] * 3
    assert [e["question"]["text"] for e in events if e["kind"] == "approved"] == [f"Question number {n}" for n in range(3)]
    assert frames[-1] == {"type": "resumed", "seq": last_seen + 6, "more": False}

    # Asking again from the end gives nothing twice.
    await reader.send({"type": "resume", "after": frames[-1]["seq"]})
    assert await reader.receive_until("resumed") == [{"type": "resumed", "seq": last_seen + 6, "more": False}]
    await close_all(reader)


async def test_moderator_resuming_sees_the_full_incoming_questions(connect, live_chat, people):
    await database_sync_to_async(_seed_events)(live_chat, people, 1)
    moderator = await connect(live_chat, people["moderator"])
    await moderator.send({"type": "resume", "after": 0})
    frames = await moderator.receive_until("resumed")
    assert [f["kind"] for f in frames if f["type"] == "event"] == ["state", "question", "approved"]
    await close_all(moderator)


async def test_roles_each_frame_is_checked(connect, live_chat, people):
    question_id = (await database_sync_to_async(_seed_events)(live_chat, people, 1))[0]
    anonymous = await connect(live_chat, None)
    member = await connect(live_chat, people["member"])
    moderator = await connect(live_chat, people["moderator"])

    await anonymous.send({"type": "submit", "text": "Let me in", "client_id": "anon"})
    assert "sign in" in (await anonymous.wait_for("error"))["message"]
    await anonymous.send({"type": "vote", "question": question_id})
    assert (await anonymous.wait_for("error"))["code"] == "refused"
    await member.send({"type": "remove", "message": question_id})
    assert "moderators" in (await member.wait_for("error"))["message"]
    await member.send({"type": "close"})
    assert "hosts and moderators" in (await member.wait_for("error"))["message"]
    await moderator.send({"type": "answer", "question": question_id, "text": "I'd say yes", "client_id": "mod-a"})
    assert "Only this chat's hosts can answer" in (await moderator.wait_for("error"))["message"]
    assert not await ChatMessage.objects.filter(kind="answer").aexists()
    await close_all(anonymous, member, moderator)


async def test_members_only_chat_refuses_outsiders_with_4403(connect, private_network):
    chat = await database_sync_to_async(make_chat)(private_network)
    outsider = await database_sync_to_async(factories.make_user)()
    for user in (None, outsider):
        socket = await connect(chat, user)
        # Accepted first, so the browser sees the code and stops retrying instead of seeing HTTP 403 and 1006.
        assert socket.connected and socket.closed_with == 4403


@pytest.mark.parametrize("chat_id", [987654, 2**63, 2**64 + 1, 10**30])
async def test_unknown_chat_is_closed_with_4404(connect, live_chat, chat_id):
    """Ids past 64 bits included: the database would overflow on them, so they are simply not found."""
    live_chat.pk = chat_id
    socket = await connect(live_chat, None)
    assert socket.connected and socket.closed_with == 4404


async def test_muted_member_cannot_post_any_more(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    moderator = await connect(live_chat, people["moderator"])
    await member.send({"type": "submit", "text": "Something rude", "client_id": "rude"})
    question_id = (await member.wait_for("ack"))["message"]["id"]
    await moderator.send({"type": "mute", "message": question_id})
    await moderator.wait_for("ack")
    await member.send({"type": "submit", "text": "Something else", "client_id": "rude-2"})
    assert "muted you" in (await member.wait_for("error"))["message"]
    await close_all(member, moderator)


async def test_moderator_can_remove_pin_edit_and_merge(connect, live_chat, people):
    first, duplicate = await database_sync_to_async(_seed_events)(live_chat, people, 2)
    reader = await connect(live_chat, people["other"])
    moderator = await connect(live_chat, people["moderator"])
    await moderator.send({"type": "edit", "message": first, "text": "Question number zero, corrected"})
    assert (await reader.wait_for("event", "edited"))["text"] == "Question number zero, corrected"
    await moderator.send({"type": "pin", "message": first, "pinned": True})
    assert (await reader.wait_for("event", "pinned"))["pinned"] is True
    await moderator.send({"type": "merge", "question": duplicate, "into": first})
    merged = await reader.wait_for("event", "merged")
    assert merged["question"] == duplicate and merged["into"] == first
    await moderator.send({"type": "remove", "message": first})
    assert (await reader.wait_for("event", "removed"))["message"] == first
    logged = [a async for a in live_chat.moderation_log.order_by("created_at", "pk").values_list("action", flat=True)]
    assert logged == ["approve", "approve", "edit", "pin", "merge", "remove"]
    await close_all(reader, moderator)


async def test_chat_closing_while_connected_tells_everyone_and_stops_submissions(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    host = await connect(live_chat, people["host"])
    await host.send({"type": "close"})
    for socket in (member, host):
        event = await socket.wait_for("event", "state")
        assert event["state"] == "closed"
    await member.send({"type": "submit", "text": "Too late?", "client_id": "late"})
    assert "has closed" in (await member.wait_for("error"))["message"]
    await close_all(member, host)


async def test_chat_ending_by_the_clock_is_closed_on_the_next_frame(connect, network, people):
    import asyncio
    from datetime import timedelta

    from django.utils import timezone

    chat = await database_sync_to_async(make_chat)(network)
    chat.ends_at = timezone.now() + timedelta(seconds=1)
    await database_sync_to_async(chat.save)()
    member = await connect(chat, people["member"])
    reader = await connect(chat, None)
    await asyncio.sleep(1.2)
    await member.send({"type": "submit", "text": "Still open?", "client_id": "clock"})
    assert "has closed" in (await member.wait_for("error"))["message"]
    assert (await reader.wait_for("event", "state"))["state"] == "closed"
    await close_all(member, reader)


async def test_host_can_open_early_and_extend(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network, status="scheduled")
    host = await connect(chat, people["host"])
    assert host.hello["state"] == "scheduled"
    await host.send({"type": "open"})
    assert (await host.wait_for("event", "state"))["state"] == "live"
    await host.send({"type": "extend", "minutes": 30})
    extended = await host.wait_for("event", "state")
    assert extended["ends_at"] > host.hello["ends_at"]
    await host.send({"type": "extend", "minutes": 0})
    assert "whole number of minutes" in (await host.wait_for("error"))["message"]
    await close_all(host)


def _edit_chat(chat, **changes):
    """What an editor does in the Wagtail admin: change the page and publish it."""
    page = LiveChatPage.objects.get(pk=chat.pk)
    for name, value in changes.pop("fields", {}).items():
        setattr(page, name, value)
    for name, users in changes.items():
        getattr(page, name).set(users)
    page.save_revision().publish()


async def test_an_editors_change_reaches_sockets_already_open(connect, network, people):
    """Moving the end time or the team applies to the next frame of an open socket, not only to new ones."""
    helper = await database_sync_to_async(factories.make_user)(name="Nadia Named")
    await database_sync_to_async(factories.make_membership)(helper, network, "member")
    chat = await database_sync_to_async(make_chat)(network, moderators=[helper])
    named = await connect(chat, helper)
    member = await connect(chat, people["member"])
    assert named.hello["you"]["moderate"]

    # The editor takes Nadia off the moderators: her open socket stops receiving waiting questions.
    await database_sync_to_async(_edit_chat)(chat, moderators=[])
    await named.send({"type": "approve", "question": 1, "ref": "a"})
    assert "moderators" in (await named.wait_for("error"))["message"]
    await member.send({"type": "submit", "text": "Will agency staff costs fall?", "client_id": "q1"})
    await member.wait_for("ack")
    assert (await named.wait_for("event"))["kind"] == "hidden"

    # The editor moves the end time into the past: the open socket cannot post any more.
    await database_sync_to_async(_edit_chat)(chat, fields={"ends_at": timezone.now() - timedelta(minutes=1)})
    await member.send({"type": "submit", "text": "One more question", "client_id": "q2"})
    error = await member.wait_for("error")
    assert error["code"] == "refused" and "closed" in error["message"]
    assert await ChatMessage.objects.filter(client_id="q2").aexists() is False
    await close_all(named, member)


def test_a_public_question_cannot_be_merged_into_one_still_waiting(live_chat, people):
    """Members saw and voted for the duplicate: its votes must not vanish into a question they cannot see."""
    public = actions.submit(people["member"], live_chat, "Will nurses get a pay rise?", "p1").message
    actions.approve(people["moderator"], live_chat, public.pk)
    actions.vote(people["other"], live_chat, public.pk)
    waiting = actions.submit(people["other"], live_chat, "Nurses' pay: when?", "w1").message
    with pytest.raises(ActionRefused, match="approve that one first"):
        actions.merge(people["moderator"], live_chat, public.pk, waiting.pk)
    public.refresh_from_db()
    assert public.status == "approved" and public.vote_count == 1
    assert not ChatEvent.objects.filter(chat=live_chat, kind="merged").exists()
