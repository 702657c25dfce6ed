"""An attachment is kept and served as what its bytes are; a DOCX zip bomb is refused from its directory alone."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from commissions import actions
from commissions.models import Submission
from networks.actions import ActionRefused
from tests.commissions.factories import PDF_BYTES, docx_bytes, upload

pytestmark = pytest.mark.django_db


def _form(unit, issue, attachment) -> dict:
    return {
        "on_behalf": str(unit.pk), "topic": f"issue:{issue.pk}", "kind": "submission", "title": "Evening GP hours",
        "text": "Members who work shifts cannot see a GP in the day.", "community_took_part": "", "attachment": attachment,
    }


def _download(client, submission):
    return client.get(reverse("commissions:attachment", kwargs={"reference": submission.reference}))


@pytest.mark.parametrize(("given", "kept"), [("report.html", "report.pdf"), ("report", "report.pdf"), ("notes.PDF.exe", "notes.PDF.pdf")])
def test_pdf_bytes_under_another_name_are_kept_and_served_as_a_pdf(client, secretary, clp, health, issue, given, kept):
    client.force_login(secretary)
    assert client.post(reverse("commissions:submit", kwargs={"slug": health.slug}), _form(clp, issue, upload(given, PDF_BYTES, "text/html"))).status_code == 302
    submission = Submission.objects.get()
    assert submission.attachment_name == kept
    assert submission.attachment.name.endswith(f"/{kept}")
    response = _download(client, submission)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{kept}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_docx_is_kept_as_a_docx_whatever_it_was_called(client, secretary, clp, health, issue):
    client.force_login(secretary)
    client.post(reverse("commissions:submit", kwargs={"slug": health.slug}), _form(clp, issue, upload("minutes.txt", docx_bytes())))
    submission = Submission.objects.get()
    assert submission.attachment_name == "minutes.docx"
    assert _download(client, submission)["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_a_file_kept_under_a_wrong_name_before_is_served_as_what_it_is(client, secretary, submission):
    """Attachments stored before this check keep their names on disk, but go out as their bytes say."""
    submission.attachment.save("report.html", ContentFile(PDF_BYTES), save=False)
    submission.attachment_name = "report.html"
    submission.save()
    client.force_login(secretary)
    response = _download(client, submission)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


def _zip(entries: dict[str, int | bytes]) -> bytes:
    """A DOCX-shaped zip; an int entry is that many zero bytes, written in chunks (compressed, it stays small)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in entries.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as entry:
                chunk = bytes(1024 * 1024)
                for _ in range(content // len(chunk)):
                    entry.write(chunk)
    return buffer.getvalue()


def test_a_docx_that_would_expand_past_the_limit_is_refused_without_expanding_it(client, secretary, clp, health, issue):
    bomb = _zip({"word/document.xml": 120 * 1024 * 1024})  # 120 MB of zeros: about 120 KB on the wire
    assert len(bomb) < 1024 * 1024
    client.force_login(secretary)
    response = client.post(reverse("commissions:submit", kwargs={"slug": health.slug}), _form(clp, issue, upload("minutes.docx", bomb)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "“minutes.docx” would expand to 120.0\xa0MB" in page and "Members who work shifts" in page
    assert not Submission.objects.exists()


def test_a_docx_of_too_many_parts_is_refused(client, settings, secretary, clp, health, issue):
    settings.SUBMISSION_DOCX_MAX_ENTRIES = 50
    crowded = _zip({"word/document.xml": b"<w:document/>", **{f"word/media/image{n}.png": b"x" for n in range(60)}})
    client.force_login(secretary)
    response = client.post(reverse("commissions:submit", kwargs={"slug": health.slug}), _form(clp, issue, upload("minutes.docx", crowded)))
    assert response.status_code == 400 and "in 62 parts" in response.content.decode()


def test_the_action_checks_the_file_too(secretary, clp, health, issue):
    """The demo and any other caller of `submit` go through the same check as the form."""
    draft = actions.SubmissionDraft(
        title="Walk-in centres", text="Please.", unit=clp, issue=issue,
        attachment=upload("minutes.docx", _zip({"word/document.xml": 120 * 1024 * 1024})),
    )
    with pytest.raises(ActionRefused, match="would expand to"):
        actions.submit(secretary, health, draft)
