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


@pytest.mark.parametrize(
    "path",
    [
        "/chats/9223372036854775808/chat.ics",
        "/chats/18446744073709551617/transcript.md",
        "/chats/99999999999999999999999/transcript.csv",
        "/chats/²/chat.ics",
        "/chats/٣/chat.ics",
    ],
)
def test_chat_urls_with_ids_past_64_bits_or_other_digits_are_not_found(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path.rsplit("/", 1)[0] + "/act/", {"type": "vote", "question": "1"}).status_code == 404


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "9223372036854775808", " 1 2", "1e3"])
def test_a_button_with_a_number_of_another_shape_gets_a_message_and_acts_on_nothing(client, live_chat, people, value):
    """int() reads "٣" as 3: a form field is a number only in ASCII digits, within 64 bits."""
    question = ChatMessage.objects.create(
        chat=live_chat, author=people["member"], author_name="Aisha Member", kind="question", status="pending",
        text="Three?", client_id="three",
    )
    ChatMessage.objects.filter(pk=question.pk).update(id=3)
    client.force_login(people["moderator"])
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "approve", "question": value}, follow=True)
    assert response.status_code == 200
    assert "must be a whole number" in response.text or "out of range" in response.text
    assert ChatMessage.objects.get(pk=3).status == "pending"


def test_moderators_fix_typos_in_approved_questions_and_answers_and_the_edit_is_logged(client, live_chat, people):
    from chat import actions

    question = actions.submit(people["member"], live_chat, "Will GP surgerys open on Saturdays?", "typo-q").message
    actions.approve(people["moderator"], live_chat, question.pk)
    answer = actions.answer(people["host"], live_chat, question.pk, "Yes, from next sping.", "typo-a").message

    client.force_login(people["member"])
    assert f'id="edit-{question.pk}"' not in client.get(live_chat.url).text
    client.force_login(people["moderator"])
    page = client.get(live_chat.url).text
    assert f'id="edit-{question.pk}"' in page and f'id="edit-{answer.pk}"' in page
    for message, text in ((question, "Will GP surgeries open on Saturdays?"), (answer, "Yes, from next spring.")):
        response = client.post(
            f"/chats/{live_chat.pk}/act/", {"type": "edit", "message": message.pk, "text": text}, follow=True
        )
        assert "Text corrected." in response.text and text in response.text
    logged = ChatModerationEntry.objects.filter(action="edit").order_by("pk")
    assert [entry.detail for entry in logged] == ["Will GP surgerys open on Saturdays?", "Yes, from next sping."]
    assert [entry.actor for entry in logged] == [people["moderator"]] * 2


def test_an_asker_is_told_when_their_question_is_rejected_or_merged(client, live_chat, people, django_capture_on_commit_callbacks):
    from chat import actions

    kept = actions.submit(people["other"], live_chat, "When will waiting lists fall?", "kept").message
    actions.approve(people["moderator"], live_chat, kept.pk)
    duplicate = actions.submit(people["member"], live_chat, "Waiting lists: when do they come down?", "dup").message
    off_topic = actions.submit(people["member"], live_chat, "What about the bins?", "bins").message
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.merge(people["moderator"], live_chat, duplicate.pk, kept.pk)
        actions.reject(people["moderator"], live_chat, off_topic.pk, "This chat is about the NHS.")

    merged = Notification.objects.get(recipient=people["member"], kind="chat_question_merged")
    assert f"question {kept.pk}" in merged.title and merged.url == f"{live_chat.url}#q-{kept.pk}"
    rejected = Notification.objects.get(recipient=people["member"], kind="chat_question_rejected")
    assert "was not published" in rejected.title and "This chat is about the NHS." in rejected.text
    assert {m.subject for m in mail.outbox if people["member"].email in m.to} == {
        f"[Policy Networks] {merged.title}", f"[Policy Networks] {rejected.title}"
    }
    assert not Notification.objects.filter(recipient=people["moderator"]).exists()

    client.force_login(people["member"])
    page = client.get(live_chat.url).text
    assert "not published by the moderators: This chat is about the NHS." in page
    assert f'merged into <a href="#q-{kept.pk}">question {kept.pk}</a>' in page
