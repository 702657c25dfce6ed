"""In the browser: staff suspend a member from the form, the pages pass axe, and the moderators' held queue reads well."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discussions import actions
from networks.models import Suspension
from tests.browser import assert_accessible
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_suspend_from_the_form_and_see_it_listed(new_page, network):
    staff = factories.make_user(name="Sue Staff", staff=True)
    nadia = member_of(network, name="Nadia Troll")
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
