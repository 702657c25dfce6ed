"""A body bigger than a form takes is a 413 page naming the form's limit, decided before the body is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from commissions import actions as commission_actions
from commissions.models import ConsultationDocument, ConsultationParagraph, WorkProgrammeIssue
from discussions import actions as discussion_actions
from tests.commissions.factories import commission_page
from tests.networks import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
THREE_MB = "x" * (3 * 1024 * 1024)


@pytest.fixture
def forms(db):
    """Every kind of form a member or moderator sends, with what each 413 page should explain."""
    network = factories.make_network("Health Network", slug="health")
    author = factories.make_user(name="Aisha Author")
    factories.make_membership(author, network, "moderator")
    thread = discussion_actions.start_thread(author, network, title="GP waiting times", body="Three weeks.")
    other = factories.make_user(name="Omar Other")
    factories.make_membership(other, network)
    reply = discussion_actions.post_reply(other, thread, body="Agreed, and in towns too.")
    commission = factories.make_commission()
    commission_page(commission)
    unit = factories.make_unit()
    factories.join_unit(author, unit)
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=timezone.localdate().year, title="Care", brief="?")
    submission = commission_actions.submit(
        author, commission, commission_actions.SubmissionDraft(title="Walk-in centres", text="Evening hours.", unit=unit, issue=issue)
    )
    draft = ConsultationDocument.objects.create(
        commission=commission, title="Final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT,
        year=timezone.localdate().year, is_open=True,
    )
    ConsultationParagraph.objects.create(document=draft, number=1, text="The NHS must be free.")
    posts = "Posts can be at most 20,000 characters."
    return {
        "author": author,
        "submission": submission,
        "urls": [
            (f"/networks/{network.slug}/threads/new/", posts),
            (f"/discussions/threads/{thread.pk}/reply/", posts),
            (f"/discussions/posts/{reply.pk}/edit/", posts),
            (f"/discussions/posts/{reply.pk}/report/", "A report to the moderators can be at most 2,000 characters."),
            (f"/discussions/posts/{reply.pk}/hide/", "A moderator's reason can be at most 1,000 characters."),
            (f"/discussions/threads/{thread.pk}/moderate/", "A moderator's reason can be at most 1,000 characters."),
            (f"/submissions/{submission.reference}/reply/", "A message or response can be at most 20,000 characters."),
            (f"/commissions/{commission.slug}/documents/{draft.pk}/", "An amendment's words can be at most 4,000 characters"),
            ("/accounts/profile/", ""),
            ("/notifications/read/", ""),
        ],
        "submit_url": f"/commissions/{commission.slug}/submit/",
    }


def test_a_three_megabyte_form_is_a_413_with_the_forms_limit(forms):
    client = Client(raise_request_exception=True)
    client.force_login(forms["author"])
    for url, explanation in forms["urls"]:
        response = client.post(url, {"body": THREE_MB, "reason": THREE_MB}, HTTP_REFERER=f"http://testserver{url}")
        page = response.content.decode()
        assert response.status_code == 413, url
        assert "What you sent is too large" in page and "This form takes at most 2.5\xa0MB" in page, url
        assert escape(explanation) in page, url
        assert f'href="{url}"' in page, url  # back to the form, whose fields the browser usually still holds


def test_an_oversized_upload_is_refused_from_its_content_length_without_being_read(forms):
    """50 MB announced, a few bytes sent: were the body read, the test client's payload would raise."""
    client = Client(raise_request_exception=True)
    client.force_login(forms["author"])
    response = client.post(
        forms["submit_url"],
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "This form takes at most 11.0\xa0MB" in page and "your browser sent 50.0\xa0MB" in page
    assert "An attachment can be at most 10.0\xa0MB" in page


def test_a_multipart_form_whose_text_alone_is_too_big_is_a_413_when_django_reads_it(forms):
    """Within the upload limit, but its text is more than Django reads: the same 413 page, not a bare 400."""
    client = Client(raise_request_exception=True)
    client.force_login(forms["author"])
    response = client.post(forms["submit_url"], {"title": "Too long", "text": THREE_MB})
    assert response.status_code == 413
    assert "An attachment can be at most 10.0\xa0MB" in response.content.decode()


def test_an_ordinary_form_still_goes_through(forms):
    client = Client(raise_request_exception=True)
    client.force_login(forms["author"])
    response = client.post(f"/submissions/{forms['submission'].reference}/reply/", {"body": "Thank you for this."})
    assert response.status_code == 302


def test_the_proxy_refuses_what_the_app_would_and_shows_the_apps_page():
    """nginx's client_max_body_size is the app's REQUEST_MAX_BYTES, in compose and in deploy/local.sh alike, and
    its 413 is answered by the app's page (error_page to /request-too-large/)."""
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    size = compose["services"]["nginx"]["environment"]["NGINX_CLIENT_MAX_BODY"]
    number, unit = re.fullmatch(r"(\d+)([km]?)", str(size)).groups()
    assert int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit] == settings.REQUEST_MAX_BYTES
    local = (ROOT / "deploy" / "local.sh").read_text()
    assert 'NGINX_CLIENT_MAX_BODY="${REQUEST_MAX_BYTES:-' in local
    site = (ROOT / "deploy" / "nginx" / "policy-networks.conf.template").read_text()
    assert "error_page 413 = @request_too_large;" in site
    assert re.search(r"location @request_too_large \{[^}]*rewrite \^ /request-too-large/ break;", site)
    assert reverse("request_too_large") == "/request-too-large/"


def test_the_proxys_413_page_is_the_apps(client):
    response = client.get("/request-too-large/", HTTP_REFERER="http://testserver/commissions/health/submit/")
    assert response.status_code == 413
    page = response.content.decode()
    assert "This form takes at most 11.0\xa0MB" in page and 'href="/commissions/health/submit/"' in page
