"""Per-network notification levels and the weekly digest, as a member notices them: what arrives, and when."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core import mail

from discussions import actions
from discussions.models import EmailPreference, NetworkFollow, Notification
from discussions.notifications import send_digests, set_email_delivery, set_level
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db
URL = "/notifications/preferences/"
Level = NetworkFollow.Level


@pytest.fixture
def people(network):
    return {
        "author": member_of(network, name="Nadia Author", email="nadia@example.org"),
        "every": member_of(network, name="Eve Every", email="eve@example.org"),
        "threads": member_of(network, name="Tom Threads", email="tom@example.org"),
        "mentions": member_of(network, name="Mo Mentions", email="mo@example.org"),
        "muted": member_of(network, name="Mia Muted", email="mia@example.org"),
    }


def _levels(people, network):
    set_level(people["every"], network, Level.ALL)
    set_level(people["threads"], network, Level.THREADS)
    set_level(people["muted"], network, Level.MUTED)


def _inboxes() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_a_new_thread_reaches_every_post_and_new_threads_members_only(network, people, django_capture_on_commit_callbacks):
    _levels(people, network)
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_thread(people["author"], network, title="GP waiting times in Wigan", body="What do we propose?")
    assert _inboxes() == {"eve@example.org", "tom@example.org"}


def test_a_reply_reaches_every_post_members_and_followers_but_not_the_muted(network, people, django_capture_on_commit_callbacks):
    thread = actions.start_thread(people["author"], network, title="GP waiting times in Wigan", body="What do we propose?")
    for name in ("threads", "mentions", "muted"):
        actions.follow_thread(people[name], thread)
    _levels(people, network)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(people["author"], thread, body="My own follow-up, and @" + people["muted"].username)
    # Eve hears of every reply; Tom and Mo follow the thread; Mia muted the network, mention or not.
    assert _inboxes() == {"eve@example.org", "tom@example.org", "mo@example.org"}
    assert not Notification.objects.filter(recipient=people["muted"]).exists()


def test_mentions_and_replies_level_hears_replies_to_their_post(network, people, django_capture_on_commit_callbacks):
    thread = actions.start_thread(people["mentions"], network, title="Social care funding", body="Opening thoughts")
    actions.unfollow_thread(people["mentions"], thread)
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(people["author"], thread, body="I disagree")
    assert _inboxes() == {"mo@example.org"}
    assert "replied to your post" in mail.outbox[0].subject


def test_the_preferences_page_sets_each_networks_level_and_weekly_day(client, network, people):
    sports = factories.make_network("Sports Network", slug="sports")
    member = people["author"]
    factories.make_membership(member, sports)
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert f'name="levels-network_{network.pk}"' in page and f'name="levels-network_{sports.pk}"' in page
    response = client.post(
        URL,
        {
            "notifications": "weekly",
            "digest_day": "4",
            f"levels-network_{network.pk}": "all",
            f"levels-network_{sports.pk}": "muted",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "once a week, on Friday" in text
    assert "Health Network: every post" in text and "Sports Network: muted" in text
    preference = EmailPreference.objects.get(user=member)
    assert (preference.notifications, preference.digest_day) == ("weekly", 4)
    assert dict(NetworkFollow.objects.filter(user=member).values_list("network__slug", "level")) == {
        "health": "all", "sports": "muted",
    }


@pytest.mark.parametrize("day", ["7", "-1", "Funday", "٣"])
def test_a_digest_day_that_does_not_exist_is_refused_and_nothing_is_saved(client, network, people, day):
    member = people["author"]
    client.force_login(member)
    response = client.post(URL, {"notifications": "weekly", "digest_day": day, f"levels-network_{network.pk}": "muted"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Please choose a day of the week, Monday to Sunday." in text
    assert "Nothing was saved" in text
    assert not EmailPreference.objects.filter(user=member).exists()
    assert not NetworkFollow.objects.filter(user=member).exists()
    # The member's choices come back as they made them.
    assert re.search(r'<input[^>]*value="weekly"[^>]*checked', text)
    assert re.search(r'<option value="muted" selected', text)


def test_an_unknown_level_is_refused_with_a_message(client, network, people):
    client.force_login(people["author"])
    response = client.post(URL, {"notifications": "immediate", f"levels-network_{network.pk}": "loud"})
    assert "Please choose one of the levels listed." in response.content.decode()


def test_the_digest_groups_by_network_and_thread_as_on_the_site(network, people, django_capture_on_commit_callbacks):
    sports = factories.make_network("Sports Network", slug="sports")
    reader = people["every"]
    factories.make_membership(reader, sports)
    factories.make_membership(people["author"], sports)
    set_level(reader, network, Level.ALL)
    set_level(reader, sports, Level.ALL)
    set_email_delivery(reader, EmailPreference.Delivery.DIGEST)
    wigan = actions.start_thread(people["author"], network, title="GP waiting times in Wigan", body="Opening")
    actions.post_reply(people["author"], wigan, body="A first reply")
    actions.start_thread(people["author"], sports, title="Grassroots football pitches", body="Opening")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    body = mail.outbox[0].body
    assert body.index("== Health Network ==") < body.index("GP waiting times in Wigan") < body.index("== Sports Network ==")
    assert body.index("== Sports Network ==") < body.index("Grassroots football pitches")
    assert f"http://testserver{wigan.get_absolute_url()}" in body
    assert "3 notifications" in mail.outbox[0].subject


def test_weekly_members_are_left_out_of_the_daily_digest(people, django_capture_on_commit_callbacks):
    reader = people["every"]
    set_email_delivery(reader, EmailPreference.Delivery.WEEKLY, EmailPreference.Day.FRIDAY)
    from discussions.notifications import notify

    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], kind="reply", title="Sam replied", url="/networks/health/")
    thursday, friday = datetime(2027, 3, 11, 8, tzinfo=UTC), datetime(2027, 3, 12, 8, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(friday) == 0
        assert send_digests(thursday, weekly=True) == 0
        assert send_digests(friday, weekly=True) == 1
        assert send_digests(friday, weekly=True) == 0
    assert [message.to for message in mail.outbox] == [["eve@example.org"]]


def test_following_a_network_is_the_new_threads_level_and_unfollowing_the_default(network, people):
    member = people["author"]
    actions.follow_network(member, network)
    assert NetworkFollow.objects.get(user=member, network=network).level == Level.THREADS
    actions.unfollow_network(member, network)
    assert not NetworkFollow.objects.filter(user=member).exists()
