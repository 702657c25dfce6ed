"""Reads about chats, shaped for the pages that show them (a fixed number of queries each)."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from chat.models import (
    ChatMessage,
    ChatModerationEntry,
    ChatPoll,
    ChatPollAnswer,
    ChatReminder,
    ChatVote,
    LiveChatPage,
    LiveChatState,
)
from chat.models.pages import ChatStatus
from chat.permissions import is_muted
from chat.streams import stream_for
from networks import caching
from networks.permissions import can
from networks.scopes import SITE

Kind = ChatMessage.Kind
Status = ChatMessage.Status


def live_chat(chat_id: int) -> LiveChatPage | None:
    """The published chat with its network, hosts and moderators as saved, or None.

    Thousands of members open a chat's socket within minutes of its announcement, and every socket
    asks again on each frame: read from the database that is four queries each (the chat, its
    network, its hosts, its moderators), the same for every reader. So it is one shared entry,
    retired when any page is published, moved or unpublished (`site`) or the chat's named hosts or
    moderators change (their tables' scopes), like every cached thing (docs/caching.md).
    """

    def read() -> LiveChatPage | None:
        chat = LiveChatPage.objects.live().filter(pk=chat_id).first()
        if chat is not None:
            chat.network, chat.host_ids, chat.moderator_ids  # noqa: B018 (kept with the entry)
        return chat

    team = [caching.table(getattr(LiveChatPage, field).through._meta.db_table) for field in ("hosts", "moderators")]
    return caching.remember(caching.key("live-chat", chat_id), read, scopes=[SITE, *team])


def chats_under(network=None):
    chats = LiveChatPage.objects.live().select_related("live_state")
    if network is not None:
        chats = chats.child_of(network)
    return chats


def _with_status(chats) -> list[LiveChatPage]:
    now = timezone.now()
    listed = []
    for chat in chats:
        state = getattr(chat, "live_state", None) or LiveChatState(chat_id=chat.pk)
        chat.status = chat.status_at(state, now)
        chat.end = chat.effective_end(state)
        listed.append(chat)
    return listed


def network_chats(user, network, *, limit: int = 5) -> dict:
    """A network's chats: live ones, then upcoming soonest first, then past ones latest first."""
    chats = _with_status(chats_under(network).order_by("starts_at"))
    for chat in chats:
        chat.__dict__["network"] = network
    return _split(chats, limit)


def _split(chats: list[LiveChatPage], limit: int) -> dict:
    """Live now, coming up and past: a chat that has started is for joining, not for a calendar."""
    live = [chat for chat in chats if chat.status == ChatStatus.LIVE]
    upcoming = [chat for chat in chats if chat.status == ChatStatus.SCHEDULED]
    past = sorted((chat for chat in chats if chat.status == ChatStatus.CLOSED), key=lambda c: c.starts_at, reverse=True)
    return {"live": live, "upcoming": upcoming[:limit], "past": past[:limit]}


def home_chats(user, *, limit: int = 5) -> dict:
    """Chats for the home page across every network the visitor may read (networks fetched once)."""
    from networks.models import NetworkPage

    networks = {network.path: network for network in NetworkPage.objects.live()}
    readable = []
    for chat in _with_status(chats_under().order_by("starts_at")):
        network = networks.get(chat.path[: -chat.steplen])
        if network is None:
            continue
        chat.__dict__["network"] = network
        if can(user, "view_chat", chat):
            readable.append(chat)
    return _split(readable, limit)


def answers_prefetch() -> Prefetch:
    return Prefetch(
        "answers", queryset=ChatMessage.objects.filter(status=Status.APPROVED).order_by("created_at", "pk"), to_attr="shown_answers"
    )


def public_items(chat: LiveChatPage, search: str = ""):
    """What everyone reads, in the order it appeared: approved questions or messages, each with its answers."""
    items = (
        ChatMessage.objects.filter(chat=chat, kind__in=[Kind.QUESTION, Kind.MESSAGE], status=Status.APPROVED)
        .prefetch_related(answers_prefetch())
        .order_by("approved_at", "pk")
    )
    if search:
        items = items.filter(Q(text__icontains=search) | Q(answers__text__icontains=search, answers__status=Status.APPROVED)).distinct()
    return items


def pending_questions(chat: LiveChatPage):
    return ChatMessage.objects.filter(chat=chat, kind=Kind.QUESTION, status=Status.PENDING).order_by("created_at", "pk")


def host_queue(chat: LiveChatPage):
    """Approved questions still waiting for an answer, most wanted first."""
    return (
        ChatMessage.objects.filter(chat=chat, kind=Kind.QUESTION, status=Status.APPROVED, answered_at__isnull=True)
        .order_by("-vote_count", "approved_at", "pk")
    )


def waiting_questions_count(chat: LiveChatPage) -> int:
    """Questions sent and not yet answered or dealt with: what a scheduled chat's page says is waiting."""
    return ChatMessage.objects.filter(
        chat=chat, kind=Kind.QUESTION, status__in=[Status.PENDING, Status.APPROVED], answered_at__isnull=True
    ).count()


def my_questions(chat: LiveChatPage, user) -> list[ChatMessage]:
    """The member's own questions the public cannot see: waiting, not published (with the moderator's reason), or
    merged into another; so the asker learns what became of each."""
    reason = ChatModerationEntry.objects.filter(message=OuterRef("pk"), action="reject").order_by("-pk").values("detail")[:1]
    return list(
        ChatMessage.objects.filter(
            chat=chat, author=user, kind=Kind.QUESTION, status__in=[Status.PENDING, Status.REJECTED, Status.MERGED]
        )
        .annotate(reason=Subquery(reason))
        .order_by("created_at", "pk")
    )


PRESENTER_NEXT = 5
"""How many questions the presenter view lists after the one being answered: what a room can read at a glance."""


def polls(chat: LiveChatPage, user=None) -> list[ChatPoll]:
    """The chat's polls, oldest first, each option with its share of the answers (`percent`) and, for a
    signed-in reader, the option they chose (`my_answer`): two queries, three with a reader."""
    found = list(ChatPoll.objects.filter(chat=chat).prefetch_related("options").order_by("created_at", "pk"))
    mine = {}
    if user is not None and user.is_authenticated and found:
        mine = dict(ChatPollAnswer.objects.filter(poll__chat=chat, user=user).values_list("poll_id", "option_id"))
    for poll in found:
        options = list(poll.options.all())
        poll.total = sum(option.vote_count for option in options)
        for option in options:
            option.percent = round(option.vote_count * 100 / poll.total) if poll.total else 0
        poll.shown_options = options
        poll.my_answer = next((option for option in options if option.pk == mine.get(poll.pk)), None)
    return found


def answering_now(chat: LiveChatPage, state: LiveChatState):
    """The question being answered now, if it is still one everyone can see."""
    if state.answering_now_id is None:
        return None
    return ChatMessage.objects.filter(pk=state.answering_now_id, status=Status.APPROVED).first()


def presenter_context(chat: LiveChatPage) -> dict:
    """The presenter view: the question being answered, the next few by votes, and the chat's status."""
    from chat.actions import sync_clock

    state = sync_clock(chat)
    current = answering_now(chat, state)
    next_up = host_queue(chat)
    if current is not None:
        next_up = next_up.exclude(pk=current.pk)
    return {
        "chat": chat,
        "status": chat.status_at(state),
        "seq": state.last_seq,
        "answering": current,
        "next_up": list(next_up[:PRESENTER_NEXT]),
        "waiting": host_queue(chat).count(),
    }


def preview_context(chat: LiveChatPage) -> dict:
    """What the admin's preview of a chat page shows: its details and its status, with nothing written."""
    from chat.models.events import LiveChatState

    state = (LiveChatState.objects.filter(chat_id=chat.pk).first() if chat.pk else None) or LiveChatState(chat_id=chat.pk)
    return {"chat": chat, "network": chat.network, "status": chat.status_at(state), "end": chat.effective_end(state)}


def chat_page_context(chat: LiveChatPage, user, search: str = "") -> dict:
    from chat.actions import sync_clock

    state = sync_clock(chat)
    status = chat.status_at(state)
    # The clock alone turns a scheduled chat live and a live one closed: a page kept for visitors ends then.
    if status == ChatStatus.SCHEDULED:
        caching.fresh_until(chat.starts_at)
    elif status == ChatStatus.LIVE:
        caching.fresh_until(chat.effective_end(state))
    moderate = can(user, "moderate_chat", chat)
    answer = can(user, "answer_in_chat", chat)
    take_part = can(user, "take_part_in_chat", chat)
    items = list(public_items(chat, search if status == ChatStatus.CLOSED else ""))
    context = {
        "chat": chat,
        "network": chat.network,
        "state": state,
        "status": status,
        "end": chat.effective_end(state),
        "seq": state.last_seq,
        "items": items,
        "pinned": [item for item in items if item.pinned],
        "search": search,
        "may_take_part": take_part,
        "muted": is_muted(user, chat),
        "may_moderate": moderate,
        "may_answer": answer,
        "may_run": can(user, "run_chat", chat),
        "may_remind": can(user, "be_reminded_of_chat", chat) and status == ChatStatus.SCHEDULED,
        "reminded": user.is_authenticated and ChatReminder.objects.filter(chat=chat, user=user).exists(),
        "voted": set(ChatVote.objects.filter(question__chat=chat, user=user).values_list("question_id", flat=True))
        if user.is_authenticated
        else set(),
        "pending": list(pending_questions(chat)) if moderate else [],
        "queue": list(host_queue(chat)) if answer else [],
        "my_questions": my_questions(chat, user) if user.is_authenticated and not moderate else [],
        "is_live": status == ChatStatus.LIVE,
        "is_closed": status == ChatStatus.CLOSED,
        "is_scheduled": status == ChatStatus.SCHEDULED,
        "polls": polls(chat, user),
        "answering": answering_now(chat, state),
        "may_run_polls": can(user, "run_chat_poll", chat),
        "may_answer_polls": can(user, "answer_chat_poll", chat),
        "may_choose_answering": can(user, "choose_answering_now", chat),
        "stream": stream_for(chat),
        # Q&A chats take questions from scheduling until close; open chats' messages wait for the start.
        "taking_questions": status == ChatStatus.LIVE or (status == ChatStatus.SCHEDULED and chat.is_qa),
        "waiting_count": waiting_questions_count(chat) if status == ChatStatus.SCHEDULED and chat.is_qa else 0,
    }
    context["my_questions_all_pending"] = all(item.status == Status.PENDING for item in context["my_questions"])
    return context
