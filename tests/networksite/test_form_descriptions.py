"""Screen readers read a field's help and errors only when `aria-describedby` names ids that exist.

Django 5.2 points each input at `<id>_helptext` and `<id>_error`; the site's field component
(templates/components/form_field.html) must give its help and error elements exactly those ids.
Every form page of the demo is fetched as the people who use it, empty and then sent back with
nothing filled in (so every error shows), and every id an `aria-describedby` names must be on
the page. (The phone crawl, tests/networksite/test_browser_phone.py, checks every other page.)
"""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from chat.models import LiveChatPage
from commissions.models import ConsultationDocument, Submission
from discussions.models import Post

pytestmark = pytest.mark.django_db


class Descriptions(HTMLParser):
    """The ids on a page and every (element, id) an aria-describedby names."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for target in (attrs.get("aria-describedby") or "").split():
            self.described.append((f"<{tag} name={attrs.get('name')!r} id={attrs.get('id')!r}>", target))


def missing_descriptions(html: str) -> tuple[list[str], int]:
    parser = Descriptions()
    parser.feed(html)
    return [f"{element} → #{target}" for element, target in parser.described if target not in parser.ids], len(parser.described)


def form_pages() -> list[tuple[str | None, str, dict | None]]:
    """(who, page, what to send back): each form of the demo, as someone who may use it."""
    own_post = Post.objects.filter(author__email="dev.okafor@example.org", thread__network__isnull=False).first()
    others_post = Post.objects.exclude(author__email="member@example.org").filter(thread__network__slug="health").first()
    final_draft = ConsultationDocument.objects.filter(stage=3, commission__code="HEA").first()
    submission = Submission.objects.filter(commission__code="HEA", status=Submission.Status.RECEIVED).first() or Submission.objects.filter(commission__code="HEA").first()
    chat = LiveChatPage.objects.live().first()
    return [
        (None, "/accounts/signup/", {}),
        (None, "/accounts/login/", {}),
        (None, "/accounts/password/reset/", {}),
        ("member@example.org", "/accounts/profile/", {"display_name": ""}),
        ("member@example.org", "/accounts/delete/", {}),
        ("member@example.org", "/coordinators/join/", {}),
        ("member@example.org", "/notifications/preferences/", None),
        ("member@example.org", "/networks/health/threads/new/", {}),
        ("member@example.org", f"/discussions/threads/{others_post.thread_id}/reply/", {}),
        ("member@example.org", f"/discussions/posts/{others_post.pk}/report/", {}),
        ("dev.okafor@example.org", f"/discussions/posts/{own_post.pk}/edit/", {"body": ""}),
        ("member@example.org", "/commissions/health/submit/", {}),
        ("member@example.org", f"/commissions/health/documents/{final_draft.pk}/", {}),
        ("member@example.org", chat.url, None),
        ("hea.1@example.org", submission.get_absolute_url(), None),
        # Sent to from the tracking page, which they show again with the errors.
        ("hea.1@example.org", f"/submissions/{submission.reference}/status/", {}),
        ("hea.1@example.org", f"/submissions/{submission.reference}/reply/", {}),
        ("hea.1@example.org", "/commissions/health/queue/", None),
        ("moderator@example.org", others_post.thread.get_absolute_url(), None),
    ]


def test_every_aria_describedby_on_every_form_page_names_an_element_that_exists(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    users = {user.email: user for user in get_user_model().objects.all()}
    problems, checked = [], 0
    for who, path, sent_back in form_pages():
        client.logout()
        if who:
            client.force_login(users[who])
        responses = []
        if not path.startswith("/submissions/") or path.count("/") == 3:
            responses.append(("GET", client.get(path)))
        if sent_back is not None:
            responses.append(("POST", client.post(path, sent_back)))
        for method, response in responses:
            assert response.status_code in (200, 400), f"{method} {path} as {who}: {response.status_code}"
            missing, count = missing_descriptions(response.content.decode())
            checked += count
            problems += [f"{method} {path} as {who}: {item}" for item in missing]
    assert not problems, "aria-describedby names ids that are not on the page:\n" + "\n".join(problems)
    assert checked > 40, f"only {checked} aria-describedby references were found: the pages did not show their forms"


def test_a_refused_field_is_described_by_its_help_and_its_error(client, db):
    response = client.post("/accounts/signup/", {"email": "not an address"})
    html = response.content.decode()
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in html
    assert 'id="id_display_name_helptext"' in html and 'id="id_display_name_error"' in html
