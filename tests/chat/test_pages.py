"""The chat page without JavaScript: read the transcript, ask by POST, moderate and answer with forms."""

import pytest
from django.core import mail

from chat.models import ChatMessage, ChatModerationEntry
from discussions.models import Notification
from tests.chat.factories import make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db


def ask(client, chat, text="Will GP surgeries open on Saturdays?", client_id="form-1"):
    return client.post(f"/chats/{chat.pk}/submit/", {"text": text, "client_id": client_id})


def test_anonymous_visitor_reads_a_public_chat_and_is_invited_to_sign_in(client, live_chat, people):
    question = ChatMessage.objects.create(
        chat=live_chat, author=people["member"], author_name="Aisha Member", kind="question", status="approved",
        text="What about dentists?", client_id="x", approved_at=live_chat.starts_at,
    )
    response = client.get(live_chat.url)
    assert response.status_code == 200
    assert "What about dentists?" in response.text
    assert f'id="q-{question.pk}"' in response.text
    assert "Sign in</a> to ask a question" in response.text
    assert 'id="chat-submit-form"' not in response.text


def test_anonymous_post_is_refused_and_nothing_stored(client, live_chat):
    response = ask(client, live_chat)
    assert response.status_code == 403
    assert "Please sign in to take part" in response.text
    assert not ChatMessage.objects.exists()


def test_member_asks_by_post_and_the_question_waits_for_moderators(client, live_chat, people):
    client.force_login(people["member"])
    response = ask(client, live_chat)
    assert response.status_code == 302
    question = ChatMessage.objects.get()
    assert question.status == "pending" and question.author_name == "Aisha Member"
    page = client.get(live_chat.url)
    assert "your question is with the moderators" in page.text
    assert "Your questions awaiting approval" in page.text


def test_retried_form_post_is_stored_once(client, live_chat, people):
    client.force_login(people["member"])
    ask(client, live_chat, client_id="same")
    ask(client, live_chat, client_id="same")
    assert ChatMessage.objects.count() == 1


def test_empty_and_oversized_questions_are_refused_with_the_text_kept(client, live_chat, people, settings):
    settings.CHAT_MAX_TEXT_CHARS = 20
    client.force_login(people["member"])
    response = ask(client, live_chat, text="   ")
    assert response.status_code == 400 and "This field is required" in response.text
    long_text = "Why are waiting lists so long in Wigan?"
    response = ask(client, live_chat, text=long_text)
    assert response.status_code == 400
    assert "at most 20 characters" in response.text
    assert long_text in response.text
    assert not ChatMessage.objects.exists()


def test_non_member_cannot_ask_in_members_only_network(client, private_network):
    chat = make_chat(private_network)
    outsider = factories.make_user()
    client.force_login(outsider)
    assert client.get(chat.url).status_code == 403
    assert ask(client, chat).status_code == 404
    assert not ChatMessage.objects.exists()


def test_signed_in_non_member_of_public_network_is_told_to_join(client, live_chat):
    client.force_login(factories.make_user())
    response = ask(client, live_chat)
    assert response.status_code == 400
    assert "Join Health Network to take part" in response.text


def test_a_muted_member_is_told_so_not_asked_to_join(client, live_chat, people):
    from chat.models import ChatMute

    ChatMute.objects.create(chat=live_chat, user=people["member"], muted_by=people["moderator"])
    client.force_login(people["member"])
    response = client.get(live_chat.url)
    assert "A moderator has muted you in this chat, so you cannot post in it." in response.text
    assert "to take part in this chat" not in response.text
    assert 'id="chat-submit-form"' not in response.text
    assert 'data-muted="1"' in response.text


def test_moderator_approves_and_host_answers_with_forms(client, live_chat, people):
    client.force_login(people["member"])
    ask(client, live_chat)
    question = ChatMessage.objects.get()
    client.force_login(people["member"])
    refused = client.post(f"/chats/{live_chat.pk}/act/", {"type": "approve", "question": question.pk}, follow=True)
    assert "moderators can do that." in refused.text

    client.force_login(people["moderator"])
    page = client.get(live_chat.url)
    assert "Incoming questions" in page.text and f'id="p-{question.pk}"' in page.text
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "approve", "question": question.pk}, follow=True)
    assert "Question approved" in response.text
    assert ChatModerationEntry.objects.filter(action="approve", actor=people["moderator"]).exists()

    client.force_login(people["host"])
    page = client.get(live_chat.url)
    assert f'id="h-{question.pk}"' in page.text
    response = client.post(
        f"/chats/{live_chat.pk}/act/",
        {"type": "answer", "question": question.pk, "text": "From next spring.", "client_id": "ans-1"},
        follow=True,
    )
    assert "Your answer is published." in response.text
    assert "From next spring." in response.text
    assert ChatMessage.objects.get(kind="answer").reply_to == question


def test_bad_numbers_in_forms_get_a_message_not_an_error(client, live_chat, people):
    client.force_login(people["moderator"])
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "approve", "question": "abc"}, follow=True)
    assert response.status_code == 200 and "must be a whole number" in response.text
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "launch"}, follow=True)
    assert "does not do anything here" in response.text
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "approve", "question": 999999}, follow=True)
    assert "could not be found in this chat" in response.text


def test_member_text_is_escaped(client, live_chat, people):
    client.force_login(people["moderator"])
    ChatMessage.objects.create(
        chat=live_chat, author=people["member"], author_name="<b>Eve</b>", kind="question", status="approved",
        text="<script>alert(1)</script>", client_id="x", approved_at=live_chat.starts_at,
    )
    response = client.get(live_chat.url)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_chats_are_listed_on_network_and_home_pages(client, network):
    upcoming = make_chat(network, title="Ask the Minister for Care", status="scheduled")
    past = make_chat(network, title="Winter pressures questions", status="closed")
    for url in (network.url, "/"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.text
        assert upcoming.title in text and past.title in text
        assert text.index("Coming up") < text.index(upcoming.title) < text.index("Past chats") < text.index(past.title)
        assert "<h3>Live now</h3>" not in text


def test_a_chat_live_now_has_its_own_section_before_coming_up(client, network):
    """A member arriving during a chat sees it first, to join, not among the chats to put in a calendar."""
    live = make_chat(network, title="Ask the Health Secretary now", status="live")
    upcoming = make_chat(network, title="Ask the Minister for Care", status="scheduled")
    for url in (network.url, "/"):
        text = client.get(url).text
        assert text.index("<h3>Live now</h3>") < text.index(live.title) < text.index("<h3>Coming up</h3>")
        assert text.index("<h3>Coming up</h3>") < text.index(upcoming.title)
        assert live.title not in text[text.index("<h3>Coming up</h3>"):]


def test_members_only_chats_stay_off_the_home_page_for_outsiders(client, private_network):
    chat = make_chat(private_network, title="Governors only chat", status="scheduled")
    assert chat.title not in client.get("/").text
    member = factories.make_user()
    factories.make_membership(member, private_network)
    client.force_login(member)
    assert chat.title in client.get("/").text


def test_reminder_is_sent_once_shortly_before_the_chat(client, network, people, settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from chat.actions import send_due_reminders

    chat = make_chat(network, status="scheduled")
    client.force_login(people["member"])
    response = client.post(f"/chats/{chat.pk}/remind/", follow=True)
    assert "We will remind you" in response.text
    assert "Cancel my reminder" in response.text
    assert send_due_reminders() == 0
    soon = chat.starts_at - timedelta(minutes=settings.CHAT_REMINDER_LEAD_MINUTES - 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=soon) == 1
        assert send_due_reminders(now=soon) == 0
    reminded = [m for m in mail.outbox if people["member"].email in m.to]
    assert len(reminded) == 1 and chat.title in reminded[0].subject
    assert Notification.objects.get(recipient=people["member"], kind="chat_reminder").url == chat.url
    assert timezone.now() < chat.starts_at
