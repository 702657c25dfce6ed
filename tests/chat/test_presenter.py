"""The presenter view and "answering now": chosen by hosts and moderators, followed live by every view."""

import pytest
from channels.db import database_sync_to_async

from chat import actions
from chat.models import LiveChatState
from networks.actions import ActionRefused
from tests.chat.factories import close_all, make_chat


def approved(chat, people, text, client_id, votes=0):
    question = actions.submit(people["member"], chat, text, client_id).message
    actions.approve(people["moderator"], chat, question.pk)
    voters = [people["other"], people["host"], people["moderator"]]
    for voter in voters[:votes]:
        actions.vote(voter, chat, question.pk)
    return question


@pytest.mark.django_db
def test_the_presenter_view_shows_the_question_being_answered_and_the_next_by_votes(client, live_chat, people):
    low = approved(live_chat, people, "Will dentists get more funding?", "q1", votes=1)
    high = approved(live_chat, people, "When will GP surgeries open on Saturdays?", "q2", votes=3)
    now = approved(live_chat, people, "What about rural midwives?", "q3")
    actions.choose_answering_now(people["host"], live_chat, now.pk)

    page = client.get(f"/chats/{live_chat.pk}/presenter/")
    assert page.status_code == 200
    text = page.text
    assert 'id="presenter-answering"' in text and "What about rural midwives?" in text
    assert text.index("When will GP surgeries open on Saturdays?") < text.index("Will dentists get more funding?")
    assert "3 votes" in text and "1 vote</span>" in text
    assert "<form" not in text and "<button" not in text, "nothing to press on the room's screen"
    assert page.context["next_up"] == [high, low]

    board = client.get(f"/chats/{live_chat.pk}/presenter/?board=1").text
    assert "<html" not in board and "What about rural midwives?" in board

    live_page = client.get(live_chat.url).text
    assert 'id="chat-answering"' in live_page and "What about rural midwives?" in live_page


@pytest.mark.django_db
def test_a_members_only_chats_presenter_view_is_for_its_readers_only(client, private_network):
    chat = make_chat(private_network)
    assert client.get(f"/chats/{chat.pk}/presenter/").status_code == 404


@pytest.mark.django_db
def test_only_hosts_and_moderators_choose_and_only_approved_questions(live_chat, people):
    question = approved(live_chat, people, "Will dentists get more funding?", "q1")
    pending = actions.submit(people["other"], live_chat, "Not approved yet", "q2").message
    with pytest.raises(ActionRefused, match="Only this chat's hosts and moderators"):
        actions.choose_answering_now(people["member"], live_chat, question.pk)
    with pytest.raises(ActionRefused, match="approve it first"):
        actions.choose_answering_now(people["moderator"], live_chat, pending.pk)
    with pytest.raises(ActionRefused, match="could not be found"):
        actions.choose_answering_now(people["host"], live_chat, 10**9)
    assert LiveChatState.objects.get(chat=live_chat).answering_now is None


@pytest.mark.django_db
def test_removing_the_question_being_answered_takes_it_off_the_screen(client, live_chat, people):
    question = approved(live_chat, people, "Will dentists get more funding?", "q1")
    actions.choose_answering_now(people["moderator"], live_chat, question.pk)
    actions.remove(people["moderator"], live_chat, question.pk)
    assert LiveChatState.objects.get(chat=live_chat).answering_now is None
    assert live_chat.events.order_by("-seq").first().payload == {"question": None}
    assert "The host will choose the next question in a moment." in client.get(f"/chats/{live_chat.pk}/presenter/").text


@pytest.mark.django_db(transaction=True)
async def test_answering_now_reaches_every_view_live(connect, live_chat, people):
    question = await database_sync_to_async(approved)(live_chat, people, "Will dentists get more funding?", "q1")
    host = await connect(live_chat, people["host"])
    member = await connect(live_chat, people["member"])
    screen = await connect(live_chat, None)
    await host.send({"type": "answering", "question": question.pk, "ref": "now"})
    ack = await host.wait_for("ack")
    assert ack["answering"] == question.pk
    for socket in (member, screen):
        event = await socket.wait_for("event", "answering")
        assert event["question"]["text"] == "Will dentists get more funding?"
    await member.send({"type": "answering", "question": question.pk, "ref": "me"})
    refused = await member.wait_for("error")
    assert refused["code"] == "refused"
    await host.send({"type": "answering"})
    assert (await screen.wait_for("event", "answering"))["question"] is None
    await close_all(host, member, screen)
