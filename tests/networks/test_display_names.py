"""A display name is one line: refused at the form with what was typed kept, and folded wherever it reaches a header.

A name like "Eve\\r\\nBcc: …" once made every notification naming its owner fail in the
worker (Django's BadHeaderError on the subject), so the emails were lost.
"""

from __future__ import annotations

import pytest
from django.core import mail

from discussions import actions
from networks.models import Profile
from tests.networks import factories

pytestmark = pytest.mark.django_db

INJECTED = "Eve\r\nBcc: everyone@example.org"


@pytest.mark.parametrize("name", [INJECTED, "Eve\nEvans", "Eve\tEvans", "Eve\x00", "Eve\u2028Evans"])
def test_the_profile_form_refuses_a_name_with_a_line_break_and_keeps_the_form(client, name):
    user = factories.make_user(name="Eve Evans")
    yorkshire = factories.make_region("Yorkshire and the Humber")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": name, "region": yorkshire.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your display name must be one line of ordinary characters" in page
    assert f'<option value="{yorkshire.pk}" selected>' in page
    assert Profile.objects.get(user=user).display_name == "Eve Evans"


def test_the_signup_form_refuses_a_name_with_a_line_break(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "eve@example.org", "display_name": INJECTED, "password1": "a-long-and-unusual-passphrase",
         "password2": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 200
    assert "Your display name must be one line of ordinary characters" in response.content.decode()
    assert not Profile.objects.filter(user__email="eve@example.org").exists()


def test_a_name_saved_before_the_check_no_longer_stops_email_naming_it(network, django_capture_on_commit_callbacks):
    """An older profile with a line break in its name: the reply notification still reaches the thread's author."""
    author = factories.make_user(name="Aisha Author", email="aisha@example.org")
    factories.make_membership(author, network)
    eve = factories.make_user(name="Eve")
    factories.make_membership(eve, network)
    Profile.objects.filter(user=eve).update(display_name=INJECTED)
    eve.profile.refresh_from_db()
    thread = actions.start_thread(author, network, title="GP waiting times", body="Three weeks.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(eve, thread, body="Four, here.")
    sent = [message for message in mail.outbox if message.to == ["aisha@example.org"]]
    assert len(sent) == 1
    assert "Eve Bcc: everyone@example.org replied" in sent[0].subject
    assert "\n" not in sent[0].subject and "\r" not in sent[0].subject
    assert all("everyone@example.org" not in address for message in mail.outbox for address in message.bcc)
    assert sent[0].message()["Subject"]  # the whole message builds, as the worker's send does


def test_the_profile_page_accepts_an_ordinary_name(client):
    user = factories.make_user(name="Eve Evans")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": "  Éve O'Brien-Evans  "})
    assert response.status_code == 302
    assert Profile.objects.get(user=user).display_name == "Éve O'Brien-Evans"
