"""A Welsh reader's chat speaks Welsh: refusals over the socket, the no-JavaScript page's messages, and the
notifications a moderator's action sends them (written in the recipient's language, not the moderator's)."""

from html import escape

import pytest
from django.utils import translation

from chat import actions
from discussions.models import Notification
from tests.chat.factories import close_all

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_refused_frame_is_explained_in_the_readers_language(connect, live_chat, people):
    welsh = await connect(live_chat, people["member"], language="cy")
    english = await connect(live_chat, people["member"])
    for socket in (welsh, english):
        await socket.send({"type": "submit", "text": "   ", "client_id": "empty-1", "ref": "r"})
    assert (await welsh.wait_for("error"))["message"] == "Ysgrifennwch eich cwestiwn yn gyntaf."
    assert (await english.wait_for("error"))["message"] == "Please write your question first."
    await welsh.communicator.send_to(text_data="{not json")
    assert (await welsh.wait_for("error"))["message"] == "Nid yw'r ffrâm honno'n JSON dilys."
    await close_all(welsh, english)


def test_the_no_javascript_buttons_answer_in_welsh(client, live_chat, people):
    client.force_login(people["member"])
    client.cookies["django_language"] = "cy"
    response = client.post(f"/chats/{live_chat.pk}/act/", {"type": "vote", "question": "999999"}, follow=True)
    assert escape("Nid oedd modd dod o hyd i'r neges honno yn y sgwrs hon.") in response.content.decode()


def test_a_rejected_question_is_reported_in_the_authors_language(live_chat, people):
    author = people["member"]
    author.profile.language = "cy"
    author.profile.save(update_fields=["language"])
    asked = actions.submit(author, live_chat, "Beth am fysiau gwledig?", "welsh-1").message
    with translation.override("en-gb"):  # the moderator reads the site in English
        actions.reject(people["moderator"], live_chat, asked.pk, reason="Off topic")
    told = Notification.objects.get(recipient=author, kind="chat_question_rejected")
    assert told.title == f"Ni chyhoeddwyd eich cwestiwn yn “{live_chat.title}”"
    assert told.text.startswith("Ni chyhoeddodd y cymedrolwyr ef. Eu rheswm: Off topic")
