"""Issue 15 item 11: a member finds a forum by post code and registers; the organiser records attendance and files
the report; the chair responds; the member sees the response on the forum page and in their outbox."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissions.models import Forum, Submission, WorkProgrammeIssue
from networks.models import CommissionMembership, PostcodeDistrict
from tests.browser import assert_accessible
from tests.commissions.factories import commission_page
from tests.commissions.forum_factories import make_forum, move_to_past
from tests.networks import factories
from tests.networks.factories import join_unit, make_constituency, make_region, make_unit

pytestmark = pytest.mark.browser


def test_a_member_finds_a_forum_registers_and_hears_what_became_of_it(new_page, live):
    health = factories.make_commission("Health", "HEA")
    commission_page(health)
    issue = WorkProgrammeIssue.objects.create(
        commission=health, year=timezone.localdate().year, title="Care closer to home", brief="Which services should move?"
    )
    region = make_region("North West")
    constituency = make_constituency("Warrington North", region=region)
    PostcodeDistrict.objects.create(district="WA2", constituency=constituency)
    clp = make_unit("Warrington North CLP", region=region)
    clp.constituency = constituency
    clp.save()
    organiser = factories.make_user("sally@example.org", name="Sally Secretary", region=region)
    join_unit(organiser, clp, "Secretary")
    member = factories.make_user("aisha@example.org", name="Aisha Member", region=region)
    chair = factories.make_user("chair@example.org", name="Patricia Chair")
    CommissionMembership.objects.create(commission=health, user=chair, seat=CommissionMembership.Seat.CHAIR)
    forum = make_forum(organiser, clp, issue, openness=Forum.Openness.COMMUNITY, capacity=30)

    # The wider community's registration form, as a visitor sees it.
    visitor = new_page()
    visitor.goto(forum.get_absolute_url())
    expect(visitor.get_by_role("heading", name="Not a party member? Register here")).to_be_visible()
    visitor.get_by_label("Your name").fill("Pat Resident")
    visitor.get_by_label("Your email address").fill("not an address")
    visitor.get_by_role("button", name="Send me the confirmation link").click()
    expect(visitor.get_by_text("Enter an email address such as name@example.org.")).to_be_visible()
    expect(visitor.get_by_label("Your name")).to_have_value("Pat Resident")
    assert_accessible(visitor, "registration form")

    # The member finds it by post code and registers.
    page = new_page(member)
    page.goto("/forums/")
    assert_accessible(page, "forum list")
    page.get_by_label("Your post code").fill("wa2 7aa")
    page.get_by_role("button", name="Find forums").click()
    expect(page.get_by_text("are in Warrington North")).to_be_visible()
    page.get_by_role("link", name="Care closer to home: what Warrington wants").click()
    assert_accessible(page, "forum page")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("You are registered.").first).to_be_visible()
    expect(page.get_by_text("07700 900123")).to_be_visible()  # the organiser's contact, for registrants only

    # The forum meets; the organiser records who came and files the report.
    move_to_past(forum)
    organiser_page = new_page(organiser)
    organiser_page.goto(forum.get_absolute_url())
    organiser_page.get_by_role("link", name=re.compile("The register")).click()
    organiser_page.get_by_label("Aisha Member").check()
    organiser_page.get_by_label("People who came without registering").fill("6")
    organiser_page.get_by_role("button", name="Save attendance").click()
    expect(organiser_page.get_by_text("Attendance recorded: 7 people came.")).to_be_visible()
    organiser_page.get_by_role("link", name="Now file the forum's report").click()
    organiser_page.get_by_label("What the forum said").fill("Seven of us agreed: evening GP hours for people who work shifts.")
    organiser_page.get_by_role("button", name="Send the report to the commission").click()
    expect(organiser_page.get_by_text(re.compile("The report has gone to Health as HEA-"))).to_be_visible()
    report = Submission.objects.get()
    assert report.forum_attendees == 7 and report.followers.filter(pk=member.pk).exists()

    # The chair acknowledges and responds.
    commission = new_page(chair)
    commission.goto(report.get_absolute_url())
    commission.get_by_label("New status").select_option("acknowledged")
    commission.get_by_role("button", name="Update status").click()
    expect(commission.get_by_text("is now “Acknowledged”")).to_be_visible()
    commission.get_by_label("New status").select_option("responded")
    commission.get_by_label("Response to the submitter").fill("Thank you: we will pilot evening opening in the North West.")
    commission.get_by_role("button", name="Update status").click()
    expect(commission.get_by_text("is now “Responded”")).to_be_visible()

    # The member who came sees it on the forum page, one click from the response, and in their outbox.
    page.goto(forum.get_absolute_url())
    outcome = page.locator(".outcome")
    expect(outcome.locator(".status-responded")).to_be_visible()
    expect(outcome.locator(".timeline")).to_contain_text("Acknowledged")
    assert_accessible(page, "forum page with its outcome")
    page.get_by_role("link", name="Read the report and the commission's response").click()
    expect(page.locator(".official")).to_contain_text("we will pilot evening opening in the North West")
    page.goto("/outbox/")
    expect(page.get_by_text(re.compile(rf"{report.reference} .*Responded")).first).to_be_visible()
    expect(page.get_by_text("aisha@example.org").first).to_be_visible()
