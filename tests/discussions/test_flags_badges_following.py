"""Flags and the moderation queue; badges and official responses; following, notifications, unread."""

import pytest
from django.core import mail
from django.test import override_settings

from discussions import actions
from discussions.models import Flag, Notification, ThreadFollow
from networks.models import CommissionMembership
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db


# Flags ---------------------------------------------------------------------


def test_member_reports_and_the_moderator_hides_from_the_queue(client, thread, other, moderator, author, django_capture_on_commit_callbacks):
    reply = actions.post_reply(author, thread, body="Something objectionable")
    client.force_login(other)
    response = client.post(f"/discussions/posts/{reply.pk}/report/", {"reason": "abuse", "detail": "Personal attack"})
    assert response.status_code == 302
    again = client.post(f"/discussions/posts/{reply.pk}/report/", {"reason": "spam"})
    assert "already reported" in again.content.decode()

    client.force_login(moderator)
    queue = client.get("/networks/health/moderation/").content.decode()
    assert "Something objectionable" in queue and "Personal attack" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussions/posts/{reply.pk}/hide/", {"reason": "Abusive", "next": "queue"})
    flag = Flag.objects.get()
    assert flag.outcome == "hidden" and flag.resolved_by == moderator
    note = Notification.objects.get(recipient=other, kind="flag_resolved")
    assert "hid the post" in note.title
    assert "Nothing is waiting" in client.get("/networks/health/moderation/").content.decode()


def test_keeping_a_reported_post_tells_the_reporter(client, thread, opening, other, moderator):
    actions.flag_post(other, opening, reason="off_topic")
    client.force_login(moderator)
    client.post(f"/discussions/posts/{opening.pk}/keep/", {"reason": "On topic for this network"})
    assert Flag.objects.get().outcome == "kept"
    assert "kept the post" in Notification.objects.get(recipient=other, kind="flag_resolved").title


def test_report_needs_a_reason_and_detail_for_something_else(client, thread, opening, other):
    client.force_login(other)
    response = client.post(f"/discussions/posts/{opening.pk}/report/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/discussions/posts/{opening.pk}/report/", {"reason": "other", "detail": "  "})
    assert response.status_code == 400 and "Please tell the moderators" in response.content.decode()
    response = client.post(f"/discussions/posts/{opening.pk}/report/", {"reason": "made-up"})
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_authors_cannot_report_themselves(client, opening, author):
    client.force_login(author)
    response = client.post(f"/discussions/posts/{opening.pk}/report/", {"reason": "spam"}, follow=True)
    assert "cannot report your own post" in response.content.decode()
    assert not Flag.objects.exists()


# Badges and official responses ----------------------------------------------


def test_posts_show_host_editor_moderator_and_commission_badges(client, thread, network, moderator):
    host = member_of(network, "host", name="Harriet Host")
    editor = member_of(network, "editor", name="Ed Editor")
    commissioner = factories.make_commission_member(factories.make_commission("Health", "HEA"), name="Cora Commission")
    for user in (host, editor, moderator, commissioner):
        actions.post_reply(user, thread, body=f"Hello from {user.profile.display_name}")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Minister / host</span>" in page
    assert 'badge-editor">Editor</span>' in page
    assert 'badge-moderator">Moderator</span>' in page
    assert "Health policy commission</span>" in page


def test_commission_member_posts_an_official_response(client, thread, author, django_capture_on_commit_callbacks):
    commissioner = factories.make_commission_member(name="Cora Commission")
    client.force_login(commissioner)
    assert "Post as an official response" in client.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "The commission will consider this.", "official": "on"})
    thread.refresh_from_db()
    assert thread.has_official_response
    page = client.get(thread.get_absolute_url()).content.decode()
    official_section = page[page.index('id="official-heading"') : page.index('id="posts-heading"')]
    assert "The commission will consider this." in official_section
    assert "post-official" in page
    assert "Official response" in client.get("/networks/health/threads/").content.decode()
    assert Notification.objects.get(recipient=author).kind == "official_response"


def test_ordinary_members_cannot_post_official_responses(client, thread, other):
    client.force_login(other)
    assert "Post as an official response" not in client.get(thread.get_absolute_url()).content.decode()
    client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Sneaky", "official": "on"})
    thread.refresh_from_db()
    assert not thread.has_official_response
    assert not thread.posts.filter(is_official=True).exists()


# Following and notifications ------------------------------------------------


def test_replying_follows_and_notifies_followers_and_the_parent_author_once(thread, opening, author, other, network, django_capture_on_commit_callbacks):
    third = member_of(network, name="Tess Third")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(other, thread, body="First reply", parent=opening)
    assert ThreadFollow.objects.filter(user=other, thread=thread).exists()
    assert list(Notification.objects.filter(recipient=author).values_list("kind", flat=True)) == ["reply"]
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.post_reply(third, thread, body=f"Agreeing with @{other.username} here", parent=opening)
    assert Notification.objects.get(recipient=other).kind == "mention"
    assert Notification.objects.filter(recipient=author).count() == 2
    assert not Notification.objects.filter(recipient=third).exists()
    assert reply.pk


def test_mentions_do_not_reach_members_who_cannot_read_the_network(private_network, django_capture_on_commit_callbacks):
    insider = member_of(private_network)
    outsider = factories.make_user()
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_thread(insider, private_network, title="Closed meeting", body=f"cc @{outsider.username}")
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_following_a_network_brings_news_of_new_threads(client, network, author, other, django_capture_on_commit_callbacks):
    client.force_login(other)
    client.post("/networks/health/threads/follow/")
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_thread(author, network, title="Mental health services", body="Waiting lists are long.")
    note = Notification.objects.get(recipient=other)
    assert note.kind == "new_thread" and "Mental health services" in note.title
    assert any("Mental health services" in m.subject for m in mail.outbox)
    client.post("/networks/health/threads/follow/", {"follow": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_thread(author, network, title="Another thread", body="x")
    assert Notification.objects.filter(recipient=other).count() == 1


def test_unfollowing_a_thread_stops_notifications(client, thread, author, other, network):
    third = member_of(network)
    actions.post_reply(other, thread, body="Joining in")
    client.force_login(other)
    client.post(f"/discussions/threads/{thread.pk}/follow/", {"follow": "0"})
    actions.post_reply(third, thread, body="Anyone there?")
    assert not Notification.objects.filter(recipient=other).exists()


# Unread tracking ------------------------------------------------------------


def test_unread_marks_and_jump_to_first_unread(client, thread, opening, author, other):
    client.force_login(author)
    client.get(thread.get_absolute_url())
    assert "New posts" not in client.get("/networks/health/threads/").content.decode()
    first_new = actions.post_reply(other, thread, body="New one", parent=opening)
    actions.post_reply(other, thread, body="Newer one", parent=opening)
    listing = client.get("/networks/health/threads/").content.decode()
    assert "New posts" in listing and f"/discussions/threads/{thread.pk}/unread/" in listing
    response = client.get(f"/discussions/threads/{thread.pk}/unread/", follow=False)
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{first_new.pk}"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('tag-new">New</span>') == 2
    assert "New posts" not in client.get("/networks/health/threads/").content.decode()
    response = client.get(f"/discussions/threads/{thread.pk}/unread/", follow=True)
    assert "You have read everything in this thread." in response.content.decode()


def test_commission_membership_counts_for_badges_without_a_network_role(thread, network):
    user = factories.make_commission_member(name="Commissioner")
    assert CommissionMembership.objects.filter(user=user).exists()
    post = actions.post_reply(user, thread, body="Speaking for the commission")
    assert post.author == user


def test_moderators_see_how_many_reports_wait(client, thread, opening, other, moderator):
    actions.flag_post(other, opening, reason="spam")
    client.force_login(moderator)
    assert "Moderation queue (1 post reported)" in client.get("/networks/health/threads/").content.decode()
    client.force_login(other)
    assert "Moderation queue" not in client.get("/networks/health/threads/").content.decode()


@override_settings(DISCUSSIONS_POSTS_PER_PAGE=3, DISCUSSIONS_RATE_LIMIT_POSTS=100)
def test_reading_one_page_of_a_long_thread_leaves_later_pages_unread(client, thread, opening, author, other):
    client.force_login(author)
    client.get(thread.get_absolute_url())
    replies = [actions.post_reply(other, thread, body=f"Reply {n}") for n in range(5)]
    client.get(thread.get_absolute_url())  # page 1: the opening post and replies 0 and 1
    response = client.get(f"/discussions/threads/{thread.pk}/unread/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{replies[2].pk}"
    client.get(f"{thread.get_absolute_url()}?page=2")
    assert "New posts" not in client.get("/networks/health/threads/").content.decode()


@override_settings(DISCUSSIONS_POSTS_PER_PAGE=3, DISCUSSIONS_RATE_LIMIT_POSTS=100)
def test_reading_page_one_again_writes_nothing_while_later_pages_stay_unread(client, thread, opening, author, other):
    """The mark is held below the first unread post on page 2: a second read of page 1 cannot move it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(author)
    client.get(thread.get_absolute_url())
    replies = [actions.post_reply(other, thread, body=f"Reply {n}") for n in range(5)]
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert not [query["sql"] for query in captured if query["sql"].startswith(("UPDATE", "INSERT"))]
    response = client.get(f"/discussions/threads/{thread.pk}/unread/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{replies[2].pk}"


@override_settings(DISCUSSIONS_POSTS_PER_PAGE=3, DISCUSSIONS_RATE_LIMIT_POSTS=100)
def test_arriving_by_permalink_on_a_later_page_leaves_earlier_pages_unread(client, thread, opening, author, other):
    """A notification link to page 2 must not mark the new replies on page 1 as read."""
    client.force_login(author)
    client.get(thread.get_absolute_url())
    replies = [actions.post_reply(other, thread, body=f"Reply {n}") for n in range(5)]
    client.get(f"/discussions/posts/{replies[4].pk}/", follow=True)  # page 2: replies 2 to 4
    response = client.get(f"/discussions/threads/{thread.pk}/unread/")
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{replies[0].pk}"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('tag-new">New</span>') == 2
    # Page 2 was seen before page 1; the watermark cannot say so, so it is offered again rather than lost.
    response = client.get(f"/discussions/threads/{thread.pk}/unread/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{replies[2].pk}"
    client.get(f"{thread.get_absolute_url()}?page=2")
    assert "New posts" not in client.get("/networks/health/threads/").content.decode()

