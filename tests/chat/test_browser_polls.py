"""Issue 18's chat in a browser: a host, a moderator and two members; questions in advance, a poll, the presenter view."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from chat import actions
from chat.models import ChatMessage
from tests.browser import assert_accessible
from tests.chat.factories import make_chat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_chat(new_page, user, url):
    page = new_page(user)
    page.goto(url)
    expect(page.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    page.evaluate("window.__sameDocument = true")
    return page


def outside_playwright(function, *args):
    """Actions broadcast through async_to_sync: run them off Playwright's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def test_questions_in_advance_a_poll_and_the_presenter_view(new_page, live, network, people):
    chat = make_chat(network, status="scheduled")
    host_user, moderator_user, member_user, other_user = people["host"], people["moderator"], people["member"], people["other"]

    # Before the chat opens: both members send questions, the page says how many wait and when it opens.
    member = open_chat(new_page, member_user, chat.url)
    expect(member.locator("#chat-advance")).to_contain_text("The chat opens on")
    member.get_by_role("textbox", name="Your question").fill("Will the workforce plan cover physiotherapists?")
    member.get_by_role("button", name="Send question").click()
    expect(member.locator("#chat-submit-status")).to_contain_text("with the moderators")
    outside_playwright(actions.submit, other_user, chat, "When will GP surgeries open on Saturdays?", "other-1")
    physio = ChatMessage.objects.get(text__startswith="Will the workforce plan")
    saturdays = ChatMessage.objects.get(text__startswith="When will GP surgeries")

    moderator = open_chat(new_page, moderator_user, chat.url)
    for question in (physio, saturdays):
        moderator.get_by_role("button", name=f"Approve question {question.pk}").click()
        expect(moderator.locator(f"#p-{question.pk}")).to_have_count(0)
    other = open_chat(new_page, other_user, chat.url)
    expect(other.locator("#chat-advance")).to_contain_text("2 questions are waiting.")
    other.get_by_role("button", name=f"Vote for question {physio.pk}").click()
    expect(other.get_by_text("You voted for this")).to_be_visible()
    assert_accessible(other, "live chat page before it opens (member)")

    # The chat opens; the presenter view on the room's screen follows "answering now".
    host = open_chat(new_page, host_user, chat.url)
    screen = open_chat(new_page, None, f"/chats/{chat.pk}/presenter/")
    host.get_by_role("button", name="Open the chat now").click()
    expect(member.locator("#chat-status")).to_have_text("Live now")
    expect(member.locator("#chat-advance")).to_have_count(0)
    expect(screen.locator("#presenter-next li").first).to_contain_text("physiotherapists")

    host.locator(f"#h-{physio.pk}").get_by_role("button", name=re.compile("^Answering now")).click()
    expect(screen.locator("#presenter-answering")).to_have_text("Will the workforce plan cover physiotherapists?")
    expect(screen.locator("#presenter-next li")).to_have_count(1)
    expect(member.locator("#chat-answering-text")).to_have_text("Will the workforce plan cover physiotherapists?")
    assert_accessible(screen, "presenter view")

    # The moderator asks a poll; one member answers, the other drops, the host closes it.
    moderator.get_by_text("Ask a poll").click()
    moderator.get_by_label("Poll question").fill("Which should the plan fund first?")
    moderator.get_by_label("Option 1", exact=True).fill("Saturday GP clinics")
    moderator.get_by_label("Option 2", exact=True).fill("More physiotherapists")
    moderator.get_by_label("Option 3", exact=True).fill("Dental check-ups")
    moderator.get_by_role("button", name="Ask the poll").click()

    poll = member.locator(".chat-poll").first
    expect(poll.locator(".chat-poll-question")).to_have_text("Which should the plan fund first?")
    expect(other.locator(".chat-poll")).to_have_count(1)
    other.context.set_offline(True)
    expect(other.locator("#chat-connection")).to_have_text(re.compile("^Reconnecting…"), timeout=5_000)

    poll.get_by_label("More physiotherapists").check()
    poll.get_by_role("button", name="Send my answer").click()
    expect(poll.locator(".chat-poll-mine")).to_have_text("You answered: More physiotherapists")
    host_poll = host.locator(".chat-poll").first
    expect(host_poll.locator("li[data-option] .poll-votes")).to_have_text(["0", "1", "0"])
    expect(host_poll.locator(".poll-total")).to_have_text("1")
    expect(host_poll.locator("figcaption")).to_have_text("Result so far: 1 answer")
    assert_accessible(member, "live chat page with a poll (member)")
    host_poll.get_by_role("button", name=re.compile("^Close this poll")).click()
    expect(member.locator(".chat-poll-status")).to_have_text("Poll closed")

    # The member who dropped comes back to the poll's result, without reloading the page.
    other.context.set_offline(False)
    expect(other.locator("#chat-connection")).to_have_text(re.compile("Connected"))
    back = other.locator(".chat-poll").first
    expect(back.locator(".chat-poll-status")).to_have_text("Poll closed")
    expect(back.locator("li[data-option] .poll-votes")).to_have_text(["0", "1", "0"])
    expect(back.locator(".poll-percent")).to_have_text(["0", "100", "0"])
    expect(back.get_by_role("button", name="Send my answer")).to_have_count(0)
    expect(back.locator("figcaption")).to_have_text("Result: 1 answer")
    assert other.evaluate("window.__sameDocument") is True

    # The host moves on: the presenter view follows.
    host.locator(f"#h-{saturdays.pk}").get_by_role("button", name=re.compile("^Answering now")).click()
    expect(screen.locator("#presenter-answering")).to_have_text("When will GP surgeries open on Saturdays?")
    expect(other.locator("#chat-answering-text")).to_have_text("When will GP surgeries open on Saturdays?")
