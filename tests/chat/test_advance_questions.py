"""Questions in advance: a scheduled Q&A chat takes questions and votes, moderators work the queue before it opens."""

import re

import pytest
from channels.db import database_sync_to_async

from chat import actions
from chat.models import ChatMessage
from networks.actions import ActionRefused
from tests.chat.factories import close_all, make_chat

pytestmark = pytest.mark.django_db


def test_members_ask_and_vote_and_moderators_approve_before_the_chat_opens(client, network, people):
    chat = make_chat(network, status="scheduled")
    client.force_login(people["member"])
    response = client.post(f"/chats/{chat.pk}/submit/", {"text": "Will the NHS plan cover dentists?", "client_id": "early-1"})
    assert response.status_code == 302
    first = ChatMessage.objects.get(chat=chat)
    assert first.status == "pending"
    actions.submit(people["other"], chat, "What about mental health waiting times?", "early-2")

    client.force_login(people["moderator"])
    approved = client.post(f"/chats/{chat.pk}/act/", {"type": "approve", "question": first.pk}, follow=True)
    assert "Question approved" in approved.text
    client.force_login(people["other"])
    client.post(f"/chats/{chat.pk}/act/", {"type": "vote", "question": first.pk})
    first.refresh_from_db()
    assert first.status == "approved" and first.vote_count == 1

    client.logout()
    page = client.get(chat.url).text
    assert re.search(r"The chat opens on \w+ \d+ \w+, \d\d:\d\d", page)
    assert "2 questions are waiting." in page
    assert "Will the NHS plan cover dentists?" in page and '<span class="vote-count">1</span> vote</span>' in page
    assert "Scheduled" in page


def test_one_waiting_question_is_said_in_the_singular(client, network, people):
    chat = make_chat(network, status="scheduled")
    actions.submit(people["member"], chat, "Will the NHS plan cover dentists?", "early-1")
    assert "1 question is waiting." in client.get(chat.url).text


def test_the_host_answers_only_once_the_chat_is_open(client, network, people):
    chat = make_chat(network, status="scheduled")
    question = actions.submit(people["member"], chat, "Will the NHS plan cover dentists?", "early-1").message
    actions.approve(people["moderator"], chat, question.pk)
    client.force_login(people["host"])
    response = client.post(
        f"/chats/{chat.pk}/act/", {"type": "answer", "question": question.pk, "text": "Yes.", "client_id": "a-1"}, follow=True
    )
    assert "This chat has not started yet. It opens on" in response.text
    assert not ChatMessage.objects.filter(kind="answer").exists()
    actions.open_chat(people["host"], chat)
    actions.answer(people["host"], chat, question.pk, "Yes, from April.", "a-2")
    question.refresh_from_db()
    assert question.answered_at is not None


def test_an_open_format_chat_takes_messages_only_once_live_and_keeps_the_text(client, network, people):
    chat = make_chat(network, status="scheduled", format="open")
    client.force_login(people["member"])
    response = client.post(f"/chats/{chat.pk}/submit/", {"text": "Hello from Bolton", "client_id": "m-1"})
    assert response.status_code == 400
    assert "This chat has not started yet. It opens on" in response.text
    assert "Hello from Bolton" in response.text
    assert not ChatMessage.objects.exists()
    assert "The form opens when the chat goes live" in response.text


def test_a_closed_chat_takes_no_more_questions_or_votes(network, people):
    chat = make_chat(network, status="closed")
    with pytest.raises(ActionRefused, match="has closed"):
        actions.submit(people["member"], chat, "Too late?", "late-1")
    assert not ChatMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_question_sent_in_advance_reaches_the_moderators_live(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network, status="scheduled")
    member = await connect(chat, people["member"])
    moderator = await connect(chat, people["moderator"])
    assert member.hello["state"] == "scheduled"
    await member.send({"type": "submit", "text": "Will the plan reach rural midwives?", "client_id": "adv-1", "ref": "adv-1"})
    ack = await member.wait_for("ack")
    assert ack["message"]["status"] == "pending"
    incoming = await moderator.wait_for("event", "question")
    assert incoming["question"]["text"] == "Will the plan reach rural midwives?"
    await moderator.send({"type": "approve", "question": ack["message"]["id"]})
    assert (await member.wait_for("event", "approved"))["question"]["id"] == ack["message"]["id"]
    await close_all(member, moderator)
