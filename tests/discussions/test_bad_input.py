"""Bad input gets a clear message and the member's text back; nothing gives a 500."""

import pytest
from django.test import override_settings

from discussions import actions
from discussions.models import Post, Thread
from networks.actions import ActionRefused
from tests.networks import factories

pytestmark = pytest.mark.django_db

LONG_TEXT = "A carefully argued point about hospital parking charges. "


@pytest.fixture
def signed_in(client, author):
    client.force_login(author)
    return client


def _page(response) -> str:
    return response.content.decode()


def test_empty_body_is_refused_with_title_and_tags_kept(signed_in):
    response = signed_in.post("/networks/health/threads/new/", {"title": "Hospital parking", "body": "   ", "tags": "NHS, parking"})
    page = _page(response)
    assert response.status_code == 400
    assert "Please write something before posting." in page
    assert 'value="Hospital parking"' in page and "NHS, parking" in page
    assert not Thread.objects.exists()


@override_settings(DISCUSSIONS_MAX_POST_LENGTH=100)
def test_oversized_body_is_refused_and_kept(signed_in, thread):
    body = LONG_TEXT * 3
    response = signed_in.post(f"/discussions/threads/{thread.pk}/reply/", {"body": body})
    page = _page(response)
    assert response.status_code == 400
    assert f"Posts can be at most 100 characters; yours has {len(body.strip())}." in page
    assert LONG_TEXT.strip() in page
    assert thread.posts.count() == 1


@override_settings(DISCUSSIONS_MAX_TAGS=2)
def test_too_many_tags_is_refused_and_everything_kept(signed_in):
    response = signed_in.post("/networks/health/threads/new/", {"title": "Hospital parking", "body": LONG_TEXT, "tags": "a, b, c"})
    page = _page(response)
    assert response.status_code == 400
    assert "Use at most 2 tags; you gave 3." in page
    assert LONG_TEXT.strip() in page and "a, b, c" in page


def test_short_title_and_long_tag_are_refused(signed_in):
    response = signed_in.post("/networks/health/threads/new/", {"title": "Hi", "body": "text", "tags": "x" * 60})
    page = _page(response)
    assert "title of at least 5 characters" in page
    assert "Tags can be at most 40 characters" in page


def test_reply_to_a_post_in_another_thread_or_nonsense_is_refused_with_text_kept(signed_in, thread, author, network):
    elsewhere = actions.start_thread(author, network, title="Another thread", body="x")
    foreign = elsewhere.posts.get()
    for parent in (foreign.pk, "not-a-number", 999999):
        response = signed_in.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Keep me", "parent": parent})
        assert response.status_code == 400
        page = _page(response)
        assert "Keep me" in page


def test_edit_to_empty_is_refused_and_original_kept(signed_in, thread, other):
    reply = actions.post_reply(other, thread, body="Original words")
    signed_in.force_login(other)
    response = signed_in.post(f"/discussions/posts/{reply.pk}/edit/", {"body": ""})
    assert response.status_code == 400 and "Please write something" in _page(response)
    reply.refresh_from_db()
    assert reply.body == "Original words"


@override_settings(DISCUSSIONS_RATE_LIMIT_POSTS=3, DISCUSSIONS_RATE_LIMIT_SECONDS=600)
def test_posting_is_rate_limited_with_a_clear_message(signed_in, thread, author):
    for n in range(2):
        actions.post_reply(author, thread, body=f"Quick point {n}")
    response = signed_in.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "One too many"})
    page = _page(response)
    assert response.status_code == 400
    assert "You have posted 3 times in the last 10 minutes, which is the limit." in page
    assert "One too many" in page
    assert not Post.objects.filter(body="One too many").exists()


def test_weird_input_never_gives_a_server_error(signed_in, thread, opening):
    urls = [
        ("/networks/health/threads/new/", {"title": "\x00" * 3, "body": "\x00"}),
        (f"/discussions/threads/{thread.pk}/reply/", {"body": "x", "official": "maybe"}),
        (f"/discussions/posts/{opening.pk}/report/", {"reason": ["abuse", "spam"]}),
        (f"/discussions/threads/{thread.pk}/moderate/", {"operation": "explode"}),
        ("/notifications/read/", {"notification": "1; DROP TABLE"}),
        ("/notifications/preferences/", {}),
    ]
    for url, data in urls:
        assert signed_in.post(url, data).status_code < 500, url
    for url in ("/discussions/search/?q=%00&network=nope&tag=" + "x" * 300, "/networks/health/threads/?tag=%00&sort[]=1"):
        assert signed_in.get(url).status_code < 500, url


def test_actions_validate_too_for_callers_other_than_forms(thread, author):
    with pytest.raises(ActionRefused, match="Please write something"):
        actions.post_reply(author, thread, body="")
    with pytest.raises(ActionRefused, match="title"):
        actions.start_thread(author, thread.network, title="", body="x")


def test_moving_to_a_network_id_beyond_the_database_range_is_an_invalid_choice(client, thread, moderator):
    housing = factories.make_network("Housing Network", slug="housing")
    factories.make_membership(moderator, housing, "moderator")
    client.force_login(moderator)
    for destination in ("9" * 30, "-1", "abc"):
        response = client.post(
            f"/discussions/threads/{thread.pk}/moderate/",
            {"operation": "move", "move-destination": destination, "move-reason": "Wrong network"},
        )
        assert response.status_code == 400, destination
        assert "Select a valid choice" in response.content.decode()
    thread.refresh_from_db()
    assert thread.network.slug == "health"


@pytest.mark.parametrize("value", ["9223372036854775808", "9" * 40, "²", "٣", "-1", "\x00"])
def test_marking_a_notification_read_by_an_id_no_key_can_hold_says_it_was_not_found(signed_in, value):
    response = signed_in.post("/notifications/read/", {"notification": value}, follow=True)
    assert response.status_code == 200
    assert "That notification could not be found." in response.content.decode()


def test_replying_to_a_post_named_by_a_non_ascii_digit_replies_to_nothing(signed_in, thread, opening):
    """"٣" is 3 to Python's int(); to the site it is not a post's id."""
    digits = str(opening.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = signed_in.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Keep me", "parent": digits})
    assert response.status_code == 400
    page = _page(response)
    assert "The post you are replying to is not in this thread." in page and "Keep me" in page


def test_a_report_refused_because_the_post_was_hidden_meanwhile_keeps_what_was_typed(client, thread, other, moderator):
    """The member opened the form, a moderator hid the post, the member sent the report: their words stay."""
    reply = actions.post_reply(other, thread, body="Something offensive")
    reporter = factories.make_user()
    client.force_login(reporter)
    assert client.get(f"/discussions/posts/{reply.pk}/report/").status_code == 200
    actions.hide_post(moderator, reply, reason="Abuse")
    detail = "This repeats a personal attack from the thread last week."
    response = client.post(f"/discussions/posts/{reply.pk}/report/", {"reason": "other", "detail": detail})
    assert response.status_code == 400
    page = _page(response)
    assert detail in page
    assert "This post can no longer be reported" in page
    assert not reply.flags.exists()
