"""A chat's stream beside the questions, from an allowed site only, and its recording on the transcript."""

import pytest
from django.core.exceptions import ValidationError

from chat import actions
from tests.chat.factories import make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db


def test_a_stream_from_a_site_not_on_the_allowed_list_is_refused_with_a_clear_message(network, settings):
    settings.CHAT_STREAM_HOSTS = ["stream.labour.example", "player.vimeo.com"]
    chat = make_chat(network)
    chat.stream_url = "https://evil.example.com/live"
    with pytest.raises(ValidationError) as problem:
        chat.full_clean()
    assert problem.value.message_dict["stream_url"] == [
        "evil.example.com is not on the list of allowed stream sites (stream.labour.example, player.vimeo.com). "
        "Use one of those, or ask an administrator to add it."
    ]
    chat.stream_url = "http://stream.labour.example/live"
    with pytest.raises(ValidationError, match="secure address"):
        chat.full_clean()
    chat.stream_url = "https://stream.labour.example/live/health"
    chat.full_clean()


def test_the_admin_keeps_the_editors_input_and_says_what_is_wrong(client, network, settings):
    settings.CHAT_STREAM_HOSTS = ["stream.labour.example"]
    chat = make_chat(network)
    client.force_login(factories.make_user(staff=True))
    edit = client.get(f"/admin/pages/{chat.pk}/edit/")
    assert 'name="stream_url"' in edit.text and 'name="recording_url"' in edit.text
    form = edit.context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post.update({"stream_url": "https://evil.example.com/live", "starts_at": chat.starts_at.strftime("%Y-%m-%d %H:%M"),
                 "ends_at": chat.ends_at.strftime("%Y-%m-%d %H:%M")})
    for name in ("hosts", "moderators"):
        post.pop(name, None)
    response = client.post(f"/admin/pages/{chat.pk}/edit/", post)
    assert response.status_code == 200
    assert "evil.example.com is not on the list of allowed stream sites" in response.text
    assert "https://evil.example.com/live" in response.text
    chat.refresh_from_db()
    assert chat.stream_url == ""


def test_the_stream_is_shown_beside_the_questions_while_live_and_the_recording_after(client, network, people, settings,
                                                                                      django_capture_on_commit_callbacks):
    settings.CHAT_STREAM_HOSTS = ["stream.labour.example"]
    chat = make_chat(network)
    chat.stream_url = "https://stream.labour.example/embed/health-questions"
    chat.recording_url = "https://stream.labour.example/recordings/health-questions"
    chat.save()
    page = client.get(chat.url).text
    assert '<iframe class="chat-stream-player" src="https://stream.labour.example/embed/health-questions"' in page
    assert f'title="Stream of {chat.title}"' in page
    assert page.index('id="chat-stream"') < page.index('id="transcript-heading"'), "beside the questions"

    with django_capture_on_commit_callbacks(execute=True):
        actions.close_chat(people["host"], chat)
    closed = client.get(chat.url).text
    assert "<iframe" not in closed
    assert '<a href="https://stream.labour.example/recordings/health-questions" rel="noopener">Watch or listen to the recording</a>' in closed
    markdown = client.get(f"/chats/{chat.pk}/transcript.md").content.decode()
    assert "Recording: <https://stream.labour.example/recordings/health-questions>" in markdown


def test_a_stream_taken_off_the_allowed_list_is_no_longer_framed(client, network, settings):
    settings.CHAT_STREAM_HOSTS = ["stream.labour.example"]
    chat = make_chat(network)
    chat.stream_url = "https://stream.labour.example/embed/x"
    chat.save()
    settings.CHAT_STREAM_HOSTS = []
    assert "<iframe" not in client.get(chat.url).text


def test_the_security_policy_lets_the_page_frame_the_allowed_stream_sites(client, live_chat):
    policy = client.get(live_chat.url)["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert "https://www.youtube.com" in frame_src and "https://player.vimeo.com" in frame_src
