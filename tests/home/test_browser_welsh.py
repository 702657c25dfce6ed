"""A member switches the site to Welsh and reads the home page, a network page and the thread form in Welsh."""

import io
import re

import pytest
from playwright.sync_api import expect

from home import welsh_demo
from networks.models import NetworkArticlePage, Profile
from tests.browser import assert_accessible
from tests.networks import factories

pytestmark = pytest.mark.browser


def test_switching_to_welsh_reads_home_network_and_thread_form_in_welsh(new_page, live):
    network = factories.make_network("Health Network", slug="health")
    network.add_child(
        instance=NetworkArticlePage(
            title="Running a local policy forum on health", slug="forum-guide", kind="resource", summary="A guide."
        )
    )
    welsh_demo.load(io.StringIO())
    member = factories.make_user(name="Gwenllian Member")
    factories.make_membership(member, network)
    page = new_page(member)

    page.goto("/")
    page.get_by_role("banner").get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("link", name="Neidio i'r prif gynnwys")).to_be_attached()
    expect(page.get_by_role("heading", name="Eich rhwydweithiau")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="English")).to_be_visible()
    assert_accessible(page, "home page in Welsh")

    page.goto("/networks/health/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhwydwaith Iechyd")
    expect(page.get_by_text("GIG Cymru").first).to_be_visible()
    assert_accessible(page, "network page in Welsh")

    page.get_by_role("link", name="Dechrau edefyn").first.click()
    page.wait_for_url(re.compile(r"/networks/health/threads/new/"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Dechrau edefyn yn "))
    expect(page.get_by_label("Teitl")).to_be_visible()
    expect(page.get_by_label("Eich neges")).to_be_visible()
    expect(page.get_by_role("button", name="Cyhoeddi'r edefyn")).to_be_visible()
    assert_accessible(page, "thread form in Welsh")

    # Sent empty, the form answers in Welsh too.
    page.get_by_role("button", name="Cyhoeddi'r edefyn").click()
    expect(page.get_by_text("Rhowch deitl i'r edefyn.")).to_be_visible()

    assert Profile.objects.get(user=member).language == "cy"
