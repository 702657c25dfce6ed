"""Reports reach the moderators (on the site and by email), the network page leads to the queue, and an unhide is told."""

from __future__ import annotations

from django.core import mail

from discussions import actions
from discussions.models import Notification
from tests.networks import factories


def test_a_new_report_notifies_the_networks_moderators_with_a_link_to_the_queue(
    thread, opening, other, moderator, network, django_capture_on_commit_callbacks
):
    staff = factories.make_user(staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.flag_post(other, opening, reason="spam", detail="An advert for a private clinic")

    told = Notification.objects.get(kind="flag_new")
    assert told.recipient == moderator
    assert told.title == "New report in Health Network: a post in “GP waiting times in rural areas”, spam or advertising"
    assert told.url == "/networks/health/moderation/"
    assert told.text == "An advert for a private clinic"
    assert not Notification.objects.filter(kind="flag_new", recipient=staff).exists()
    assert [message.to for message in mail.outbox if "New report" in message.subject] == [[moderator.email]]


def test_a_report_in_a_network_nobody_moderates_reaches_staff(thread, opening, other, network):
    staff = factories.make_user(staff=True)
    actions.flag_post(other, opening, reason="abuse")
    assert Notification.objects.get(kind="flag_new").recipient == staff


def test_the_network_page_links_moderators_to_the_queue_with_the_count(client, thread, opening, other, moderator, network):
    actions.flag_post(other, opening, reason="spam")
    client.force_login(moderator)
    page = client.get(network.url).content.decode()
    assert '<a href="/networks/health/moderation/">Moderation queue</a>: 1 reported post waiting' in page

    client.force_login(other)
    assert "Moderation queue" not in client.get(network.url).content.decode()


def test_unhiding_tells_whoever_reported_the_post(thread, opening, other, moderator):
    actions.flag_post(other, opening, reason="off_topic")
    actions.hide_post(moderator, opening, reason="Off topic")

    actions.unhide_post(moderator, opening, reason="On reflection it is about GP access after all")

    told = Notification.objects.filter(recipient=other, kind="flag_resolved").order_by("-pk").first()
    assert told.title == "A moderator has shown again the post you reported in “GP waiting times in rural areas”"
    assert told.text == "The moderator's note: On reflection it is about GP access after all"
