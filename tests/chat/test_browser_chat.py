"""Three people in three browsers follow one question live: asked, approved, voted on, answered; no reloads."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible
from tests.chat.factories import make_chat
from tests.chat.relay import open_through

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_chat(new_page, user, chat):
    page = new_page(user)
    page.goto(chat.url)
    expect(page.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    page.evaluate("window.__sameDocument = true")
    return page


def test_member_moderator_and_host_follow_a_question_live(new_page, live, network, people):
    chat = make_chat(network)
    member = open_chat(new_page, people["member"], chat)
    moderator = open_chat(new_page, people["moderator"], chat)
    host = open_chat(new_page, people["host"], chat)
    assert_accessible(member, "live chat page (member)")
    assert_accessible(moderator, "live chat page (moderator)")

    member.get_by_role("textbox", name="Your question").fill("Will GP surgeries in Bolton open on Saturdays?")
    member.get_by_role("button", name="Send question").click()
    expect(member.locator("#chat-submit-status")).to_contain_text("with the moderators")
    expect(member.get_by_role("textbox", name="Your question")).to_have_value("")

    incoming = moderator.locator("#chat-pending li", has_text="Will GP surgeries in Bolton open on Saturdays?")
    expect(incoming).to_be_visible()
    expect(host.locator("#chat-queue li")).to_have_count(0)
    incoming.get_by_role("button", name=re.compile("^Approve")).click()
    expect(moderator.locator("#chat-pending li")).to_have_count(0)

    published = member.locator("#chat-transcript li.chat-item", has_text="Will GP surgeries in Bolton")
    expect(published).to_be_visible()
    queued = host.locator("#chat-queue li", has_text="Will GP surgeries in Bolton")
    expect(queued).to_be_visible()

    published.get_by_role("button", name=re.compile("^Vote")).click()
    expect(published.get_by_text("You voted for this")).to_be_visible()
    expect(queued.locator(".vote-count")).to_have_text("1")

    queued.get_by_label(re.compile("^Your answer to question")).fill("Yes: every practice will by 2027.")
    queued.get_by_role("button", name="Publish answer").click()
    expect(host.locator("#chat-queue li")).to_have_count(0)
    for page in (member, moderator, host):
        answer = page.locator("#chat-transcript .chat-answer", has_text="Yes: every practice will by 2027.")
        expect(answer).to_be_visible()
        expect(answer).to_contain_text("Helen Host MP")
        assert page.evaluate("window.__sameDocument") is True

    host.get_by_role("button", name="Close the chat").click()
    host.get_by_role("dialog").get_by_role("button", name="Close the chat").click()
    expect(member.locator("#chat-status")).to_have_text("Closed")
    expect(member.get_by_role("link", name="Read the published transcript")).to_be_visible()
    member.get_by_role("link", name="Read the published transcript").click()
    expect(member.get_by_role("heading", name="Transcript")).to_be_visible()
    assert_accessible(member, "closed chat transcript")


def test_dropped_connection_says_so_reconnects_and_catches_up(new_page, live, network, people):
    chat = make_chat(network, format="open")
    reader = new_page(people["other"])
    links = []

    def relay(socket_route):
        socket_route.connect_to_server()
        links.append(socket_route)

    reader.route_web_socket(re.compile(r"/ws/chats/"), relay)
    reader.goto(chat.url)
    expect(reader.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    reader.evaluate("window.__sameDocument = true")
    writer = open_chat(new_page, people["member"], chat)

    links[0].close(code=1006, reason="network lost")
    expect(reader.locator("#chat-connection")).to_have_text(re.compile("Reconnecting"))
    writer.get_by_label("Your message").fill("Posted while you were away")
    writer.get_by_role("button", name="Post message").click()
    expect(writer.locator("#chat-transcript li", has_text="Posted while you were away")).to_be_visible()

    expect(reader.locator("#chat-connection")).to_have_text(re.compile("Connected"), timeout=15_000)
    expect(reader.locator("#chat-transcript li", has_text="Posted while you were away")).to_have_count(1)
    writer.get_by_label("Your message").fill("And one after you came back")
    writer.get_by_role("button", name="Post message").click()
    expect(reader.locator("#chat-transcript li.chat-item")).to_have_count(2)
    assert reader.evaluate("window.__sameDocument") is True


def test_a_dropped_broadcast_is_noticed_by_its_gap_and_fetched(new_page, live, network, people):
    """The channel layer may drop a broadcast: the next event's number shows the gap, and the page fetches it."""
    import json

    chat = make_chat(network, format="open")
    reader = new_page(people["other"])
    dropped = []

    def lossy(message, to_page):
        frame = json.loads(message)
        if frame.get("kind") == "message" and "first" in frame["message"]["text"] and not dropped:
            dropped.append(frame["seq"])
            return
        to_page(message)

    open_through(reader, chat.url, lossy)
    writer = open_chat(new_page, people["member"], chat)
    for text in ("The first message", "The second message"):
        writer.get_by_label("Your message").fill(text)
        writer.get_by_role("button", name="Post message").click()
        expect(writer.locator("#chat-transcript li", has_text=text)).to_be_visible()

    items = reader.locator("#chat-transcript li.chat-item .chat-text")
    expect(items).to_have_text(["The first message", "The second message"])
    assert dropped, "the first broadcast should have been dropped on its way to the reader"


def test_the_message_form_appears_when_an_open_chat_opens_without_a_reload(new_page, live, network, people):
    """An open-format chat takes messages once it is live (a Q&A chat takes questions in advance):
    a member waiting on the page before the start can post as soon as the host opens the chat."""
    chat = make_chat(network, status="scheduled", format="open")
    member = open_chat(new_page, people["member"], chat)
    host = open_chat(new_page, people["host"], chat)
    expect(member.get_by_text("The form opens when the chat goes live")).to_be_visible()
    expect(member.get_by_label("Your message")).to_be_hidden()

    host.get_by_role("button", name="Open the chat now").click()
    expect(member.locator("#chat-status")).to_have_text("Live now")
    expect(member.locator("#chat-notice")).to_have_text("The chat is open: you can post now.")
    expect(member.get_by_text("The form opens when the chat goes live")).to_be_hidden()
    expect(host.get_by_role("button", name="Open the chat now")).to_have_count(0)
    expect(host.get_by_label("Extend by (minutes)")).to_be_focused()

    member.get_by_label("Your message").fill("Will the workforce plan cover physiotherapists?")
    member.get_by_role("button", name="Post message").click()
    expect(member.locator("#chat-transcript li", has_text="physiotherapists")).to_be_visible()
    assert member.evaluate("window.__sameDocument") is True
    assert_accessible(member, "live chat page after opening (member)")


def test_a_moderator_keeps_their_place_after_approving(new_page, live, network, people):
    """Approving removes the item under the keyboard focus: focus goes to the next question, then the heading."""
    from chat import actions

    chat = make_chat(network)
    with ThreadPoolExecutor(1) as pool:  # outside Playwright's event loop: actions broadcast through async_to_sync
        for n in (1, 2):
            pool.submit(actions.submit, people["member"], chat, f"Waiting question {n}", f"w{n}").result()
    moderator = open_chat(new_page, people["moderator"], chat)
    first = moderator.locator("#chat-pending li", has_text="Waiting question 1")
    first.get_by_role("button", name=re.compile("^Approve")).click()
    expect(first).to_have_count(0)
    second = moderator.locator("#chat-pending li", has_text="Waiting question 2")
    expect(second.get_by_role("button", name=re.compile("^Approve"))).to_be_focused()
    moderator.keyboard.press("Enter")
    expect(moderator.locator("#chat-pending li")).to_have_count(0)
    expect(moderator.get_by_role("heading", name=re.compile("^Incoming questions"))).to_be_focused()


def test_a_member_muted_by_a_moderator_is_told_at_once(new_page, live, network, people):
    chat = make_chat(network, format="open", title="Open chat")
    member = open_chat(new_page, people["member"], chat)
    moderator = open_chat(new_page, people["moderator"], chat)

    member.get_by_label("Your message").fill("THIS IS ALL A DISGRACE")
    member.get_by_role("button", name="Post message").click()
    posted = moderator.locator("#chat-transcript li.chat-item", has_text="THIS IS ALL A DISGRACE")
    posted.get_by_role("button", name=re.compile("^Mute author")).click()

    expect(member.locator("#chat-you-changed")).to_contain_text("A moderator has muted you in this chat")
    expect(member.locator("#chat-submit-form")).to_be_hidden()
    assert member.evaluate("window.__sameDocument") is True
    assert_accessible(member, "live chat page (muted member)")
