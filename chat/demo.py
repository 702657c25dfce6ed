"""Demo live chats in the Health and Safer Communities networks: one scheduled (with questions sent in advance),
one live (with a poll running and a question being answered), one closed with a transcript.

Idempotent: each chat is found by its slug under its network and its content is
only written when the chat is first created, so `load_demo` can run again
without duplicating questions. Times are set relative to when the demo is
loaded, so a freshly loaded demo always has a live chat to join.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from chat.models import ChatMessage, ChatVote, LiveChatPage, LiveChatState
from networks.actions import member_label
from networks.models import NetworkPage

SCHEDULED = {
    "slug": "ask-the-health-secretary",
    "title": "Ask the Health Secretary: GP access and waiting times",
    "topic": "How should local surgeries change so patients can see a GP when they need to? Put your questions to the "
    "Secretary of State, with members of the Health policy commission as co-hosts.",
    "format": LiveChatPage.Format.QA,
    "starts_in": timedelta(days=3, hours=2),
    "length": timedelta(hours=1),
}
LIVE = {
    "slug": "nhs-workforce-plan-live",
    "title": "The NHS workforce plan: live Q&A",
    "topic": "Recruiting and keeping nurses, midwives and GPs. The minister answers members' questions; moderators "
    "approve them first.",
    "format": LiveChatPage.Format.QA,
    "starts_in": -timedelta(minutes=15),
    "length": timedelta(hours=8),
}
CLOSED = {
    "slug": "winter-pressures-web-chat",
    "title": "Winter pressures in A&E: web chat",
    "topic": "What members working in emergency departments want the Health policy commission to hear before the "
    "National Policy Forum meets.",
    "format": LiveChatPage.Format.QA,
    "starts_in": -timedelta(days=21),
    "length": timedelta(hours=1),
}
TRANSCRIPT = [
    (
        "member@example.org",
        "Our CLP held a policy forum at the hospital gates. Staff asked why winter funding always arrives in January. "
        "Can it be agreed a year ahead?",
        "host@example.org",
        "Yes. We will set winter funding in the spring budget round so trusts can hire before the first cold snap. "
        "Please send your forum's report to the Health policy commission as a submission.",
        4,
    ),
    (
        "editor@example.org",
        "Will the commission look at delayed discharges and social care together rather than separately?",
        "commission@example.org",
        "The commission's work programme this year treats them as one question, and the consultation document asks "
        "local parties for examples of joint working.",
        2,
    ),
    ("visitor@example.org", "How can members who are not in a network follow these chats?", None, None, 0),
]


def load(stdout) -> None:
    health = NetworkPage.objects.filter(slug="health", locale=Locale.get_default()).first()
    if health is None:
        stdout.write("chat: no Health Network, so no demo chats")
        return
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@example.org")}
    host, commission = users.get("host@example.org"), users.get("commission@example.org")
    co_hosts = [user for user in (host, commission) if user]
    created = [
        _chat(health, SCHEDULED, hosts=co_hosts),
        _chat(health, LIVE, hosts=co_hosts[:1]),
        _chat(health, CLOSED, hosts=co_hosts),
    ]
    scheduled, scheduled_is_new = created[0]
    if scheduled_is_new:
        _advance_questions(scheduled, users)
    live, live_is_new = created[1]
    if live_is_new:
        _live_questions(live, users)
    closed, is_new = created[2]
    if is_new:
        _transcript(closed, users)
    stdout.write(f"chat: {sum(new for _, new in created)} demo chats created, {len(created)} in all")


def _chat(network: NetworkPage, spec: dict, hosts: list) -> tuple[LiveChatPage, bool]:
    existing = LiveChatPage.objects.child_of(network).filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    starts = timezone.now().replace(second=0, microsecond=0) + spec["starts_in"]
    chat = LiveChatPage(
        title=spec["title"],
        slug=spec["slug"],
        topic=spec["topic"],
        format=spec["format"],
        starts_at=starts,
        ends_at=starts + spec["length"],
    )
    network.add_child(instance=chat)
    chat.hosts.set(hosts)
    chat.save_revision().publish()
    return chat, True


def _live_questions(chat: LiveChatPage, users: dict) -> None:
    """The live chat under way: one question answered, one approved and voted on, one waiting for moderators."""
    from chat import actions

    member, editor = users.get("member@example.org"), users.get("editor@example.org")
    moderator, host = users.get("moderator@example.org"), users.get("host@example.org")
    if not all((member, editor, moderator, host)):
        return
    answered = actions.submit(
        member, chat, "Nurses in our CLP say agency shifts pay more than staff posts. Will the plan close that gap?", "demo-live-1"
    ).message
    actions.approve(moderator, chat, answered.pk)
    actions.answer(
        host, chat, answered.pk,
        "Yes: trusts will be able to offer bank shifts at agency rates first, and the pay review covers the rest.",
        "demo-live-a1",
    )
    waiting = actions.submit(
        editor, chat, "How will the plan reach midwives in rural units, where one vacancy closes a ward?", "demo-live-2"
    ).message
    actions.approve(moderator, chat, waiting.pk)
    actions.vote(member, chat, waiting.pk)
    actions.submit(member, chat, "Could GP training places be tied to the areas with the fewest GPs?", "demo-live-3")
    # The minister is on the rural midwives question, and a poll is running.
    actions.choose_answering_now(host, chat, waiting.pk)
    poll = actions.ask_poll(
        moderator, chat, "Which part of the workforce plan should the commission look at first?",
        ["Agency and bank pay", "Rural midwifery units", "GP training places"], "demo-live-poll",
    )
    actions.answer_poll(member, chat, poll.pk, poll.options.get(position=2).pk)


def _advance_questions(chat: LiveChatPage, users: dict) -> None:
    """The scheduled chat already has questions: most questions to a minister arrive before the chat opens."""
    from chat import actions

    member, editor, moderator = (users.get(f"{name}@example.org") for name in ("member", "editor", "moderator"))
    if not all((member, editor, moderator)):
        return
    early = actions.submit(
        member, chat, "Our surgery stopped evening appointments last year. Will the new GP contract bring them back?",
        "demo-early-1",
    ).message
    actions.approve(moderator, chat, early.pk)
    actions.vote(editor, chat, early.pk)
    actions.submit(editor, chat, "Can pharmacies take on more of the repeat prescriptions GPs sign today?", "demo-early-2")


def _transcript(chat: LiveChatPage, users: dict) -> None:
    """A finished chat's questions and answers, written directly: the chat ended before the demo began."""
    with transaction.atomic():
        when = chat.starts_at
        for number, (asker_email, question_text, answerer_email, answer_text, votes) in enumerate(TRANSCRIPT, 1):
            asker = users.get(asker_email)
            if asker is None:
                continue
            when += timedelta(minutes=7)
            question = ChatMessage.objects.create(
                chat=chat,
                author=asker,
                author_name=member_label(asker),
                kind=ChatMessage.Kind.QUESTION,
                status=ChatMessage.Status.APPROVED,
                text=question_text,
                client_id=f"demo-q{number}",
                approved_at=when,
                answered_at=when if answer_text else None,
            )
            voters = [user for email, user in sorted(users.items()) if email != asker_email][:votes]
            ChatVote.objects.bulk_create([ChatVote(question=question, user=user) for user in voters])
            ChatMessage.objects.filter(pk=question.pk).update(vote_count=len(voters))
            answerer = users.get(answerer_email) if answerer_email else None
            if answerer:
                ChatMessage.objects.create(
                    chat=chat,
                    author=answerer,
                    author_name=member_label(answerer),
                    author_badge="Host" if answerer_email == "host@example.org" else "Commission member",
                    kind=ChatMessage.Kind.ANSWER,
                    status=ChatMessage.Status.APPROVED,
                    text=answer_text,
                    client_id=f"demo-a{number}",
                    reply_to=question,
                    approved_at=when + timedelta(minutes=3),
                )
        LiveChatState.objects.update_or_create(
            chat=chat,
            defaults={"opened_at": chat.starts_at, "closed_at": chat.ends_at, "answered_notified_at": chat.ends_at},
        )
