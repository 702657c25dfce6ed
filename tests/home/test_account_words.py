"""Account pages and emails speak the site's own words and call a member by their display name.

allauth's defaults greet "Hello from 127.0.0.1!", name a new member "user new.member" and show
an unstyled "Sign Up" button; the site's own templates and adapter (networks/adapters.py) replace
them.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from tests.networks import factories

PASSWORD = "a-long-and-unusual-passphrase"
STRANGERS_WORDS = ("Hello from", "127.0.0.1", "testserver", "example.com", "user new", "Thank you for using")


def signup(client, email="new.member@example.org", name="Nadia Newcomer"):
    return client.post("/accounts/signup/", {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD})


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://networks.example.test"
    return settings.SITE_URL


def test_the_confirmation_email_greets_the_new_member_by_name_in_the_sites_words(client, db, site_url):
    signup(client)
    message = mail.outbox[-1]
    assert message.subject == "[Policy Networks] Confirm your email address to finish joining"
    assert message.body.startswith("Dear Nadia Newcomer,")
    assert "join Policy Networks" in message.body
    assert re.search(rf"{re.escape(site_url)}/accounts/confirm-email/\S+/", message.body)
    for words in STRANGERS_WORDS:
        assert words not in message.body, words


def test_the_password_reset_email_greets_the_member_by_name_with_a_link_on_the_site(client, db, site_url):
    factories.make_user("ruth@example.org", name="Ruth Reader")
    client.post("/accounts/password/reset/", {"email": "ruth@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "[Policy Networks] Choose a new password"
    assert message.body.startswith("Dear Ruth Reader,")
    assert re.search(rf"{re.escape(site_url)}/accounts/password/reset/key/\S+/", message.body)
    assert "username" not in message.body
    for words in STRANGERS_WORDS:
        assert words not in message.body, words


def test_a_stranger_is_not_greeted_by_a_name(client, db, settings, site_url):
    settings.ACCOUNT_PREVENT_ENUMERATION = True
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    message = mail.outbox[-1]
    assert message.body.startswith("Hello,")
    assert f"{site_url}/accounts/signup/" in message.body


def test_signing_in_names_the_member_by_their_display_name(client, db):
    factories.make_user("ruth@example.org", name="Ruth Reader")
    response = client.post("/accounts/login/", {"login": "ruth@example.org", "password": factories.PASSWORD})
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Ruth Reader" in message for message in said), said


def test_the_signup_page_speaks_the_sites_words_with_a_styled_button(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert "<h1>Join Policy Networks</h1>" in html
    assert re.search(r'<button type="submit" class="button">Create my account</button>', html)
    assert "Sign Up" not in html


def test_allauths_own_buttons_take_the_sites_style(client, member):
    client.force_login(member)
    html = client.get("/accounts/email/").content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    buttons = re.findall(r"<button[^>]*>", main)
    assert buttons and all('class="button' in button for button in buttons), buttons
