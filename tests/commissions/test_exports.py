"""Exports of the queues and of a document's amendments: CSV and XLSX, the filters on screen, formulas neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commissions import actions
from commissions.exports import neutralise
from commissions.models import Export
from discussions.models import Notification
from tests.networks import factories

pytestmark = pytest.mark.django_db


def export_url(commission, format):
    return reverse("commissions:commission_queue_export", kwargs={"slug": commission.slug, "format": format})


def _csv(response) -> list[list[str]]:
    body = b"".join(response).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def formula(secretary, health, clp, issue):
    return actions.submit(
        secretary, health, actions.SubmissionDraft(title='=HYPERLINK("http://evil.example","click")', text="@SUM(1+1)", unit=clp, issue=issue)
    )


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+44 1925", "'+44 1925"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("Plain words", "Plain words"), (3, 3), ("", "")],
)
def test_formula_starts_are_neutralised(value, safe):
    assert neutralise(value) == safe


def test_the_queue_exports_as_csv_with_the_filters_and_notes_for_the_commission(client, chair, health, submission, formula):
    actions.add_note(chair, formula, "=cmd|' /C calc'!A0")
    client.force_login(chair)
    response = client.get(export_url(health, "csv"), {"q": "HYPERLINK"})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert "Internal notes" in header and len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Reference"] == formula.reference
    assert row["Title"].startswith("'=HYPERLINK")
    assert row["Text (Markdown, as written)"] == "'@SUM(1+1)"
    assert "=cmd" in row["Internal notes"] and not row["Internal notes"].startswith("=")


def test_the_queue_exports_as_xlsx_with_text_not_formulas(client, chair, health, submission, formula):
    client.force_login(chair)
    response = client.get(export_url(health, "xlsx"), {"sort": "oldest"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference" and [r[0] for r in rows[1:]] == [submission.reference, formula.reference]
    title_cell = sheet.cell(row=3, column=2)
    assert title_cell.data_type == "s" and title_cell.value.startswith("'=HYPERLINK")


def test_an_export_with_an_invalid_filter_exports_nothing_and_says_why(client, chair, health, submission):
    client.force_login(chair)
    response = client.get(export_url(health, "csv"), {"status": "lost", "q": "walk-in"}, follow=True)
    page = response.content.decode()
    assert "Nothing was exported because a filter is not valid." in page and "Status:" in page
    assert response.redirect_chain[-1][0].endswith("status=lost&q=walk-in")
    assert client.get(export_url(health, "pdf")).status_code == 404


def test_only_the_commission_and_staff_export_its_queue(client, secretary, health, submission):
    client.force_login(secretary)
    assert client.get(export_url(health, "csv")).status_code == 403


def test_a_large_xlsx_is_built_by_the_worker_and_downloaded_by_its_requester_only(
    client, chair, health, submission, formula, settings, django_capture_on_commit_callbacks
):
    settings.COMMISSION_EXPORT_INLINE_ROWS = 1
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(export_url(health, "xlsx"), follow=True)
    export = Export.objects.get()
    assert response.redirect_chain[-1][0] == export.get_absolute_url()
    assert export.status == Export.Status.READY and export.rows == 2
    assert Notification.objects.filter(recipient=chair, kind="export_ready").exists()
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Ready: 2 rows" in page
    download = client.get(reverse("commissions:export_download", kwargs={"pk": export.pk}))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.active.cell(row=1, column=1).value == "Reference"
    client.force_login(factories.make_user(staff=True))
    assert client.get(reverse("commissions:export_download", kwargs={"pk": export.pk})).status_code == 404


def test_a_background_export_that_lost_its_permission_fails_and_says_so(chair, health, submission):
    from commissions.tasks import build_export
    from networks.models import CommissionMembership

    export = Export.objects.create(requested_by=chair, kind="commission", target=health.slug, format="xlsx", title="Health")
    CommissionMembership.objects.filter(user=chair).delete()
    build_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED and "Only those who work on this queue" in export.error
    assert not export.file


def test_a_documents_amendments_export_with_filters(client, chair, secretary, clp, final_draft, region):
    rep = factories.make_user()
    region.npf_representatives.add(rep)
    first = actions.propose_amendment(secretary, final_draft.paragraphs.get(number=1), unit=clp, kind="insert", target_text="", new_text="+ more", reason="Why.")
    actions.propose_amendment(secretary, final_draft.paragraphs.get(number=2), unit=clp, kind="insert", target_text="", new_text="Soon.", reason="Why.")
    actions.forward_amendment(rep, first)
    client.force_login(chair)
    url = reverse("commissions:amendments_export", kwargs={"slug": "health", "pk": final_draft.pk, "format": "csv"})
    rows = _csv(client.get(url, {"paragraph": 1}))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == f"Health {final_draft.year}, para 1, amendment 1"
    assert row["New words"] == "'+ more" and row["Proposed by"] == "Warrington North CLP"
    response = client.get(url, {"paragraph": "twelve"}, follow=True)
    assert "Nothing was exported" in response.content.decode()
    client.force_login(secretary)
    assert client.get(url).status_code == 403
