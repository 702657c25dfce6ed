"""In the browser: staff suspend a member from the form, hide and restore their posts in one step each, a
moderator asks staff from the flag queue, the pages pass axe, and the moderators' held queue reads well."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discussions import actions
from discussions.models import Flag
from networks.models import Suspension
from tests.browser import assert_accessible
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_suspend_from_the_form_and_see_it_listed(new_page, network):
    staff = factories.make_user(name="Sue Staff", staff=True)
    nadia = member_of(network, name="Nadia Troll")
    thread = actions.start_thread(nadia, network, title="Cheap watches", body="Buy cheap watches from my shop")
    reader = new_page(member_of(network, name="Rhys Reader"))
    reader.goto(thread.get_absolute_url())
    expect(reader.get_by_text("Buy cheap watches from my shop")).to_be_visible()
    nadias_page = new_page(nadia)
    nadias_page.goto("/accounts/profile/")
    expect(nadias_page).not_to_have_url(re.compile("/accounts/login/"))
    page = new_page(staff)
    page.goto("/suspensions/new/")
    assert_accessible(page, "suspend form")
    page.get_by_label("Member's handle").fill(nadia.username)
    page.get_by_label("Reason (emailed to the member and recorded in the moderation log)").fill("Spam in every network")
    page.get_by_label("Ends on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Suspend the account").click()
    expect(page.get_by_text("Nadia Troll is suspended until")).to_be_visible()
    assert_accessible(page, "suspension page")
    assert Suspension.objects.filter(member=nadia).exists()
    # Her posts are hidden in one step, and shown again in one step.
    page.get_by_role("button", name="Hide all their posts, pending review").click()
    expect(page.get_by_text("1 post is hidden pending review.")).to_be_visible()
    reader.reload()
    expect(reader.get_by_text("Buy cheap watches from my shop")).to_have_count(0)
    page.get_by_role("button", name="Show their posts again").click()
    expect(page.get_by_text("1 post is shown again.")).to_be_visible()
    reader.reload()
    expect(reader.get_by_text("Buy cheap watches from my shop")).to_be_visible()
    # Nadia, in her own browser, is signed out: her next page asks her to sign in.
    nadias_page.reload()
    expect(nadias_page).to_have_url(re.compile("/accounts/login/"))
    page.goto("/suspensions/")
    expect(page.get_by_role("link", name="Nadia Troll")).to_be_visible()
    assert_accessible(page, "suspensions list")


def test_the_held_queue_is_accessible(new_page, network):
    network.hold_first_posts = True
    network.save()
    moderator = member_of(network, role="moderator")
    newcomer = member_of(network, name="Nina Newcomer")
    actions.start_thread(newcomer, network, title="Buses in rural Wales", body="We need more routes.")
    page = new_page(moderator)
    page.goto(f"/networks/{network.slug}/moderation/")
    expect(page.get_by_role("heading", name="New thread “Buses in rural Wales”")).to_be_visible()
    assert_accessible(page, "moderation queue with a held post")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("The post is published")).to_be_visible()


def test_a_moderator_asks_staff_from_the_flag_queue(new_page, network):
    moderator = member_of(network, role="moderator", name="Mo Moderator")
    nadia = member_of(network, name="Nadia Troll")
    thread = actions.start_thread(nadia, network, title="Cheap watches", body="Buy cheap watches from my shop")
    actions.flag_post(member_of(network), thread.posts.get(), reason=Flag.Reason.SPAM)
    page = new_page(moderator)
    page.goto(f"/networks/{network.slug}/moderation/")
    page.get_by_role("link", name="Ask staff to suspend the author of the post in Cheap watches").click()
    assert_accessible(page, "ask staff to suspend")
    page.get_by_label("Why should staff suspend this member? (recorded in the moderation log)").fill("Spams every thread")
    page.get_by_role("button", name="Ask staff").click()
    expect(page.get_by_text("Staff have been asked to suspend the member")).to_be_visible()
    expect(page).to_have_url(re.compile(f"/networks/{network.slug}/moderation/$"))
