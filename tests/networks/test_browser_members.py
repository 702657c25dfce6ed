import pytest
from playwright.sync_api import expect

from networks.models import NetworkMembership
from tests.browser import assert_accessible
from tests.networks import factories

pytestmark = pytest.mark.browser


def test_editor_approves_a_request_from_the_members_page(new_page, private_network):
    editor = factories.make_user(name="Eddie Editor")
    factories.make_membership(editor, private_network, "editor")
    requester = factories.make_user(name="Priya Pending")
    factories.make_membership(requester, private_network, pending=True)

    page = new_page(editor)
    page.goto(f"/networks/{private_network.slug}/")
    page.get_by_role("link", name="Manage members").click()
    assert_accessible(page, "members page")
    page.get_by_role("button", name="Approve Priya Pending").click()
    expect(page.get_by_text("Priya Pending is now a member. We have emailed them.")).to_be_visible()
    assert NetworkMembership.objects.get(user=requester).status == "active"


def test_profile_page_is_accessible_and_saves(new_page, member):
    page = new_page(member)
    page.goto("/accounts/profile/")
    assert_accessible(page, "profile page")
    page.get_by_role("textbox", name="Display name").fill("Aisha M")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.get_by_role("region", name="Your party units")).to_contain_text("You are not recorded in a party unit yet")


def test_keyboard_user_can_skip_to_content_and_join(new_page, network):
    page = new_page(factories.make_user())
    page.goto(f"/networks/{network.slug}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    join = page.get_by_role("button", name="Join Health Network")
    join.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have joined Health Network.")).to_be_visible()
