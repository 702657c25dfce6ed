"""When a chat closes: the transcript on the page, searchable, linkable, exported; askers told; calendars."""

import csv
import io

import pytest
from icalendar import Calendar

from chat import actions
from chat.models import ChatMessage, LiveChatPage
from discussions.models import Notification
from tests.chat.factories import make_chat

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_chat(live_chat, people, django_capture_on_commit_callbacks):
    member, moderator, host = people["member"], people["moderator"], people["host"]
    asked = actions.submit(member, live_chat, "Will GP surgeries open on Saturdays?", "t1").message
    unanswered = actions.submit(people["other"], live_chat, "=HYPERLINK(\"http://evil\")", "t2").message
    rejected = actions.submit(member, live_chat, "Off-topic moan", "t3").message
    actions.approve(moderator, live_chat, asked.pk)
    actions.approve(moderator, live_chat, unanswered.pk)
    actions.reject(moderator, live_chat, rejected.pk)
    actions.vote(people["other"], live_chat, asked.pk)
    actions.answer(host, live_chat, asked.pk, "Yes: every practice by 2027.", "ans-1")
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_chat(host, live_chat)
    live_chat.asked, live_chat.unanswered = asked, unanswered
    return live_chat


def test_closed_chat_publishes_the_transcript_in_order_with_answers_and_votes(client, finished_chat):
    response = client.get(finished_chat.url)
    text = response.text
    assert "<h2 id=\"transcript-heading\">Transcript</h2>" in text
    assert text.index("Will GP surgeries open on Saturdays?") < text.index("Yes: every practice by 2027.")
    assert text.index("Yes: every practice by 2027.") < text.index("HYPERLINK")
    assert f'id="q-{finished_chat.asked.pk}"' in text and f'href="#q-{finished_chat.asked.pk}"' in text
    assert "Off-topic moan" not in text
    assert '<span class="vote-count">1</span> vote' in text
    assert 'id="chat-submit-form"' not in text


def test_after_closing_moderators_may_only_fix_or_take_down_transcript_messages(client, finished_chat, people):
    from networks.actions import ActionRefused

    moderator = people["moderator"]
    late = ChatMessage.objects.create(
        chat=finished_chat, author=people["other"], author_name="Olu Other", kind="question", status="pending",
        text="A question still waiting at the close", client_id="late",
    )
    for refused in (
        lambda: actions.approve(moderator, finished_chat, late.pk),
        lambda: actions.pin(moderator, finished_chat, finished_chat.asked.pk),
        lambda: actions.merge(moderator, finished_chat, finished_chat.unanswered.pk, finished_chat.asked.pk),
        lambda: actions.mute(moderator, finished_chat, finished_chat.unanswered.pk),
    ):
        with pytest.raises(ActionRefused, match="transcript is published"):
            refused()
    actions.edit(moderator, finished_chat, finished_chat.asked.pk, "Will GP surgeries open on Saturday mornings?")
    assert "Will GP surgeries open on Saturday mornings?" in client.get(finished_chat.url).text

    client.force_login(moderator)
    page = client.get(finished_chat.url).text
    assert page.count("Remove from the transcript") == 2  # the two published questions; no other controls
    assert "Approve" not in page and "Mute author" not in page
    response = client.post(
        f"/chats/{finished_chat.pk}/act/", {"type": "remove", "message": finished_chat.unanswered.pk}, follow=True
    )
    assert "Message removed." in response.text
    assert "HYPERLINK" not in response.text and "A question still waiting at the close" not in response.text
    client.force_login(people["member"])
    assert "Remove from the transcript" not in client.get(finished_chat.url).text


def test_transcript_search_finds_questions_and_answers(client, finished_chat):
    by_answer = client.get(finished_chat.url, {"q": "every practice"}).text
    assert "Will GP surgeries open" in by_answer and "HYPERLINK" not in by_answer
    assert "1 result for" in by_answer
    nothing = client.get(finished_chat.url, {"q": "pensions"}).text
    assert "Nothing in the transcript matches your search." in nothing


def test_markdown_export(client, finished_chat):
    response = client.get(f"/chats/{finished_chat.pk}/transcript.md")
    assert response["Content-Type"].startswith("text/markdown")
    body = response.content.decode()
    assert body.startswith(f"# {finished_chat.title}")
    assert "> Will GP surgeries open on Saturdays?" in body
    assert "**Helen Host MP** answered:" in body and "> Yes: every practice by 2027." in body
    assert "Votes: 1" in body and "Off-topic moan" not in body


def test_csv_export_neutralises_formulas(client, finished_chat):
    response = client.get(f"/chats/{finished_chat.pk}/transcript.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["text"] for row in rows] == ["Will GP surgeries open on Saturdays?", "'=HYPERLINK(\"http://evil\")"]
    assert rows[0]["answer"] == "Yes: every practice by 2027." and rows[0]["votes"] == "1"
    assert rows[0]["answered_by"] == "Helen Host MP"


def test_transcript_exports_wait_for_the_chat_to_close(client, live_chat):
    assert client.get(f"/chats/{live_chat.pk}/transcript.md").status_code == 404
    assert client.get(f"/chats/{live_chat.pk}/transcript.csv").status_code == 404


def test_askers_whose_question_was_answered_are_notified_once(finished_chat, people):
    notes = Notification.objects.filter(kind="chat_answered")
    assert list(notes.values_list("recipient", flat=True)) == [people["member"].pk]
    assert notes.get().url == f"{finished_chat.url}#q-{finished_chat.asked.pk}"
    assert actions.notify_answered(finished_chat) == 0
    assert notes.count() == 1


def test_chat_ics_and_network_calendar_feed(client, network):
    first = make_chat(network, title="Ask the Minister for Care", status="scheduled")
    make_chat(network, title="Winter pressures", status="closed")
    response = client.get(f"/chats/{first.pk}/chat.ics")
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Live chat: Ask the Minister for Care"
    assert event.decoded("dtstart") == first.starts_at.replace(microsecond=0)
    assert str(event["url"]).endswith(first.url)

    feed = Calendar.from_ical(client.get(f"/networks/{network.slug}/calendar.ics").content)
    assert sorted(str(e["summary"]) for e in feed.walk("VEVENT")) == [
        "Live chat: Ask the Minister for Care",
        "Live chat: Winter pressures",
    ]


def test_members_only_calendars_are_hidden_from_outsiders(client, private_network):
    chat = make_chat(private_network)
    assert client.get(f"/chats/{chat.pk}/chat.ics").status_code == 404
    assert client.get(f"/networks/{private_network.slug}/calendar.ics").status_code == 404


def test_chat_page_queries_do_not_grow_with_questions(client, live_chat, people, django_assert_max_num_queries, settings):
    settings.CHAT_RATE_LIMIT_COUNT = 100
    for n in range(12):
        question = actions.submit(people["member"] if n % 2 else people["other"], live_chat, f"Q{n}", f"n{n}").message
        actions.approve(people["moderator"], live_chat, question.pk)
        actions.answer(people["host"], live_chat, question.pk, f"A{n}", f"a{n}")
    client.force_login(people["moderator"])
    with django_assert_max_num_queries(40):
        response = client.get(live_chat.url)
    assert response.text.count('class="chat-answer"') == 12


def test_chat_clock_closes_chats_nobody_is_watching_and_tells_askers(network, people, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    chat = make_chat(network)
    asked = actions.submit(people["member"], chat, "Will my surgery stay open?", "clock-1").message
    actions.approve(people["moderator"], chat, asked.pk)
    actions.answer(people["host"], chat, asked.pk, "It will.", "clock-a")
    LiveChatPage.objects.filter(pk=chat.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("chat_clock", stdout=io.StringIO())
        call_command("chat_clock", stdout=io.StringIO())
    assert chat.state().closed_at is not None
    assert Notification.objects.filter(kind="chat_answered", recipient=people["member"]).count() == 1


def test_markdown_export_quotes_members_text_and_keeps_names_in_their_headings(client, live_chat, people):
    """Rendered by a CommonMark renderer that passes HTML through, nothing a member typed becomes markup."""
    from markdown_it import MarkdownIt

    member = people["member"]
    member.profile.display_name = "<b>Eve</b>\n# Owned [x](javascript:alert(1))"
    member.profile.save()
    hostile = "<img src=x onerror=alert(1)>\n# Not a heading\n[click](javascript:alert(2)) **bold** <script>alert(3)</script>"
    question = actions.submit(member, live_chat, hostile, "hostile").message
    actions.approve(people["moderator"], live_chat, question.pk)
    actions.answer(people["host"], live_chat, question.pk, "<iframe src=//evil></iframe> & that's that", "hostile-a")
    actions.close_chat(people["host"], live_chat)

    body = client.get(f"/chats/{live_chat.pk}/transcript.md").content.decode()
    html = MarkdownIt("commonmark", {"html": True}).render(body)
    for tag in ("<img", "<script", "<iframe", "<b>", 'href="javascript', "<strong>bold</strong>"):
        assert tag not in html, f"{tag} came through as markup"
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1
    assert "Owned" in html.split("<h2>")[1].split("</h2>")[0], "the whole name stays in its heading"
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "# Not a heading" in html
