"""The Content-Security-Policy holds and everything still works under it: the site's pages, the
live chat's socket and the Wagtail admin, with any violation the browser reports failing the test.

Violations are caught in the page (`securitypolicyviolation` events, recorded from before any
script runs) and in the console. A first check proves the catching works: an inline script
injected into a page must be blocked and caught.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.snippets.models import get_snippet_models

from networks.models import NetworkArticlePage, Region
from tests.bulletins.factories import make_bulletin
from tests.chat.factories import make_chat
from tests.commissions.factories import commission_page
from tests.networks import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sample || ""})`);
});
"""


class Watched:
    """A browser page whose every CSP violation (DOM event or console message) is kept."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: "Content Security Policy" in message.text and self.console.append(message.text))

    def visit(self, path: str):
        response = self.page.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers, path
        self.page.wait_for_load_state("networkidle")
        return response

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []") + self.console

    def assert_clean(self, where: str) -> None:
        found = self.violations()
        assert not found, f"CSP violations on {where}:\n" + "\n".join(found)


@pytest.fixture
def site(network):
    member = factories.make_user("member@example.org", name="Aisha Member")
    factories.make_membership(member, network)
    editor = factories.make_user("eddie.editor@example.org", name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    staff = factories.make_user("staff@example.org", name="Sam Staff", staff=True)
    article = NetworkArticlePage(title="Running a local policy forum", slug="forum-guide", summary="How to run one.")
    network.add_child(instance=article)
    chat = make_chat(network, title="Ask the Health Secretary", format="open")
    bulletin = make_bulletin(network, user=editor)
    commission = commission_page(factories.make_commission())
    factories.make_unit(region=Region.objects.create(name="North West", slug="north-west"))
    return {"member": member, "staff": staff, "article": article, "chat": chat, "bulletin": bulletin, "commission": commission}


def test_an_injected_inline_script_is_blocked_and_caught(new_page, live, site):
    watched = Watched(new_page())
    watched.visit("/")
    ran = watched.page.evaluate(
        "() => { window.__ran = false; const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); return window.__ran; }"
    )
    assert ran is False
    expect(watched.page.locator("body")).to_be_visible()
    watched.page.wait_for_function("window.__cspViolations.length > 0")
    assert any("script-src" in violation for violation in watched.violations())


def test_the_site_and_the_chat_socket_work_under_the_policy(new_page, live, site, network):
    watched = Watched(new_page(site["member"]))
    for path in [
        "/", "/networks/", network.url, f"{network.url}threads/", f"{network.url}threads/new/", site["article"].url,
        f"{network.url}bulletins/", "/discussions/search/?q=forum", "/notifications/", "/notifications/preferences/",
        "/accounts/profile/", "/commissions/", site["commission"].url, "/submissions/", "/regions/",
    ]:
        watched.visit(path)
        watched.assert_clean(path)

    watched.visit(site["chat"].url)
    expect(watched.page.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    message = "Evening GP appointments would help shift workers."
    watched.page.locator("#chat-submit-form textarea").fill(message)
    watched.page.locator("#chat-submit-form button[type=submit]").click()
    expect(watched.page.locator("#chat-transcript", has_text=message)).to_be_visible()
    watched.assert_clean("the live chat, sending through its socket")

    signed_out = Watched(new_page())
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        signed_out.visit(path)
        signed_out.assert_clean(path)


def test_the_wagtail_admin_works_under_the_policy(new_page, live, site, network):
    watched = Watched(new_page(site["staff"]))
    paths = ["/admin/", "/admin/pages/", f"/admin/pages/{network.pk}/", "/admin/images/",
             "/admin/documents/", "/admin/users/", "/admin/groups/"]
    pages = [network.get_parent().specific, network, site["article"], site["chat"], site["bulletin"], site["commission"]]
    paths += [f"/admin/pages/{page.pk}/edit/" for page in pages]
    for path in paths:
        watched.visit(path)
        watched.assert_clean(path)

    # Every snippet listing, and the first edit form of each (their choosers start from the starter script).
    listings = [reverse(model.snippet_viewset.get_url_name("list")) for model in get_snippet_models()]
    assert len(listings) >= 8, listings
    for listing in listings:
        watched.visit(listing)
        edit = watched.page.locator(f"a[href^='{listing}edit/']").first
        if edit.count():
            watched.visit(edit.get_attribute("href"))
        watched.assert_clean(listing)

    # A new chat: its date-time inputs start their pickers, and the hosts' chooser opens its modal.
    watched.visit(f"/admin/pages/add/chat/livechatpage/{network.pk}/")
    watched.page.locator("#id_starts_at").click()
    expect(watched.page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    starts = timezone.localtime() + timedelta(days=7)
    watched.page.locator("#id_starts_at").fill(f"{starts:%Y-%m-%d %H:%M}")
    watched.assert_clean("the new chat form")

    watched.visit("/admin/snippets/networks/partyunit/add/")
    watched.page.get_by_role("button", name=re.compile("Choose region")).click()
    expect(watched.page.get_by_role("dialog")).to_be_visible()
    expect(watched.page.get_by_role("dialog").get_by_text("North West")).to_be_visible()
    watched.assert_clean("the region chooser")
