"""Item 13: a member submits for their CLP, the commission acknowledges and responds, the member sees it all."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from commissions.models import Submission, WorkProgrammeIssue
from networks.models import CommissionMembership
from tests.browser import assert_accessible
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit

pytestmark = pytest.mark.browser


def test_member_submits_for_their_clp_commission_acknowledges_and_responds(new_page, live):
    health = factories.make_commission("Health", "HEA")
    commission_page(health)
    WorkProgrammeIssue.objects.create(
        commission=health, year=timezone.localdate().year, title="Care closer to home", brief="Which services should move?"
    )
    region = make_region("North West")
    clp = make_unit("Warrington North CLP", region=region)
    member = factories.make_user("aisha@example.org", name="Aisha Member", region=region)
    join_unit(member, clp, "Policy officer")
    chair = factories.make_user("chair@example.org", name="Patricia Chair")
    CommissionMembership.objects.create(commission=health, user=chair, seat=CommissionMembership.Seat.CHAIR)

    page = new_page(member)
    page.goto("/commissions/health/")
    assert_accessible(page, "commission page")
    expect(page.get_by_role("heading", name="Health", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Submit on this issue.*Care closer to home")).click()
    assert_accessible(page, "submission form")
    page.get_by_label("Warrington North CLP (Policy officer)").check()
    page.get_by_label("Title").fill("Evening GP hours for shift workers")
    page.get_by_label("Your submission").fill("Our forum found members who work shifts cannot see a GP.")
    page.get_by_role("button", name="Send submission").click()

    expect(page.get_by_text("Your submission has been sent to Health.")).to_be_visible()
    submission = Submission.objects.get()
    assert submission.unit == clp
    assert_accessible(page, "tracking page")

    commission = new_page(chair)
    commission.goto(submission.get_absolute_url())
    commission.get_by_label("New status").select_option("acknowledged")
    commission.get_by_role("button", name="Update status").click()
    expect(commission.get_by_text("is now “Acknowledged”")).to_be_visible()
    commission.get_by_label("New status").select_option("responded")
    commission.get_by_label("Response to the submitter").fill("Thank you: we have raised evening opening with ministers.")
    commission.get_by_role("button", name="Update status").click()
    expect(commission.get_by_text("is now “Responded”")).to_be_visible()

    page.reload()
    timeline = page.get_by_role("complementary").locator(".timeline")
    expect(timeline).to_contain_text("Received")
    expect(timeline).to_contain_text("Acknowledged")
    expect(timeline).to_contain_text("Responded")
    expect(timeline).to_contain_text("by Patricia Chair")
    expect(page.locator(".official")).to_contain_text("we have raised evening opening with ministers")
    assert_accessible(page, "tracking page with timeline")

    subjects = [message.subject for message in mail.outbox if "aisha@example.org" in message.to]
    assert any(submission.reference in subject and "Acknowledged" in subject for subject in subjects), subjects
    assert any(submission.reference in subject and "Responded" in subject for subject in subjects), subjects
