"""Queues, amendments and coverage in a real browser, each page checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissions import actions
from commissions.models import (
    Amendment,
    ConsultationDocument,
    ConsultationParagraph,
    Submission,
    WorkProgrammeIssue,
)
from networks.models import CommissionMembership, Constituency
from tests.browser import assert_accessible
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit

pytestmark = pytest.mark.browser


def test_queue_bulk_acknowledge_amendment_forwarding_and_coverage(new_page, live):
    health = factories.make_commission("Health", "HEA")
    commission_page(health)
    issue = WorkProgrammeIssue.objects.create(commission=health, year=timezone.localdate().year, title="Care closer to home", brief="b")
    region = make_region("North West")
    Constituency.objects.create(name="Bolton South East", slug="bolton-south-east", region=region)
    clp = make_unit("Warrington North CLP", region=region)
    secretary = factories.make_user(name="Sally Secretary", region=region)
    join_unit(secretary, clp)
    for title in ("Evening GP opening", "Community hospitals"):
        actions.submit(secretary, health, actions.SubmissionDraft(title=title, text="Our view.", unit=clp, issue=issue))
    chair = factories.make_user(name="Patricia Chair")
    CommissionMembership.objects.create(commission=health, user=chair, seat="chair")

    page = new_page(chair)
    page.goto("/commissions/health/queue/")
    assert_accessible(page, "commission queue")
    for submission in Submission.objects.all():
        page.get_by_label(f"Select {submission.reference}").check()
    page.get_by_role("button", name="Acknowledge selected").click()
    expect(page.get_by_text("Acknowledged 2 submissions")).to_be_visible()
    assert set(Submission.objects.values_list("status", flat=True)) == {"acknowledged"}

    draft = ConsultationDocument.objects.create(commission=health, title="Health: final draft", stage=3, year=2026)
    ConsultationParagraph.objects.create(document=draft, number=1, text="Care should be delivered close to home.")
    rep = factories.make_user(name="Rita Representative")
    region.npf_representatives.add(rep)
    member_page = new_page(secretary)
    member_page.goto(f"/commissions/health/documents/{draft.pk}/")
    assert_accessible(member_page, "final draft with amendment form")
    member_page.get_by_label("Replace text").check()
    member_page.get_by_label("Words in the paragraph").fill("close to home")
    member_page.get_by_label("New words").fill("in every community")
    member_page.get_by_label("Why your unit proposes this").fill("Local services matter.")
    member_page.get_by_role("button", name="Send to our NPF representative").click()
    expect(member_page.get_by_text("has been sent to the North West NPF representatives")).to_be_visible()

    rep_page = new_page(rep)
    rep_page.goto("/amendments/")
    assert_accessible(rep_page, "amendment inbox")
    rep_page.get_by_role("button", name="Forward to the commission").click()
    expect(rep_page.get_by_text("The amendment is now “Forwarded”")).to_be_visible()
    assert Amendment.objects.get().status == "forwarded"

    staff_page = new_page(factories.make_user(name="Sam Staff", staff=True))
    staff_page.goto("/coordinators/coverage/")
    assert_accessible(staff_page, "coordinator coverage")
    expect(staff_page.get_by_role("cell", name="Bolton South East")).to_be_visible()
    staff_page.goto("/regions/")
    assert_accessible(staff_page, "regional offices")
