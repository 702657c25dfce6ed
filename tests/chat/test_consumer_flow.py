"""A question's whole life over WebSockets: submitted, approved, voted on, answered, seen by everyone live."""

import pytest
from channels.db import database_sync_to_async

from chat.models import ChatEvent, ChatMessage, ChatModerationEntry
from tests.chat.factories import close_all, make_chat

pytestmark = pytest.mark.django_db(transaction=True)


async def test_question_is_held_for_moderators_then_approved_voted_and_answered_live(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    other = await connect(live_chat, people["other"])
    moderator = await connect(live_chat, people["moderator"])
    host = await connect(live_chat, people["host"])
    assert member.hello["you"] == {
        "signed_in": True, "take_part": True, "moderate": False, "answer": False, "run": False, "muted": False
    }
    assert moderator.hello["you"]["moderate"] and host.hello["you"]["answer"]

    await member.send({"type": "submit", "text": "Will GP surgeries open on Saturdays?", "client_id": "q1", "ref": "q1"})
    ack = await member.wait_for("ack")
    assert ack["ref"] == "q1" and ack["message"]["status"] == "pending"
    question_id = ack["message"]["id"]

    # Moderators and hosts see the incoming question; members see only that something was numbered.
    incoming = await moderator.wait_for("event")
    assert incoming["kind"] == "question" and incoming["question"]["text"] == "Will GP surgeries open on Saturdays?"
    assert (await host.wait_for("event"))["kind"] == "question"
    assert await other.wait_for("event") == {"type": "event", "seq": incoming["seq"], "kind": "hidden"}

    await moderator.send({"type": "approve", "question": question_id})
    approved = await other.wait_for("event")
    assert approved["kind"] == "approved" and approved["seq"] == incoming["seq"] + 1
    assert approved["question"]["author"] == "Aisha Member"

    await other.send({"type": "vote", "question": question_id})
    assert (await host.wait_for("event", "votes"))["votes"] == 1
    assert (await member.wait_for("event", "votes"))["votes"] == 1

    await host.send({"type": "answer", "question": question_id, "text": "Yes, in every area by 2027.", "client_id": "a1"})
    for socket in (member, other, moderator):
        answer = (await socket.wait_for("event", "answer"))["answer"]
        assert answer["question"] == question_id and answer["text"] == "Yes, in every area by 2027."
        assert answer["badge"] == "Host"

    assert await ChatModerationEntry.objects.filter(chat=live_chat, action="approve").acount() == 1
    question = await ChatMessage.objects.aget(pk=question_id)
    assert question.vote_count == 1 and question.answered_at is not None
    seqs = [seq async for seq in ChatEvent.objects.filter(chat=live_chat).order_by("seq").values_list("seq", flat=True)]
    assert seqs == list(range(1, len(seqs) + 1))
    await close_all(member, other, moderator, host)


async def test_open_chat_messages_appear_at_once_for_everyone(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network, format="open", title="Open chat")
    member = await connect(chat, people["member"])
    reader = await connect(chat, None)
    await member.send({"type": "submit", "text": "Hello from Bolton", "client_id": "m1"})
    event = await reader.wait_for("event")
    assert event["kind"] == "message" and event["message"]["text"] == "Hello from Bolton"
    await close_all(member, reader)


async def test_participant_count_is_shown_live(connect, live_chat, people):
    first = await connect(live_chat, people["member"])
    second = await connect(live_chat, None)
    counts = []
    while not counts or counts[-1] != 2:
        frame = await first.communicator.receive_json_from(3)
        if frame["type"] == "participants":
            counts.append(frame["count"])
    await second.close()
    while counts[-1] != 1:
        frame = await first.communicator.receive_json_from(3)
        if frame["type"] == "participants":
            counts.append(frame["count"])
    await close_all(first)


async def test_broadcasts_reach_each_reader_without_passing_the_session_wrapper(connect, network, people, monkeypatch):
    """What each reader costs: its copy of a broadcast goes to the server's own send (chat.fanout).

    Channels' session middleware wraps `send` and reads the session on every call;
    the socket's own frames (hello, ack) still pass through it, broadcasts do not.
    """
    from channels.sessions import InstanceSessionWrapper

    through_wrapper = []
    wrapped_send = InstanceSessionWrapper.send

    async def counting_send(self, message):
        through_wrapper.append(message.get("text") or "")
        return await wrapped_send(self, message)

    monkeypatch.setattr(InstanceSessionWrapper, "send", counting_send)
    chat = await database_sync_to_async(make_chat)(network, format="open", title="Open chat")
    member = await connect(chat, people["member"])
    readers = [await connect(chat, None) for _ in range(3)]
    await member.send({"type": "submit", "text": "Hello from Wigan", "client_id": "m1"})
    for reader in readers:
        assert (await reader.wait_for("event"))["message"]["text"] == "Hello from Wigan"
    assert (await member.wait_for("ack"))["message"]["text"] == "Hello from Wigan"
    assert sum('"type":"hello"' in text for text in through_wrapper) == 4
    assert not [text for text in through_wrapper if '"type":"event"' in text]
    await close_all(member, *readers)
