"""First posts and watched words as members and moderators notice them: held in the queue, blocked with a message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from discussions import actions, screening
from discussions.models import HeldPost, ModerationLogEntry, Notification, Post, Thread, WatchedWord
from tests.discussions.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def careful(network):
    """A network that holds newcomers' first posts: accounts under 7 days old, or with fewer than 3 approved posts."""
    network.hold_first_posts = True
    network.save()
    return network


@pytest.fixture
def newcomer(careful):
    return member_of(careful, name="Nina Newcomer", email="nina@example.org")


@pytest.fixture
def moderator(careful):
    return member_of(careful, role="moderator", name="Mo Moderator", email="mo@example.org")


@pytest.fixture
def regular(careful):
    user = member_of(careful, name="Rita Regular", email="rita@example.org")
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save(update_fields=["date_joined"])
    thread = Thread.objects.create(network=careful, title="Earlier", author=user)
    for n in range(3):
        Post.objects.create(thread=thread, network=careful, author=user, body=f"Earlier post {n}", path=str(n))
    return user


def test_a_newcomers_thread_waits_in_the_queue_and_nobody_else_sees_it(client, careful, newcomer, moderator):
    client.force_login(newcomer)
    response = client.post(
        f"/networks/{careful.slug}/threads/new/",
        {"title": "Buses in rural Wales", "body": "We need more routes.", "tags": "", "idempotency_key": "k1"},
        follow=True,
    )
    assert "Your post is waiting for a moderator" in response.content.decode()
    assert not Thread.objects.filter(title="Buses in rural Wales").exists()
    assert "Buses in rural Wales" not in client.get(f"/networks/{careful.slug}/threads/").content.decode()
    assert Notification.objects.filter(recipient=moderator, kind="held_post").exists()
    client.force_login(moderator)
    queue = client.get(f"/networks/{careful.slug}/moderation/").content.decode()
    assert "Buses in rural Wales" in queue and "new to Health Network" in queue
    held = HeldPost.objects.get()
    response = client.post(f"/discussions/held/{held.pk}/", {"operation": "approve"}, follow=True)
    assert "The post is published" in response.content.decode()
    thread = Thread.objects.get(title="Buses in rural Wales")
    assert thread.author == newcomer and thread.posts.get().body == "We need more routes."
    assert Notification.objects.filter(recipient=newcomer, kind="moderation", title__contains="is published").exists()
    assert ModerationLogEntry.objects.filter(network=careful, action="hold").exists()
    assert ModerationLogEntry.objects.filter(network=careful, action="approve", actor=moderator).exists()


def test_a_rejected_reply_is_told_to_its_author_with_their_text(client, careful, newcomer, moderator, regular, django_capture_on_commit_callbacks):
    thread = actions.start_thread(regular, careful, title="Social care", body="Opening")
    held = actions.post_reply(newcomer, thread, body="My carefully argued reply")
    assert isinstance(held, HeldPost)
    assert thread.posts.count() == 1
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussions/held/{held.pk}/", {"operation": "reject", "reason": "Off topic"})
    note = Notification.objects.get(recipient=newcomer, kind="moderation")
    assert "Off topic" in note.text and "My carefully argued reply" in note.text
    assert any("My carefully argued reply" in message.body for message in mail.outbox if message.to == ["nina@example.org"])
    assert thread.posts.count() == 1


def test_rejecting_without_a_reason_is_a_message(client, careful, newcomer, moderator, regular):
    thread = actions.start_thread(regular, careful, title="Social care", body="Opening")
    held = actions.post_reply(newcomer, thread, body="Reply")
    client.force_login(moderator)
    response = client.post(f"/discussions/held/{held.pk}/", {"operation": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert HeldPost.objects.get().decided_at is None



def test_established_members_post_at_once(careful, regular):
    assert isinstance(actions.start_thread(regular, careful, title="Straight through", body="Posted"), Thread)


def test_holding_is_off_in_a_new_network(network):
    """A network made without touching the setting posts a brand-new member's thread at once."""
    newcomer = member_of(network)
    assert not type(network).objects.get(pk=network.pk).hold_first_posts
    assert isinstance(actions.start_thread(newcomer, network, title="Straight away", body="Posted at once"), Thread)


def test_each_network_sets_its_own_newcomer_age_and_post_count(careful, newcomer, regular):
    """Lowering the thresholds lets the same members through; raising them holds an established one."""
    careful.newcomer_days, careful.newcomer_posts = 0, 0
    careful.save()
    assert isinstance(actions.start_thread(newcomer, careful, title="Let through", body="No thresholds"), Thread)
    careful.newcomer_days, careful.newcomer_posts = 365, 10
    careful.save()
    assert isinstance(actions.start_thread(regular, careful, title="Held back", body="Three posts are not ten"), HeldPost)


def test_editors_find_the_first_posts_settings_on_the_network_page_in_the_admin(client, careful):
    from tests.networks import factories

    client.force_login(factories.make_user(staff=True))
    page = client.get(f"/admin/pages/{careful.pk}/edit/").content.decode()
    assert "Hold newcomers&#x27; posts for moderators" in page or "Hold newcomers' posts for moderators" in page
    assert "Approved posts needed" in page


def test_a_blocked_word_is_refused_with_a_clear_message_and_the_text_kept(client, network):
    WatchedWord.objects.create(word="casino bonus", action=WatchedWord.Action.BLOCK)
    member = member_of(network)
    client.force_login(member)
    response = client.post(
        f"/networks/{network.slug}/threads/new/",
        {"title": "Great offer", "body": "Get your CASINO BONUS today", "tags": "", "idempotency_key": "k2"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "contains “casino bonus”, which is not allowed" in page
    assert "Get your CASINO BONUS today" in page
    assert not Thread.objects.filter(title="Great offer").exists()


def test_a_held_word_sends_even_an_established_members_post_to_the_queue(network, regular):
    WatchedWord.objects.create(word="crypto", action=WatchedWord.Action.HOLD)
    thread = Thread.objects.filter(author=regular).first()
    held = actions.post_reply(regular, thread, body="Invest in Crypto now")
    assert isinstance(held, HeldPost) and "crypto" in held.reason
    assert isinstance(actions.post_reply(regular, thread, body="Cryptography matters for privacy"), Post)


def test_watched_words_still_apply_while_the_cache_is_unreachable(network, regular, monkeypatch, caplog):
    """Redis restarting must not turn a post or a chat message into a server error: the table answers instead."""
    WatchedWord.objects.create(word="crypto", action=WatchedWord.Action.HOLD)

    class Unreachable:
        def __getattr__(self, name):
            def call(*args, **kwargs):
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            return call

    monkeypatch.setattr(screening, "cache", Unreachable())
    thread = Thread.objects.filter(author=regular).first()
    held = actions.post_reply(regular, thread, body="Invest in Crypto now")
    assert isinstance(held, HeldPost) and "crypto" in held.reason
    WatchedWord.objects.create(word="casino", action=WatchedWord.Action.BLOCK)  # saving clears the cache: logged, not raised
    assert "the cache is unreachable" in caplog.text


def test_editing_in_a_blocked_word_is_refused(network):
    member = member_of(network)
    thread = actions.start_thread(member, network, title="Clean start", body="Nothing wrong here")
    WatchedWord.objects.create(word="casino", action=WatchedWord.Action.BLOCK)
    with pytest.raises(actions.ActionRefused, match="casino"):
        actions.edit_post(member, thread.posts.get(), body="Visit my casino")
    assert thread.posts.get().body == "Nothing wrong here"


def test_members_cannot_decide_on_held_posts(client, careful, newcomer, regular):
    thread = actions.start_thread(regular, careful, title="Social care", body="Opening")
    held = actions.post_reply(newcomer, thread, body="Reply")
    client.force_login(regular)
    assert client.post(f"/discussions/held/{held.pk}/", {"operation": "approve"}).status_code == 403
    assert HeldPost.objects.get().decided_at is None


def test_staff_edit_watched_words_in_the_wagtail_admin(client, network):
    from tests.networks import factories

    staff = factories.make_user(staff=True)
    client.force_login(staff)
    response = client.post("/admin/snippets/discussions/watchedword/add/", {"word": "spamword", "action": "hold"})
    assert response.status_code == 302
    assert WatchedWord.objects.filter(word="spamword", action="hold").exists()
    member = member_of(network)
    client.force_login(member)
    assert client.get("/admin/snippets/discussions/watchedword/").status_code in (302, 403)
