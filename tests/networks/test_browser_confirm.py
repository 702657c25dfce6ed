"""In the browser: what cannot be undone asks first (a dialog with JavaScript, a page without),
the header folds into a menu on a phone, and "@" suggests members to mention."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from chat.models import LiveChatState
from discussions.actions import post_reply, start_thread
from networks.models import NetworkMembership
from tests.browser import assert_accessible, session_cookie_for
from tests.chat.factories import make_chat
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_asks_in_a_dialog_and_no_keeps_the_membership(new_page, member, network):
    page = new_page(member)
    page.goto("/networks/")
    leave = page.get_by_role("button", name="Leave Health Network")
    leave.click()
    dialog = page.get_by_role("dialog", name="Leave Health Network?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You can join again at any time.")
    assert_accessible(page, "leave dialog")
    dialog.get_by_role("button", name="No, go back").click()
    expect(dialog).to_be_hidden()
    assert leave.evaluate("el => el === document.activeElement")
    assert NetworkMembership.objects.filter(user=member, network=network).exists()

    leave.click()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    leave.click()
    dialog.get_by_role("button", name="Leave Health Network").click()
    expect(page.get_by_text("You have left Health Network.")).to_be_visible()
    assert not NetworkMembership.objects.filter(user=member, network=network).exists()


def test_without_javascript_leaving_asks_on_a_page_of_its_own(browser_instance, live, member, network):
    context = browser_instance.new_context(base_url=live.url, java_script_enabled=False)
    try:
        context.add_cookies([session_cookie_for(member, live.url)])
        page = context.new_page()
        page.goto("/networks/")
        page.get_by_role("button", name="Leave Health Network").click()
        expect(page.get_by_role("heading", name="Leave Health Network?")).to_be_visible()
        assert NetworkMembership.objects.filter(user=member, network=network).exists()
        page.get_by_role("button", name="Leave Health Network").click()
        expect(page.get_by_text("You have left Health Network.")).to_be_visible()
        assert page.url.endswith("/networks/")
        assert not NetworkMembership.objects.filter(user=member, network=network).exists()
    finally:
        context.close()


def test_closing_a_chat_asks_first_then_closes_it_for_everyone(new_page, network):
    host = factories.make_user(name="Helen Host MP")
    factories.make_membership(host, network, "host")
    reader = factories.make_user(name="Olu Other")
    factories.make_membership(reader, network)
    chat = make_chat(network)
    pages = {}
    for name, user in (("host", host), ("reader", reader)):
        pages[name] = new_page(user)
        pages[name].goto(chat.url)
        expect(pages[name].locator("#chat-connection")).to_have_text(re.compile("Connected"))
    host_page = pages["host"]
    host_page.get_by_role("button", name="Close the chat").click()
    dialog = host_page.get_by_role("dialog", name="Close the chat now?")
    expect(dialog).to_contain_text("cannot be opened again")
    dialog.get_by_role("button", name="No, go back").click()
    assert not LiveChatState.objects.filter(chat_id=chat.pk, closed_at__isnull=False).exists()

    host_page.get_by_role("button", name="Close the chat").click()
    dialog.get_by_role("button", name="Close the chat").click()
    expect(pages["reader"].locator("#chat-status")).to_have_text("Closed")
    assert LiveChatState.objects.get(chat_id=chat.pk).closed_at is not None


def test_on_a_phone_the_header_is_one_line_with_a_menu(new_page, member):
    page = new_page(member)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 640 / 6
    expect(page.get_by_role("link", name="My submissions")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="My submissions")).to_be_visible()
    assert_accessible(page, "phone menu, open")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(page.get_by_role("link", name="Profile")).to_be_visible()


def test_typing_at_and_a_name_suggests_the_member_to_mention(new_page, network):
    aisha = member_of(network, name="Aisha Member")
    grace = member_of(network, name="Grace Lee")
    thread = start_thread(aisha, network, title="GP waiting times", body="Who has data on this?")
    post_reply(grace, thread, body="We counted waits in Warrington.")
    page = new_page(aisha)
    page.goto(thread.get_absolute_url())
    reply = page.get_by_label("Your reply")
    reply.click()
    reply.press_sequentially("Thanks @gr", delay=30)
    choice = page.get_by_role("button", name=f"Grace Lee @{grace.username}")
    expect(choice).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="1 member matches")).to_be_attached()
    reply.press("ArrowDown")
    assert choice.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(reply).to_have_value(f"Thanks @{grace.username} ")
    expect(choice).to_be_hidden()
