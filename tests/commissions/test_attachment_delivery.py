"""Behind nginx a permitted attachment download is handed to nginx (X-Accel-Redirect to an internal
location); a refused one never names the file. Without nginx Django streams it (test_submissions.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.commissions.factories import PDF_BYTES, upload
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(client, secretary, clp, health, issue):
    from commissions.models import Submission

    client.force_login(secretary)
    data = {"on_behalf": str(clp.pk), "topic": f"issue:{issue.pk}", "kind": "submission", "title": "Evening GP hours",
            "text": "Members who work shifts cannot see a GP in the day.", "community_took_part": "",
            "attachment": upload("forum notes.pdf", PDF_BYTES)}
    assert client.post(reverse("commissions:submit", kwargs={"slug": health.slug}), data).status_code == 302
    submission = Submission.objects.get()
    return reverse("commissions:attachment", kwargs={"reference": submission.reference}), submission


def test_the_owner_gets_the_file_from_nginx(client, settings, uploaded):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    url, submission = uploaded
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/" + submission.attachment.name.replace(" ", "%20")
    assert response["Content-Disposition"] == 'attachment; filename="forum notes.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b""  # nginx sends the bytes


def test_another_member_is_refused_and_never_told_where_the_file_is(client, settings, uploaded):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    url, _ = uploaded
    client.force_login(factories.make_user())
    response = client.get(url)
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response
