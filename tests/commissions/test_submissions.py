"""Submitting to a commission: references, routing, followers, forum reports, attachments and bad input."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from commissions import actions
from commissions.models import Submission
from networks.actions import ActionRefused
from tests.commissions.factories import PDF_BYTES, docx_bytes, upload
from tests.networks import factories
from tests.networks.factories import make_unit

pytestmark = pytest.mark.django_db


def submit_url(commission) -> str:
    return reverse("commissions:submit", kwargs={"slug": commission.slug})


def form_data(unit=None, topic="", **extra) -> dict:
    data = {
        "on_behalf": str(unit.pk) if unit else "me",
        "topic": topic,
        "kind": "submission",
        "title": "Evening GP hours",
        "text": "Members who work shifts cannot see a GP in the day.",
        "community_took_part": "",
    }
    data.update(extra)
    return data


def test_a_unit_submission_gets_a_reference_is_routed_to_the_units_region_and_followed_by_its_members(
    submission, secretary, unit_member, clp, region
):
    year = timezone.localdate().year
    assert submission.reference == f"HEA-{year}-0001"
    assert submission.region == region
    assert set(submission.followers.all()) == {secretary, unit_member}
    assert submission.thread.network is None
    assert submission.thread.posts.get().body == "Our forum asked for **evening** GP hours."
    assert [e.status for e in submission.events.all()] == ["received"]


def test_references_count_up_within_a_commission_and_year(submission, secretary, health, issue, clp):
    second = actions.submit(secretary, health, actions.SubmissionDraft(title="Second", text="More.", unit=clp, issue=issue))
    assert second.reference.endswith("-0002")


def test_the_form_sends_a_submission_for_the_members_clp_and_shows_its_tracking_page(client, secretary, clp, health, issue):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}"), follow=True)
    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == submission.get_absolute_url()
    page = response.content.decode()
    assert submission.reference in page
    assert "Received" in page
    assert submission.unit == clp


def test_a_member_may_submit_for_themself_with_their_region(client, health, issue, other_region):
    user = factories.make_user(name="Ivy Individual")
    client.force_login(user)
    response = client.post(submit_url(health), form_data(None, f"issue:{issue.pk}", region=other_region.pk))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.unit is None and submission.region == other_region
    assert submission.from_label == "Ivy Individual"


def test_submitting_for_yourself_without_a_region_is_refused_and_keeps_the_text(client, health, issue):
    client.force_login(factories.make_user())
    response = client.post(submit_url(health), form_data(None, f"issue:{issue.pk}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose your region" in page
    assert "Members who work shifts cannot see a GP in the day." in page
    assert not Submission.objects.exists()


def test_nobody_can_submit_for_a_unit_they_do_not_belong_to(health, issue, clp):
    outsider = factories.make_user()
    with pytest.raises(ActionRefused, match="unit you belong to"):
        actions.submit(outsider, health, actions.SubmissionDraft(title="Trying it on", text="X", unit=clp, issue=issue))


def test_only_a_units_officers_submit_in_its_name_and_the_form_says_why(client, unit_member, clp, health, issue):
    with pytest.raises(ActionRefused, match="Only officers of Warrington North CLP"):
        actions.submit(unit_member, health, actions.SubmissionDraft(title="Evening hours", text="x", unit=clp, issue=issue))
    client.force_login(unit_member)
    form = client.get(f"/commissions/{health.slug}/submit/").context["form"]
    assert [value for value, _ in form.fields["on_behalf"].choices] == ["me"]
    assert "Only a unit's officers submit in its name, so Warrington North CLP is not offered" in form.fields["on_behalf"].help_text


def test_a_local_policy_forum_report_records_date_attendees_and_community(client, secretary, clp, health, issue):
    client.force_login(secretary)
    data = form_data(clp, f"issue:{issue.pk}", kind="forum_report", forum_held_on="2026-01-15", forum_attendees="42", community_took_part="yes")
    response = client.post(submit_url(health), data)
    assert response.status_code == 302
    report = Submission.objects.get()
    assert report.is_forum_report
    assert str(report.forum_held_on) == "2026-01-15"
    assert report.forum_attendees == 42 and report.community_took_part is True
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Attendees" in page and "42" in page


def test_a_forum_report_without_its_details_says_what_is_missing(client, secretary, clp, health, issue):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", kind="forum_report"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the date the local policy forum was held." in page
    assert "Give the number of people who attended." in page
    assert "Say whether the wider community took part." in page


def test_a_forum_report_dated_in_the_future_is_refused(client, secretary, clp, health, issue):
    client.force_login(secretary)
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    response = client.post(
        submit_url(health),
        form_data(clp, f"issue:{issue.pk}", kind="forum_report", forum_held_on=future, forum_attendees="5", community_took_part="no"),
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_a_submission_to_a_closed_consultation_is_refused_with_a_clear_message_and_keeps_the_text(
    client, secretary, clp, health, closed_document
):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, f"document:{closed_document.pk}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "has closed, so it takes no more submissions" in page
    assert "Members who work shifts cannot see a GP in the day." in page
    assert "Evening GP hours" in page
    assert not Submission.objects.exists()


def test_closed_documents_are_not_offered_on_the_form(client, secretary, health, closed_document, open_document):
    client.force_login(secretary)
    page = client.get(submit_url(health)).content.decode()
    assert open_document.title in page
    assert closed_document.title not in page


def test_a_topic_is_required(client, secretary, clp, health):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, ""))
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_pdf_attachment_is_kept_and_served_only_to_those_who_may_see_the_submission(client, secretary, clp, health, issue):
    client.force_login(secretary)
    data = form_data(clp, f"issue:{issue.pk}", attachment=upload("forum-notes.pdf", PDF_BYTES))
    assert client.post(submit_url(health), data).status_code == 302
    submission = Submission.objects.get()
    assert submission.attachment_name == "forum-notes.pdf"
    url = reverse("commissions:attachment", kwargs={"reference": submission.reference})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 403


def test_an_attachment_is_stored_where_its_address_cannot_be_guessed(client, secretary, clp, health, issue):
    """Only the attachment view, which asks view_submission, should hand it out; MEDIA_URL must not, by a guess."""
    client.force_login(secretary)
    for _ in range(2):
        client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", attachment=upload("submission.pdf", PDF_BYTES)))
    first, second = (s.attachment.name for s in Submission.objects.order_by("pk"))
    assert first.endswith("/submission.pdf") and second.endswith("/submission.pdf")
    assert first != second
    folder = first.split("/")[-2]
    assert len(folder) >= 20 and folder not in second


def test_a_docx_attachment_is_accepted(client, secretary, clp, health, issue):
    client.force_login(secretary)
    data = form_data(clp, f"issue:{issue.pk}", attachment=upload("report.docx", docx_bytes()))
    assert client.post(submit_url(health), data).status_code == 302


def test_a_wrong_type_attachment_is_judged_from_its_bytes_not_its_name(client, secretary, clp, health, issue):
    client.force_login(secretary)
    fake = upload("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", attachment=fake))
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a PDF or Word (DOCX) file" in page
    assert "Members who work shifts cannot see a GP in the day." in page
    assert not Submission.objects.exists()


def test_an_oversized_attachment_is_refused_with_the_limit(client, settings, secretary, clp, health, issue):
    settings.SUBMISSION_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(secretary)
    big = upload("big.pdf", PDF_BYTES + b"0" * 2048)
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", attachment=big))
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r"attachments can be at most 1\.0.KB", page)
    assert "Evening GP hours" in page


@pytest.mark.parametrize(
    ("title", "message"),
    [("x" * 201, "at most 200 characters"), ("Hi", "a title of at least 5 characters"), ("", "This field is required")],
)
def test_a_short_empty_or_overlong_title_is_refused(client, secretary, clp, health, issue, title, message):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", title=title))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, health):
    response = client.get(submit_url(health))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_commission_is_a_404(client, secretary):
    client.force_login(secretary)
    assert client.get("/commissions/no-such-commission/submit/").status_code == 404


def test_the_commission_hears_of_a_new_submission(
    mailoutbox, django_capture_on_commit_callbacks, secretary, clp, health, issue, chair
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(secretary, health, actions.SubmissionDraft(title="Walk-in centres", text="Please.", unit=clp, issue=issue))
    assert any(chair.email in message.to and "Walk-in centres" in message.subject for message in mailoutbox)


def test_a_unit_of_another_kind_is_shown_as_such(client, health, issue, region):
    union = make_unit("UNISON North West", region=region, kind="union")
    user = factories.make_user()
    from tests.networks.factories import join_unit

    join_unit(user, union, "Branch secretary")
    submission = actions.submit(user, health, actions.SubmissionDraft(title="Staffing", text="x", unit=union, issue=issue))
    client.force_login(user)
    assert "Affiliated trade union" in client.get(submission.get_absolute_url()).content.decode()


def test_a_spreadsheet_renamed_docx_is_refused(client, secretary, clp, health, issue):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, f"issue:{issue.pk}", attachment=upload("minutes.docx", buffer.getvalue())))
    assert response.status_code == 400
    assert "is not a PDF or Word (DOCX) file" in response.content.decode()


def test_a_good_attachment_with_another_mistake_asks_for_the_file_again(client, secretary, clp, health, issue):
    client.force_login(secretary)
    response = client.post(submit_url(health), form_data(clp, "", attachment=upload("notes.pdf", PDF_BYTES)))
    assert response.status_code == 400
    assert "Please choose your attachment again" in response.content.decode()
