"""Live polls: asked by a host or moderator, answered once by members, results live, closed, kept in the transcript."""

import csv
import io
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from chat import actions, member_data
from chat.models import (
    ChatEvent,
    ChatModerationEntry,
    ChatPoll,
    ChatPollAnswer,
    ChatPollOption,
    LiveChatPage,
)
from networks.actions import ActionRefused
from tests.chat.factories import close_all, make_chat

OPTIONS = ["Yes, every region", "Only where waiting lists are longest", "No"]


@pytest.mark.django_db(transaction=True)
async def test_a_poll_runs_live_answered_once_and_closed_by_the_host(connect, live_chat, people):
    host = await connect(live_chat, people["host"])
    member = await connect(live_chat, people["member"])
    other = await connect(live_chat, people["other"])
    moderator = await connect(live_chat, people["moderator"])

    await host.send({"type": "ask_poll", "text": "Should the plan fund Saturday clinics?", "options": OPTIONS,
                     "client_id": "poll-1", "ref": "p"})
    ack = await host.wait_for("ack")
    poll = ack["poll"]
    assert [o["text"] for o in poll["options"]] == OPTIONS and poll["status"] == "open" and poll["asked_by"] == "Helen Host MP"
    for socket in (member, other, moderator):
        asked = await socket.wait_for("event", "poll")
        assert asked["poll"]["question"] == "Should the plan fund Saturday clinics?"

    yes, only, no = (o["id"] for o in poll["options"])
    await member.send({"type": "answer_poll", "poll": poll["id"], "option": yes, "ref": 1})
    assert (await member.wait_for("ack"))["option"] == yes
    await other.send({"type": "answer_poll", "poll": poll["id"], "option": no})
    await other.wait_for("ack")
    tallies = None
    while tallies is None or tallies["total"] < 2:
        tallies = await host.wait_for("event", "poll_votes")
    assert {o["id"]: o["votes"] for o in tallies["options"]} == {yes: 1, only: 0, no: 1}

    await member.send({"type": "answer_poll", "poll": poll["id"], "option": no, "ref": "again"})
    again = await member.wait_for("error")
    assert again["code"] == "refused" and again["message"] == "You have already answered this poll: each member answers once."

    await moderator.send({"type": "close_poll", "poll": poll["id"]})
    closed = await other.wait_for("event", "poll_closed")
    assert closed["poll"]["status"] == "closed" and closed["poll"]["total"] == 2
    await other.send({"type": "answer_poll", "poll": poll["id"], "option": yes, "ref": "late"})
    late = await other.wait_for("error")
    assert late["code"] == "refused" and "This poll has closed" in late["message"]

    option_votes = {o.pk: o.vote_count async for o in ChatPollOption.objects.filter(poll_id=poll["id"])}
    assert option_votes == {yes: 1, only: 0, no: 1}
    assert await ChatPollAnswer.objects.filter(poll_id=poll["id"]).acount() == 2
    assert await ChatModerationEntry.objects.filter(chat=live_chat, action__in=["poll", "close_poll"]).acount() == 2
    seqs = [seq async for seq in ChatEvent.objects.filter(chat=live_chat).order_by("seq").values_list("seq", flat=True)]
    assert seqs == list(range(1, len(seqs) + 1))
    await close_all(host, member, other, moderator)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "options,message",
    [
        (["Only one"], "A poll needs from 2 to 6 options; this one has 1."),
        ([f"Choice {n}" for n in range(9)], "A poll needs from 2 to 6 options; this one has 9."),
        (["Yes", "  ", ""], "A poll needs from 2 to 6 options; this one has 1."),
        (["Yes", "yes"], "Two options say the same thing (“yes”): make each one different."),
    ],
)
async def test_a_poll_with_too_few_or_too_many_options_is_refused_clearly(connect, live_chat, people, options, message):
    host = await connect(live_chat, people["host"])
    await host.send({"type": "ask_poll", "text": "Which first?", "options": options, "client_id": "bad", "ref": "b"})
    error = await host.wait_for("error")
    assert error == {"type": "error", "code": "refused", "message": message, "ref": "b"}
    await host.send({"type": "ping", "ref": "still"})
    assert (await host.wait_for("pong"))["ref"] == "still"
    assert not await ChatPoll.objects.aexists()
    await close_all(host)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("options", ["Yes, No", [1, 2], {"a": "b"}, ["ok", "\ud800"]])
async def test_options_that_are_not_a_list_of_texts_are_an_invalid_frame(connect, live_chat, people, options):
    host = await connect(live_chat, people["host"])
    await host.send({"type": "ask_poll", "text": "Which first?", "options": options, "client_id": "bad"})
    error = await host.wait_for("error")
    assert error["code"] == "invalid_frame" and "options" in error["message"]
    assert not await ChatPoll.objects.aexists()
    await close_all(host)


@pytest.mark.django_db(transaction=True)
async def test_a_member_who_was_away_sees_the_poll_and_its_result_on_resume(connect, live_chat, people):
    member = await connect(live_chat, people["member"])
    seen = member.hello["seq"]
    await member.close()
    poll = await database_sync_to_async(actions.ask_poll)(people["host"], live_chat, "Saturday clinics?", ["Yes", "No"], "p-away")
    yes = await ChatPollOption.objects.aget(poll=poll, text="Yes")
    await database_sync_to_async(actions.answer_poll)(people["other"], live_chat, poll.pk, yes.pk)
    await database_sync_to_async(actions.close_poll)(people["moderator"], live_chat, poll.pk)

    back = await connect(live_chat, people["member"])
    await back.send({"type": "resume", "after": seen})
    frames = await back.receive_until("resumed")
    kinds = [frame["kind"] for frame in frames if frame["type"] == "event"]
    assert kinds == ["poll", "poll_votes", "poll_closed"]
    final = frames[2]["poll"]
    assert final["status"] == "closed" and {o["text"]: o["votes"] for o in final["options"]} == {"Yes": 1, "No": 0}
    await close_all(back)


@pytest.mark.django_db(transaction=True)
async def test_answers_in_quick_succession_reach_readers_as_one_tally(connect, live_chat, people, settings):
    """However fast members answer, readers get about one `poll_votes` frame per interval, with every answer in it."""
    settings.CHAT_POLL_TALLY_SECONDS = 3
    host = await connect(live_chat, people["host"])
    member = await connect(live_chat, people["member"])
    other = await connect(live_chat, people["other"])
    moderator = await connect(live_chat, people["moderator"])
    await host.send({"type": "ask_poll", "text": "Saturday clinics?", "options": ["Yes", "No"], "client_id": "quick"})
    poll = (await host.wait_for("ack"))["poll"]
    yes, no = (o["id"] for o in poll["options"])

    await member.send({"type": "answer_poll", "poll": poll["id"], "option": yes})
    await member.wait_for("ack")
    first = await host.wait_for("event", "poll_votes")
    assert first["total"] == 1, "the first answer after a quiet spell is shown at once"
    for socket, option in ((other, no), (moderator, yes)):
        await socket.send({"type": "answer_poll", "poll": poll["id"], "option": option})
        await socket.wait_for("ack")
    caught_up = await host.wait_for("event", "poll_votes")
    assert caught_up["total"] == 3 and {o["id"]: o["votes"] for o in caught_up["options"]} == {yes: 2, no: 1}
    tallies = [p async for p in ChatEvent.objects.filter(chat=live_chat, kind="poll_votes").order_by("seq").values_list("payload", flat=True)]
    assert [t["total"] for t in tallies] == [1, 3], "the two quick answers went out together, once"
    await close_all(host, member, other, moderator)


@pytest.mark.django_db
def test_a_held_back_tally_is_published_once(live_chat, people, settings):
    settings.CHAT_POLL_TALLY_SECONDS = 60
    poll = actions.ask_poll(people["host"], live_chat, "Saturday clinics?", ["Yes", "No"], "held")
    yes = poll.options.get(text="Yes")
    for person in ("member", "other", "moderator"):
        actions.answer_poll(people[person], live_chat, poll.pk, yes.pk)
    tallies = ChatEvent.objects.filter(chat=live_chat, kind="poll_votes").order_by("seq")
    assert [t.payload["total"] for t in tallies] == [1]
    assert actions.publish_poll_tally(live_chat.pk, poll.pk) is True
    assert actions.publish_poll_tally(live_chat.pk, poll.pk) is False, "nothing new: nothing sent"
    assert [t.payload["total"] for t in tallies.all()] == [1, 3]
    actions.close_poll(people["host"], live_chat, poll.pk)
    assert actions.publish_poll_tally(live_chat.pk, poll.pk) is False, "a closed poll's result is in poll_closed"


@pytest.mark.django_db
def test_only_hosts_and_moderators_ask_and_close_and_muted_members_cannot_answer(live_chat, people):
    with pytest.raises(ActionRefused, match="Only this chat's hosts and moderators can ask a poll"):
        actions.ask_poll(people["member"], live_chat, "Mine?", ["A", "B"], "m-1")
    poll = actions.ask_poll(people["moderator"], live_chat, "Theirs?", ["A", "B"], "mod-1")
    with pytest.raises(ActionRefused, match="A poll is already running"):
        actions.ask_poll(people["host"], live_chat, "Another?", ["A", "B"], "host-2")
    assert actions.ask_poll(people["moderator"], live_chat, "Theirs?", ["A", "B"], "mod-1") == poll, "a retry is the same poll"
    with pytest.raises(ActionRefused, match="can close a poll"):
        actions.close_poll(people["member"], live_chat, poll.pk)
    message = actions.submit(people["other"], live_chat, "A question", "q-1").message
    actions.mute(people["moderator"], live_chat, message.pk)
    option = poll.options.first()
    with pytest.raises(ActionRefused, match="muted you"):
        actions.answer_poll(people["other"], live_chat, poll.pk, option.pk)
    with pytest.raises(ActionRefused, match="Choose one of the poll's options"):
        actions.answer_poll(people["member"], live_chat, poll.pk, 10**9)
    assert not ChatPollAnswer.objects.exists()


@pytest.mark.django_db
def test_polls_wait_for_the_chat_to_open_and_close_with_it(network, people, django_capture_on_commit_callbacks):
    chat = make_chat(network, status="scheduled")
    with pytest.raises(ActionRefused, match="has not started yet"):
        actions.ask_poll(people["host"], chat, "Early?", ["A", "B"], "early")
    actions.open_chat(people["host"], chat)
    poll = actions.ask_poll(people["host"], chat, "Now?", ["A", "B"], "now")
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_chat(people["host"], chat)
    poll.refresh_from_db()
    assert poll.status == "closed"
    kinds = list(ChatEvent.objects.filter(chat=chat).order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == ["poll_closed", "state"]


@pytest.mark.django_db
def test_a_poll_closes_when_the_clock_ends_the_chat_and_takes_no_late_answer(network, people):
    chat = make_chat(network)
    poll = actions.ask_poll(people["host"], chat, "Before we finish?", ["A", "B"], "clock")
    LiveChatPage.objects.filter(pk=chat.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    chat.refresh_from_db()
    with pytest.raises(ActionRefused, match="This poll has closed"):
        actions.answer_poll(people["member"], chat, poll.pk, poll.options.first().pk)
    poll.refresh_from_db()
    assert poll.status == "closed" and not ChatPollAnswer.objects.exists()
    kinds = list(ChatEvent.objects.filter(chat=chat).order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == ["poll_closed", "state"]


@pytest.mark.django_db
def test_polls_work_without_javascript(client, live_chat, people):
    client.force_login(people["host"])
    asked = client.post(
        f"/chats/{live_chat.pk}/act/",
        {"type": "ask_poll", "text": "Which matters most?", "options": ["Dentists", "GPs", "", "Mental health", "", ""],
         "client_id": "form-poll"},
        follow=True,
    )
    assert "Your poll is running" in asked.text
    poll = ChatPoll.objects.get()
    assert list(poll.options.values_list("text", flat=True)) == ["Dentists", "GPs", "Mental health"]

    client.force_login(people["member"])
    page = client.get(live_chat.url).text
    assert "Which matters most?" in page and "chat-poll-form" in page
    gps = poll.options.get(text="GPs")
    answered = client.post(f"/chats/{live_chat.pk}/act/", {"type": "answer_poll", "poll": poll.pk, "option": gps.pk}, follow=True)
    assert "Your answer is counted." in answered.text
    assert "You answered: GPs" in answered.text and "chat-poll-form" not in answered.text
    assert '<rect class="poll-bar-fill" width="100" height="4">' in answered.text
    twice = client.post(f"/chats/{live_chat.pk}/act/", {"type": "answer_poll", "poll": poll.pk, "option": gps.pk}, follow=True)
    assert "You have already answered this poll" in twice.text

    client.force_login(people["host"])
    second = client.post(
        f"/chats/{live_chat.pk}/act/",
        {"type": "ask_poll", "text": "Another?", "options": ["Yes", "No"], "client_id": "form-2"}, follow=True,
    )
    assert "A poll is already running: close it before asking another." in second.text
    client.post(f"/chats/{live_chat.pk}/act/", {"type": "close_poll", "poll": poll.pk})
    one = client.post(
        f"/chats/{live_chat.pk}/act/",
        {"type": "ask_poll", "text": "Too short?", "options": ["Only"], "client_id": "form-3"}, follow=True,
    )
    assert one.status_code == 200 and "A poll needs from 2 to 6 options; this one has 1." in one.text
    assert ChatPoll.objects.count() == 1


@pytest.mark.django_db
def test_the_result_is_in_the_transcript_and_its_exports(client, live_chat, people, django_capture_on_commit_callbacks):
    poll = actions.ask_poll(people["host"], live_chat, "Which comes first?", ["=SUM(A1)", "GP access"], "t-poll")
    formula, access = poll.options.all()
    actions.answer_poll(people["member"], live_chat, poll.pk, access.pk)
    actions.answer_poll(people["other"], live_chat, poll.pk, access.pk)
    actions.answer_poll(people["moderator"], live_chat, poll.pk, formula.pk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_chat(people["host"], live_chat)

    page = client.get(live_chat.url).text
    assert "Which comes first?" in page and "Poll closed" in page
    assert '<span class="poll-votes">2</span> (<span class="poll-percent">67</span>%)' in page
    assert "chat-poll-form" not in page and "chat-poll-close" not in page

    markdown = client.get(f"/chats/{live_chat.pk}/transcript.md").content.decode()
    assert "## Polls" in markdown and "> Which comes first?" in markdown
    assert "- GP access: 2 (67%)" in markdown and "- =SUM(A1): 1 (33%)" in markdown and "Answers: 3" in markdown

    rows = list(csv.reader(io.StringIO(client.get(f"/chats/{live_chat.pk}/transcript.csv").content.decode())))
    poll_rows = [row for row in rows if row[1] in ("poll", "poll_option")]
    assert poll_rows[0][1:2] == ["poll"] and poll_rows[0][4:6] == ["Which comes first?", "3"]
    assert [row[4:6] for row in poll_rows[1:]] == [["'=SUM(A1)", "1"], ["GP access", "2"]]


@pytest.mark.django_db
def test_a_members_poll_answers_are_in_their_data_and_go_with_their_account(live_chat, people):
    poll = actions.ask_poll(people["host"], live_chat, "Which comes first?", ["Dentists", "GPs"], "d-poll")
    gps = poll.options.get(text="GPs")
    actions.answer_poll(people["member"], live_chat, poll.pk, gps.pk)
    exported = member_data.export(people["member"])
    assert exported["chat_poll_answers"][0]["answer"] == "GPs"
    assert member_data.export(people["host"])["chat_polls_asked"][0]["question"] == "Which comes first?"
    member_data.erase(people["member"])
    member_data.erase(people["host"])
    assert not ChatPollAnswer.objects.exists()
    gps.refresh_from_db()
    poll.refresh_from_db()
    assert gps.vote_count == 1, "the option keeps its tally"
    assert poll.asked_by_name != "Helen Host MP"
