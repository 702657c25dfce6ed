"""The commission's working tools and the NPF's decisions in a real browser, with axe on the queue, the paper and the outcome form.

An officer searches the queue, tags ten submissions in one go, adds a note
and exports XLSX; staff composite two amendments and record outcomes; the
proposing member sees the outcome.
"""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from commissions import actions
from commissions.models import (
    Amendment,
    ConsultationDocument,
    ConsultationParagraph,
    SubmissionNote,
    Theme,
    WorkProgrammeIssue,
)
from networks.models import CommissionMembership
from tests.browser import assert_accessible
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit

pytestmark = pytest.mark.browser


def test_an_officer_searches_tags_in_bulk_notes_and_exports_then_staff_decide_at_the_npf(new_page, live):
    health = factories.make_commission("Health", "HEA")
    commission_page(health)
    issue = WorkProgrammeIssue.objects.create(commission=health, year=timezone.localdate().year, title="Care closer to home", brief="b")
    region = make_region("North West")
    clp = make_unit("Warrington North CLP", region=region)
    secretary = factories.make_user(name="Sally Secretary", region=region)
    join_unit(secretary, clp, "Policy officer")
    for n in range(12):
        actions.submit(
            secretary, health,
            actions.SubmissionDraft(title=f"Mental health point {n + 1}", text="Waiting lists for talking therapies are too long.", unit=clp, issue=issue),
        )
    actions.submit(secretary, health, actions.SubmissionDraft(title="Dentistry", text="No NHS dentist nearby.", unit=clp, issue=issue))
    officer = factories.make_user(name="Olu Officer")
    CommissionMembership.objects.create(commission=health, user=officer, seat=CommissionMembership.Seat.OFFICER)
    theme = actions.add_theme(officer, health, "Mental health")

    page = new_page(officer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/commissions/health/queue/")
    page.get_by_label("Search").fill("talking therapies")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("12 submissions match.")).to_be_visible()
    assert_accessible(page, "the commission queue, searched")
    for n in range(1, 11):
        page.get_by_label(f"Select HEA-{timezone.localdate().year}-{n:04d}").check()
    page.get_by_label("Theme to add or remove").select_option(label="Mental health")
    page.get_by_role("button", name="Add theme to selected").click()
    expect(page.get_by_text("“Mental health” added to 10 submissions.")).to_be_visible()
    assert theme.submissions.count() == 10
    expect(page.get_by_label("Search")).to_have_value("talking therapies")

    page.get_by_role("link", name=f"HEA-{timezone.localdate().year}-0001").click()
    page.get_by_label("Note", exact=True).fill("Strong evidence: quote in the report.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Only the commission and staff can read it.")).to_be_visible()
    expect(page.get_by_text("Strong evidence: quote in the report.")).to_be_visible()
    assert SubmissionNote.objects.count() == 1

    page.goto("/commissions/health/queue/?q=talking+therapies")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    workbook = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 13 and "Internal notes" in rows[0]

    # The amendments paper: staff composite two amendments and record outcomes.
    draft = ConsultationDocument.objects.create(commission=health, title="Health: final draft", stage=3, year=timezone.localdate().year)
    paragraph = ConsultationParagraph.objects.create(document=draft, number=12, text="Care should be delivered close to home.")
    leeds = make_unit("Leeds Central CLP", region=region)
    leeds_secretary = factories.make_user(name="Lena Leeds")
    join_unit(leeds_secretary, leeds)
    staff = factories.make_user(name="Sam Staff", staff=True)
    first = actions.forward_amendment(staff, actions.propose_amendment(
        secretary, paragraph, unit=clp, kind="replace", target_text="close to home", new_text="in every community", reason="Local services."))
    second = actions.forward_amendment(staff, actions.propose_amendment(
        leeds_secretary, paragraph, unit=leeds, kind="insert", target_text="", new_text="Walk-in centres will open late.", reason="Shift workers."))

    staff_page = new_page(staff)
    staff_page.set_viewport_size({"width": 390, "height": 844})
    staff_page.goto(f"/commissions/health/documents/{draft.pk}/paper/")
    expect(staff_page.get_by_role("heading", name=first.reference)).to_be_visible()
    assert_accessible(staff_page, "the amendments paper")
    staff_page.get_by_role("link", name="Composite amendments to paragraph 12").click()
    staff_page.get_by_label(first.reference, exact=False).check()
    staff_page.get_by_label(second.reference, exact=False).check()
    staff_page.get_by_label("Composite wording").fill("Care should be delivered in every community, with walk-in centres open late.")
    staff_page.get_by_role("button", name="Make the composite").click()
    composite = Amendment.objects.get(kind=Amendment.Kind.REWRITE)
    expect(staff_page.get_by_text(f"Composite {composite.reference} made from 2 amendments")).to_be_visible()

    staff_page.goto(f"/amendments/{composite.pk}/outcome/")
    assert_accessible(staff_page, "the outcome form")
    staff_page.get_by_label("Accepted", exact=True).check()
    staff_page.get_by_label("Note for the proposers").fill("Carried on a show of hands.")
    staff_page.get_by_role("button", name="Record the outcome").click()
    expect(staff_page.get_by_text(f"{composite.reference} is now “Accepted”")).to_be_visible()

    member_page = new_page(secretary)
    member_page.goto(f"/commissions/health/documents/{draft.pk}/")
    section = member_page.locator(f"#amendment-{first.pk}")
    expect(section.locator(".status")).to_have_text("Composited")
    member_page.goto("/notifications/")
    expect(member_page.get_by_text(f"{composite.reference}: Accepted").first).to_be_visible()
    member_page.goto(f"/commissions/health/documents/{draft.pk}/final/")
    expect(member_page.get_by_text("Carried on a show of hands.")).to_be_visible()
    assert Theme.objects.count() == 1
