"""The live page as a reader meets it when things go wrong or change: offline, reordered events, a close, a sign-out."""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chat import actions
from chat.models import LiveChatState
from tests.browser import assert_accessible
from tests.chat.factories import make_chat
from tests.chat.relay import open_through

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_chat(new_page, user, chat, **context_options):
    page = new_page(user, **context_options)
    page.goto(chat.url)
    expect(page.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    page.evaluate("window.__sameDocument = true")
    return page


def outside_playwright(function, *args):
    """Actions broadcast through async_to_sync: run them off Playwright's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def post(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Post message").click()
    expect(page.locator("#chat-transcript li", has_text=text)).to_be_visible()


def test_going_offline_says_reconnecting_at_once_and_catches_up_when_back(new_page, live, network, people):
    chat = make_chat(network, format="open")
    reader = open_chat(new_page, people["other"], chat)
    writer = open_chat(new_page, people["member"], chat)
    expect(reader.locator("#chat-participants")).to_have_text("2 people here.")

    reader.context.set_offline(True)
    expect(reader.locator("#chat-connection")).to_have_text(re.compile("^Reconnecting…"), timeout=5_000)
    post(writer, "Posted while the reader was offline")
    expect(reader.locator("#chat-transcript li", has_text="Posted while the reader was offline")).to_have_count(0)

    reader.context.set_offline(False)
    expect(reader.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    expect(reader.locator("#chat-transcript li", has_text="Posted while the reader was offline")).to_have_count(1)
    post(writer, "And one after")
    expect(reader.locator("#chat-transcript li.chat-item")).to_have_count(2)
    assert reader.evaluate("window.__sameDocument") is True


def test_the_next_question_typed_before_the_first_is_acknowledged_is_kept(new_page, live, network, people):
    """The acknowledgement of one post clears only that post's text, never what the member typed since."""
    chat = make_chat(network, format="open")
    writer = new_page(people["member"])
    held_acks = []

    def hold_first_ack(message, to_page):
        if json.loads(message).get("type") == "ack" and not held_acks:
            held_acks.append(message)
            return
        to_page(message)

    to_writer = open_through(writer, chat.url, hold_first_ack)
    box = writer.get_by_label("Your message")
    box.fill("My first question")
    writer.get_by_role("button", name="Post message").click()
    expect(writer.locator("#chat-transcript li", has_text="My first question")).to_be_visible()
    for _ in range(100):  # Playwright delivers socket frames while the page waits
        if held_acks:
            break
        writer.wait_for_timeout(50)
    assert held_acks, "the server acknowledged the post"
    box.fill("My second question, half written")
    to_writer[-1](held_acks[0])
    expect(writer.locator("#chat-submit-status")).to_have_text("Your message is posted.")
    expect(box).to_have_value("My second question, half written")


def test_events_arriving_out_of_order_are_put_in_order_without_asking_again(new_page, live, network, people):
    """Two processes commit in one order and deliver in another: the page waits for the missing number."""
    chat = make_chat(network, format="open")
    reader = new_page(people["other"])
    sent_by_page = []
    held = []
    dropped = []

    def reorder(message, to_page):
        frame = json.loads(message)
        text = frame.get("message", {}).get("text", "") if frame.get("kind") == "message" else ""
        if text == "Third, never delivered live" and "third" not in dropped:
            dropped.append("third")  # lost on its way once; the page's resume fetches it
            return
        if text == "First, delivered second":
            held.append(message)
            return
        to_page(message)
        if held and text == "Second, delivered first":
            to_page(held.pop())

    open_through(reader, chat.url, reorder, from_page=lambda message: sent_by_page.append(json.loads(message)))
    writer = open_chat(new_page, people["member"], chat)
    post(writer, "First, delivered second")
    post(writer, "Second, delivered first")
    texts = reader.locator("#chat-transcript li.chat-item .chat-text")
    expect(texts).to_have_text(["First, delivered second", "Second, delivered first"])
    start = int(reader.locator("#live-chat").get_attribute("data-seq"))
    assert [frame for frame in sent_by_page if frame["type"] == "resume"] == [{"type": "resume", "after": start}]

    # A number that never comes is asked for, and only it: `before` stops the answer at what the page holds.
    post(writer, "Third, never delivered live")
    post(writer, "Fourth")
    expect(texts).to_have_text(["First, delivered second", "Second, delivered first", "Third, never delivered live", "Fourth"])
    resumes = [frame for frame in sent_by_page if frame["type"] == "resume"]
    last = LiveChatState.objects.get(chat=chat).last_seq
    assert resumes[1:] == [{"type": "resume", "after": last - 2, "before": last}]


def test_a_second_message_sent_before_the_first_is_acknowledged_is_posted_too(new_page, live, network, people):
    """A message's own event can reach the page before its acknowledgement (they travel different
    ways through the server). A member who sees it and sends the next one at once must not have the
    next taken for a repeat of the first (it went out under the first one's id, and was lost)."""
    chat = make_chat(network, format="open")
    reader = open_chat(new_page, people["other"], chat)
    writer = new_page(people["member"])
    held: list = []
    sent: list[dict] = []

    def hold_first_ack(message, to_page):
        frame = json.loads(message)
        if frame.get("type") == "ack" and frame.get("of") == "submit" and not held and not sent[1:]:
            held.append(lambda: to_page(message))
            return
        to_page(message)

    def from_page(message):
        frame = json.loads(message)
        if frame.get("type") == "submit":
            sent.append(frame)
            if len(sent) == 2 and held:
                held.pop()()  # the first one's acknowledgement, late

    open_through(writer, chat.url, hold_first_ack, from_page=from_page)
    post(writer, "First, acknowledged late")
    post(writer, "Second, sent at once")
    assert sent[0]["client_id"] != sent[1]["client_id"]
    expect(reader.locator("#chat-transcript li.chat-item .chat-text")).to_have_text(
        ["First, acknowledged late", "Second, sent at once"]
    )
    expect(writer.get_by_label("Your message")).to_have_value("")

    # The same text sent twice before its acknowledgement (a double click) is still one message.
    held.clear()
    sent.clear()
    writer.get_by_label("Your message").fill("Third, clicked twice")
    writer.evaluate("""() => { const form = document.getElementById("chat-submit-form");
        form.requestSubmit(); form.requestSubmit(); }""")
    expect(reader.locator("#chat-transcript li.chat-item .chat-text")).to_have_text(
        ["First, acknowledged late", "Second, sent at once", "Third, clicked twice"]
    )
    assert len(sent) == 2 and sent[0]["client_id"] == sent[1]["client_id"]


def test_reconnecting_readers_spread_out(new_page, live, network, people):
    chat = make_chat(network, format="open")
    page = open_chat(new_page, people["other"], chat)
    delays = page.evaluate("[...Array(50)].map(() => window.liveChat.backoff(3))")
    assert all(2000 <= delay <= 4000 for delay in delays) and len(set(delays)) > 30
    capped = page.evaluate("[...Array(20)].map(() => window.liveChat.backoff(12))")
    assert all(15000 <= delay <= 30000 for delay in capped)


def test_every_open_page_turns_into_the_closed_page_when_the_chat_closes(new_page, live, network, people):
    chat = make_chat(network)
    outside_playwright(actions.submit, people["member"], chat, "Will the plan reach rural midwives?", "rural")
    member = open_chat(new_page, people["member"], chat)
    moderator = open_chat(new_page, people["moderator"], chat)
    host = open_chat(new_page, people["host"], chat)
    expect(member.get_by_role("heading", name="Your questions awaiting approval")).to_be_visible()
    expect(member.locator("#chat-participants")).to_contain_text("people here")
    expect(moderator.get_by_role("heading", name=re.compile("^Incoming questions"))).to_be_visible()

    host.get_by_role("button", name="Close the chat").click()
    host.get_by_role("dialog").get_by_role("button", name="Close the chat").click()
    for page in (member, moderator, host):
        expect(page.locator("#chat-status")).to_have_text("Closed")
        expect(page.get_by_role("link", name="Read the published transcript")).to_be_visible()
        for gone in ("#chat-ask", "#chat-live-line", "#chat-run", "#chat-submit-form", "#chat-pending", "#chat-queue"):
            expect(page.locator(gone)).to_have_count(0)
        expect(page.get_by_text("Connected")).to_have_count(0)
        expect(page.get_by_text(re.compile("people here"))).to_have_count(0)
        expect(page.get_by_text(re.compile("awaiting approval"))).to_have_count(0)
        assert page.evaluate("window.__sameDocument") is True
    assert_accessible(member, "live chat page closed in place (member)")


def test_remind_me_goes_when_the_chat_opens_and_times_keep_the_sites_clock(new_page, live, network, people):
    """A reader in New York on a 12-hour locale sees the end time as the page printed it: London, 24-hour."""
    chat = make_chat(network, status="scheduled")
    member = open_chat(new_page, people["member"], chat, timezone_id="America/New_York", locale="en-US")
    host = open_chat(new_page, people["host"], chat)
    expect(member.get_by_role("button", name="Remind me before it starts")).to_be_visible()

    host.get_by_role("button", name="Open the chat now").click()
    expect(member.locator("#chat-status")).to_have_text("Live now")
    expect(member.get_by_role("button", name=re.compile("Remind me"))).to_have_count(0)

    expect(member.locator("#chat-end")).to_have_attribute("datetime", re.compile(r"\d"))
    before = member.locator("#chat-end").get_attribute("datetime")
    host.get_by_label("Extend by (minutes)").fill("45")
    host.get_by_role("button", name="Extend").click()
    # The extension reaches the member's page once it is saved; only then is the saved end worth reading.
    expect(member.locator("#chat-end")).not_to_have_attribute("datetime", before)
    state = LiveChatState.objects.get(chat=chat)
    expected = f"{timezone.localtime(state.extended_until):%H:%M}"
    for page in (member, host):
        expect(page.locator("#chat-end")).to_have_text(expected)


def test_signing_out_elsewhere_ends_the_live_page_and_it_stops_retrying(new_page, live, network, people):
    chat = make_chat(network, format="open")
    page = open_chat(new_page, people["member"], chat)
    other_tab = page.context.new_page()
    other_tab.goto("/")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(page.locator("#chat-connection")).to_have_text("You have been signed out. Reload the page to carry on reading.")
    page.wait_for_timeout(2_000)
    expect(page.locator("#chat-connection")).to_have_text(re.compile("signed out"))
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.parametrize(("code", "shown"), [
    (4403, "This chat is not available to you. Reload the page to see why."),
    (4404, "This chat is not available to you. Reload the page to see why."),
    (4013, re.compile(r"^The chat is busy\. Reconnecting in \d+ s…$")),
])
def test_a_final_close_stops_the_page_retrying_and_a_busy_one_does_not(new_page, live, network, people, code, shown):
    """4403 and 4404 cannot be cured by reconnecting (a database trip each time, for ever): the page says
    why and stops. 4013 means come back later: the page says so and reconnects after its backoff."""
    chat = make_chat(network, format="open")
    page = new_page(people["member"])
    opened = []

    def close_the_first(socket_route):
        opened.append(socket_route)
        if len(opened) == 1:
            socket_route.close(code=code, reason="")
        else:
            socket_route.connect_to_server()

    page.route_web_socket(re.compile(r"/ws/chats/"), close_the_first)
    page.goto(chat.url)
    expect(page.locator("#chat-connection")).to_have_text(shown)
    if code == 4013:
        expect(page.locator("#chat-connection")).to_have_text(re.compile("Connected"), timeout=10_000)
        assert len(opened) == 2
    else:
        page.wait_for_timeout(3_000)  # longer than the first backoff (0.5–1 s) and the busy wait (2 s)
        assert len(opened) == 1
        expect(page.locator("#chat-connection")).to_have_text(shown)


def test_an_event_delivered_twice_is_shown_once(new_page, live, network, people):
    """Two processes, or a resume racing the live frame, may deliver the same numbered event twice."""
    chat = make_chat(network, format="open")
    reader = new_page(people["other"])
    doubled = []

    def twice(message, to_page):
        to_page(message)
        if json.loads(message).get("type") == "event":
            doubled.append(message)
            to_page(message)

    open_through(reader, chat.url, twice)
    writer = open_chat(new_page, people["member"], chat)
    post(writer, "Said once, delivered twice")
    post(writer, "And the next one")
    expect(reader.locator("#chat-transcript li", has_text="And the next one")).to_have_count(1)
    expect(reader.locator("#chat-transcript li", has_text="Said once, delivered twice")).to_have_count(1)
    assert len(doubled) >= 2


def test_a_question_sent_for_approval_joins_the_members_waiting_list_at_once(new_page, live, network, people):
    """The page said "with the moderators" but listed only what was waiting when it loaded."""
    chat = make_chat(network)
    member = open_chat(new_page, people["member"], chat, viewport={"width": 390, "height": 800})
    moderator = open_chat(new_page, people["moderator"], chat)
    expect(member.locator("#chat-mine-section")).to_have_count(0)
    member.get_by_role("textbox", name="Your question").fill("Will the plan fund GP training in the North West?")
    member.get_by_role("button", name="Send question").click()
    waiting = member.get_by_role("region", name="Your questions awaiting approval")
    expect(waiting.get_by_role("listitem")).to_have_text("Will the plan fund GP training in the North West? · awaiting approval")
    assert_accessible(member, "live chat page with the member's question waiting")

    item = moderator.locator("#chat-pending li", has_text="GP training in the North West")
    item.get_by_role("button", name="Approve").click()
    expect(member.locator("#chat-transcript li", has_text="GP training in the North West")).to_be_visible()
    expect(member.get_by_text("awaiting approval")).to_have_count(0)
