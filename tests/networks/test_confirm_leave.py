"""Leaving a network asks first: a confirmation page without JavaScript (a dialog with it, in
tests/networks/test_browser_confirm.py), built from the shared confirm button component."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from networks.models import NetworkMembership
from tests.networks import factories


class Forms(HTMLParser):
    """Each form on a page: its action, its fields, and its buttons (with their formaction)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": [], "buttons": []})
        elif self.forms and tag == "input" and attrs.get("name") and attrs.get("disabled") is None:
            self.forms[-1]["fields"].append((attrs["name"], attrs.get("value", "")))
        elif self.forms and tag == "button":
            self.forms[-1]["buttons"].append(attrs)
            self._button = attrs

    def handle_data(self, data):
        if getattr(self, "_button", None) is not None:
            self._button["text"] = self._button.get("text", "") + data

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None


def form_with_button(html: str, text: str) -> tuple[dict, dict]:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        for button in form["buttons"]:
            if button.get("text", "").strip() == text:
                return form, button
    raise AssertionError(f"no button “{text}” on the page")


def press(client, html: str, text: str):
    """What a browser without JavaScript sends when the button is pressed."""
    form, button = form_with_button(html, text)
    return client.post(button.get("formaction") or form["action"], dict(form["fields"]))


@pytest.fixture
def networks_page(client, member):
    client.force_login(member)
    return client.get("/networks/").content.decode()


def test_leave_asks_first_and_the_member_stays_until_they_say_yes(client, member, network, networks_page):
    response = press(client, networks_page, "Leave Health Network")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leave Health Network?" in html
    assert "You can join again at any time." in html
    assert NetworkMembership.objects.filter(user=member, network=network).exists()

    response = press(client, html, "Leave Health Network")
    assert response.status_code == 302 and response["Location"] == "/networks/"
    assert not NetworkMembership.objects.filter(user=member, network=network).exists()


def test_the_confirmation_page_says_a_members_only_network_needs_approval_again(client, private_network):
    user = factories.make_user(name="Gail Governor")
    factories.make_membership(user, private_network)
    client.force_login(user)
    html = press(client, client.get("/networks/").content.decode(), f"Leave {private_network.title}").content.decode()
    assert "ask again and wait for a moderator to approve you" in html


def test_going_back_from_the_confirmation_page_leaves_the_member_where_they_were(client, member, network, networks_page):
    html = press(client, networks_page, "Leave Health Network").content.decode()
    assert '<a href="/networks/" class="button button-secondary">No, go back</a>' in html
    assert NetworkMembership.objects.filter(user=member, network=network).exists()


@pytest.mark.parametrize(
    "action", ["https://evil.example/networks/health/leave/", "//evil.example/x/", "javascript:alert(1)", "/confirm/", ""]
)
def test_the_confirmation_page_only_posts_to_this_sites_own_actions(member_client, action):
    response = member_client.post("/confirm/", {"confirm_action": action, "confirm_title": "Sure?"})
    assert response.status_code == 404


def test_the_confirmation_page_is_post_only(member_client):
    assert member_client.get("/confirm/").status_code == 405


def test_each_member_reads_their_own_standing_in_plain_english(client, network):
    editor = factories.make_user(name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    client.force_login(editor)
    html = client.get("/networks/").content.decode()
    assert "You are this network&#x27;s editor" in html
    assert "You are a editor" not in html
