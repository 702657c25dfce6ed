"""Everything that happens in a live chat, one function per event.

Each action asks `can()`, validates, writes the change and its numbered
`ChatEvent` in one transaction, and broadcasts after commit (chat.broadcast).
The WebSocket consumer, the no-JavaScript forms and management commands all
call these; none of them repeats a rule. Roles are read once per request or
frame by the caller (a request's user is fresh; the consumer forgets the
socket's cached roles before each frame), not again by each action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from chat.broadcast import ask_to_recheck, record_event
from chat.models import (
    ChatEvent,
    ChatMessage,
    ChatModerationEntry,
    ChatMute,
    ChatPoll,
    ChatPollAnswer,
    ChatPollOption,
    ChatReminder,
    ChatVote,
    LiveChatPage,
    LiveChatState,
)
from chat.models.pages import ChatStatus
from chat.permissions import forget_mutes, is_chat_host, is_chat_moderator
from discussions.notifications import notify
from discussions.screening import hold_reason
from networks.actions import ActionRefused, member_label
from networks.languages import in_member_language, lazy_percent
from networks.permissions import can, is_commission_member

Kind = ChatMessage.Kind
Status = ChatMessage.Status
TEAM = "team"
EVERYONE = "everyone"
CLIENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
"""A submission's client id, always matched whole (`fullmatch`: `$` would let a trailing newline through)."""
MAX_EXTENSION_MINUTES = 180
POLL_OPTIONS = (2, 6)
"""A poll offers at least two and at most six answers."""
POLL_QUESTION_CHARS = 300
POLL_OPTION_CHARS = 200


class RateLimited(ActionRefused):
    """A member sent more than the configured number of submissions in the window."""

    def __init__(self, retry_after: int):
        super().__init__(gettext("You are sending too fast. Please wait %(seconds)s seconds and try again.") % {"seconds": retry_after})
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submitted:
    message: ChatMessage
    created: bool


# Shapes sent to clients ---------------------------------------------------------


def message_payload(message: ChatMessage) -> dict:
    """A message as clients see it. Plain text: the browser sets it as text, never as HTML."""
    return {
        "id": message.pk,
        "kind": message.kind,
        "status": message.status,
        "text": message.text,
        "author": message.author_name,
        "badge": message.author_badge,
        "votes": message.vote_count,
        "pinned": message.pinned,
        "question": message.reply_to_id,
        "created": message.created_at.isoformat(),
    }


def author_badge(user, chat: LiveChatPage) -> str:
    if is_chat_host(user, chat):
        return "Host"
    if is_commission_member(user):
        return gettext("Commission member")
    if is_chat_moderator(user, chat):
        return "Moderator"
    return ""


# Reading state -------------------------------------------------------------------


def chat_status(chat: LiveChatPage, state: LiveChatState | None = None) -> str:
    return chat.status_at(state or chat.state())


def state_payload(chat: LiveChatPage, state: LiveChatState) -> dict:
    return {
        "state": chat.status_at(state),
        "starts_at": chat.starts_at.isoformat(),
        "ends_at": chat.effective_end(state).isoformat(),
    }


def _require_live(chat: LiveChatPage) -> LiveChatState:
    state = sync_clock(chat)
    status = chat.status_at(state)
    if status == ChatStatus.SCHEDULED:
        raise ActionRefused(gettext("This chat has not started yet. It opens on %(when)s.") % {"when": opens_at_text(chat)})
    if status == ChatStatus.CLOSED:
        raise ActionRefused(gettext("This chat has closed. Its transcript is on this page."))
    return state


def _require_taking_questions(chat: LiveChatPage) -> LiveChatState:
    """Q&A chats take questions and votes from the moment they are scheduled until they close: most
    questions to a minister arrive in advance, and moderators work that queue before the chat opens.
    Open-format chats are conversations, so their messages wait for the chat to go live."""
    if not chat.is_qa:
        return _require_live(chat)
    state = sync_clock(chat)
    if chat.status_at(state) == ChatStatus.CLOSED:
        raise ActionRefused(gettext("This chat has closed. Its transcript is on this page."))
    return state


def opens_at_text(chat: LiveChatPage) -> str:
    return f"{timezone.localtime(chat.starts_at):%A %-d %B, %H:%M}"


# Whole sentences per kind of text, so each reads naturally in translation.
_EMPTY_TEXT = {
    "question": gettext_lazy("Please write your question first."),
    "message": gettext_lazy("Please write your message first."),
    "answer": gettext_lazy("Please write your answer first."),
    "text": gettext_lazy("Please write your text first."),
}
_LONG_TEXT = {
    "question": gettext_lazy("Your question is %(length)s characters long; the limit is %(limit)s. Please shorten it."),
    "message": gettext_lazy("Your message is %(length)s characters long; the limit is %(limit)s. Please shorten it."),
    "answer": gettext_lazy("Your answer is %(length)s characters long; the limit is %(limit)s. Please shorten it."),
    "text": gettext_lazy("Your text is %(length)s characters long; the limit is %(limit)s. Please shorten it."),
}


def _clean_text(text, *, what: str = "message") -> str:
    if not isinstance(text, str) or not text.strip():
        raise ActionRefused(str(_EMPTY_TEXT[what]))
    text = text.strip()
    limit = settings.CHAT_MAX_TEXT_CHARS
    if len(text) > limit:
        raise ActionRefused(str(_LONG_TEXT[what]) % {"length": len(text), "limit": limit})
    return text


def _clean_client_id(client_id) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise ActionRefused(gettext("Each submission needs a client id of 1 to 64 letters, digits or - _ . :"))
    return client_id


def _message_in(chat: LiveChatPage, message_id, *, kinds=(Kind.QUESTION, Kind.MESSAGE, Kind.ANSWER)) -> ChatMessage:
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise ActionRefused(gettext("That message could not be found in this chat."))
    message = ChatMessage.objects.filter(chat=chat, pk=message_id, kind__in=kinds).first()
    if message is None:
        raise ActionRefused(gettext("That message could not be found in this chat."))
    return message


def _log(chat, actor, action: str, *, message=None, member=None, detail: str = "") -> None:
    ChatModerationEntry.objects.create(chat=chat, actor=actor, action=action, message=message, member=member, detail=detail)


def _check_rate(user, chat: LiveChatPage) -> None:
    if can(user, "post_without_rate_limit", chat):
        return
    window = timedelta(seconds=settings.CHAT_RATE_LIMIT_SECONDS)
    since = timezone.now() - window
    recent = list(
        ChatMessage.objects.filter(chat=chat, author=user, created_at__gte=since, kind__in=[Kind.QUESTION, Kind.MESSAGE])
        .order_by("created_at")
        .values_list("created_at", flat=True)[: settings.CHAT_RATE_LIMIT_COUNT]
    )
    if len(recent) >= settings.CHAT_RATE_LIMIT_COUNT:
        retry_after = max(1, int((recent[0] + window - timezone.now()).total_seconds()) + 1)
        raise RateLimited(retry_after)


def _store(user, chat: LiveChatPage, kind: str, text: str, client_id: str, *, approved_at=None, reply_to=None) -> ChatMessage:
    """A new message with its author's name and badge as they are now; approved when `approved_at` is given."""
    return ChatMessage.objects.create(
        chat=chat,
        author=user,
        author_name=member_label(user),
        author_badge=author_badge(user, chat),
        kind=kind,
        status=Status.APPROVED if approved_at else Status.PENDING,
        approved_at=approved_at,
        text=text,
        client_id=client_id,
        reply_to=reply_to,
    )


# Members -------------------------------------------------------------------------


def submit(user, chat: LiveChatPage, text, client_id) -> Submitted:
    """A question (Q&A chats, held for moderators) or a message (open chats, shown at once).

    Idempotent per client id: resending a submission returns the stored one.
    """
    if not user.is_authenticated:
        raise ActionRefused(gettext("Please sign in to take part in this chat."))
    client_id = _clean_client_id(client_id)
    existing = ChatMessage.objects.filter(chat=chat, author=user, client_id=client_id).first()
    if existing is not None:
        return Submitted(existing, created=False)
    if not can(user, "take_part_in_chat", chat):
        if ChatMute.objects.filter(chat=chat, user=user).exists():
            raise ActionRefused(gettext("A moderator has muted you in this chat, so you cannot post in it."))
        if chat.network.is_members_only:
            raise ActionRefused(gettext("Only members of %(title)s can take part in this chat.") % {"title": chat.network.title})
        raise ActionRefused(gettext("Join %(title)s to take part in this chat.") % {"title": chat.network.title})
    kind = Kind.QUESTION if chat.is_qa else Kind.MESSAGE
    text = _clean_text(text, what="question" if kind == Kind.QUESTION else "message")
    # Blocked watched words are refused; a newcomer's (or a held word's) message waits for moderators like a question.
    held = hold_reason(user, chat.network, text) and kind == Kind.MESSAGE
    _require_taking_questions(chat)
    _check_rate(user, chat)
    now = timezone.now()
    try:
        with transaction.atomic():
            message = _store(user, chat, kind, text, client_id, approved_at=None if kind == Kind.QUESTION or held else now)
            if kind == Kind.QUESTION or held:
                record_event(chat, "question", {"question": message_payload(message)}, audience=TEAM)
            else:
                record_event(chat, "message", {"message": message_payload(message)})
    except IntegrityError:
        # The same submission arrived twice at once, from two sockets or processes.
        return Submitted(ChatMessage.objects.get(chat=chat, author=user, client_id=client_id), created=False)
    return Submitted(message, created=True)


def vote(user, chat: LiveChatPage, question_id) -> ChatMessage:
    """One vote per member per question; a second vote changes nothing."""
    if not can(user, "take_part_in_chat", chat):
        raise ActionRefused(gettext("Sign in as a member of this network to vote."))
    _require_taking_questions(chat)
    question = _message_in(chat, question_id, kinds=(Kind.QUESTION,))
    if question.status != Status.APPROVED:
        raise ActionRefused(gettext("You can vote only for questions the moderators have approved."))
    with transaction.atomic():
        _, created = ChatVote.objects.get_or_create(question=question, user=user)
        if not created:
            return question
        ChatMessage.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
        question.refresh_from_db(fields=["vote_count"])
        record_event(chat, "votes", {"question": question.pk, "votes": question.vote_count})
    return question


def ask_reminder(user, chat: LiveChatPage) -> ChatReminder:
    if not can(user, "be_reminded_of_chat", chat):
        raise ActionRefused(gettext("Please sign in to be reminded of this chat."))
    if chat_status(chat) != ChatStatus.SCHEDULED:
        raise ActionRefused(gettext("This chat has already started."))
    reminder, _ = ChatReminder.objects.get_or_create(chat=chat, user=user)
    return reminder


def cancel_reminder(user, chat: LiveChatPage) -> None:
    if user.is_authenticated:
        ChatReminder.objects.filter(chat=chat, user=user).delete()


# Moderators ----------------------------------------------------------------------


def _require_moderator(user, chat: LiveChatPage, *, after_close: bool = False) -> None:
    """Moderators act while the chat runs; once it closes its transcript is published, and they
    may only fix a typo in it or take a message down (`after_close`)."""
    if not can(user, "moderate_chat", chat):
        raise ActionRefused(gettext("Only this chat's moderators can do that."))
    if not after_close and chat_status(chat, sync_clock(chat)) == ChatStatus.CLOSED:
        raise ActionRefused(gettext("This chat has closed and its transcript is published: messages can still be edited or removed."))


def approve(user, chat: LiveChatPage, question_id) -> ChatMessage:
    _require_moderator(user, chat)
    question = _message_in(chat, question_id, kinds=(Kind.QUESTION, Kind.MESSAGE))
    if question.status == Status.APPROVED:
        return question
    if question.status != Status.PENDING:
        raise ActionRefused(gettext("That question is no longer waiting: it was %(status)s.") % {"status": question.get_status_display().lower()})
    with transaction.atomic():
        question.status = Status.APPROVED
        question.approved_at = timezone.now()
        question.save(update_fields=["status", "approved_at"])
        _log(chat, user, "approve", message=question)
        record_event(chat, "approved", {"question": message_payload(question)})
    return question


def reject(user, chat: LiveChatPage, question_id, reason="") -> ChatMessage:
    _require_moderator(user, chat)
    question = _message_in(chat, question_id, kinds=(Kind.QUESTION, Kind.MESSAGE))
    if question.status != Status.PENDING:
        raise ActionRefused(gettext("Only questions waiting for approval can be rejected; remove an approved one instead."))
    reason = reason.strip()[:500] if isinstance(reason, str) else ""
    with transaction.atomic():
        question.status = Status.REJECTED
        question.save(update_fields=["status"])
        _log(chat, user, "reject", message=question, detail=reason)
        record_event(chat, "rejected", {"question": question.pk}, audience=TEAM)
        told = (
            lazy_percent(gettext_lazy("The moderators did not publish it. Their reason: %(reason)s"), {"reason": reason})
            if reason
            else gettext_lazy("The moderators did not publish it.")
        )
        _tell(
            question.author,
            kind="chat_question_rejected",
            title=lazy_percent(gettext_lazy("Your question in “%(chat)s” was not published"), {"chat": chat.title}),
            url=chat.url,
            text=format_lazy("{}\n\n{}", told, question.text),
            actor=user,
        )
    return question


def merge(user, chat: LiveChatPage, question_id, into_id) -> ChatMessage:
    """Fold a duplicate into an earlier question: its votes and its asker's voice go to the one kept."""
    _require_moderator(user, chat)
    duplicate = _message_in(chat, question_id, kinds=(Kind.QUESTION,))
    target = _message_in(chat, into_id, kinds=(Kind.QUESTION,))
    if duplicate.pk == target.pk:
        raise ActionRefused(gettext("A question cannot be merged into itself."))
    if duplicate.status not in (Status.PENDING, Status.APPROVED):
        raise ActionRefused(gettext("That question has already been dealt with."))
    if target.status not in (Status.PENDING, Status.APPROVED):
        raise ActionRefused(gettext("Merge into a question that is waiting or approved."))
    was_public = duplicate.status == Status.APPROVED
    if was_public and target.status != Status.APPROVED:
        # Everyone saw the duplicate; folding it into a question they cannot see would hide it and its votes.
        raise ActionRefused(gettext("Merge an approved question into another approved question, or approve that one first."))
    with transaction.atomic():
        moved = 0
        for voter_id in ChatVote.objects.filter(question=duplicate).values_list("user_id", flat=True):
            _, created = ChatVote.objects.get_or_create(question=target, user_id=voter_id)
            moved += created
        if moved:
            ChatMessage.objects.filter(pk=target.pk).update(vote_count=F("vote_count") + moved)
            target.refresh_from_db(fields=["vote_count"])
        duplicate.status = Status.MERGED
        duplicate.merged_into = target
        duplicate.save(update_fields=["status", "merged_into"])
        _log(chat, user, "merge", message=duplicate, detail=f"into question {target.pk}")
        record_event(
            chat,
            "merged",
            {"question": duplicate.pk, "into": target.pk, "votes": target.vote_count},
            audience=EVERYONE if was_public else TEAM,
        )
        _stop_answering(chat, duplicate)
        _tell(
            duplicate.author,
            kind="chat_question_merged",
            title=lazy_percent(
                gettext_lazy("Your question in “%(chat)s” was merged with question %(number)s, which asks the same"),
                {"chat": chat.title, "number": target.pk},
            ),
            url=f"{chat.url}#q-{target.pk}" if target.status == Status.APPROVED else chat.url,
            text=lazy_percent(gettext_lazy("Your votes and your voice go with it. It asks: %(text)s"), {"text": target.text}),
            actor=user,
        )
    return target


def edit(user, chat: LiveChatPage, message_id, text) -> ChatMessage:
    """Fix a typo, during the chat or in its transcript; the original wording is kept in the moderation log."""
    _require_moderator(user, chat, after_close=True)
    message = _message_in(chat, message_id)
    if message.status in (Status.REJECTED, Status.REMOVED, Status.MERGED):
        raise ActionRefused(gettext("That message is no longer shown, so there is nothing to edit."))
    text = _clean_text(text, what="text")
    if text == message.text:
        return message
    with transaction.atomic():
        _log(chat, user, "edit", message=message, detail=message.text)
        message.text = text
        message.save(update_fields=["text"])
        record_event(
            chat,
            "edited",
            {"message": message.pk, "text": text},
            audience=EVERYONE if message.status == Status.APPROVED else TEAM,
        )
    return message


def remove(user, chat: LiveChatPage, message_id) -> ChatMessage:
    """Take a message down, during the chat or from its transcript; logged, and the removal is broadcast."""
    _require_moderator(user, chat, after_close=True)
    message = _message_in(chat, message_id)
    if message.status == Status.REMOVED:
        return message
    was_public = message.status == Status.APPROVED
    with transaction.atomic():
        message.status = Status.REMOVED
        message.pinned = False
        message.save(update_fields=["status", "pinned"])
        _log(chat, user, "remove", message=message)
        record_event(chat, "removed", {"message": message.pk}, audience=EVERYONE if was_public else TEAM)
        _stop_answering(chat, message)
    return message


def pin(user, chat: LiveChatPage, message_id, pinned=True) -> ChatMessage:
    _require_moderator(user, chat)
    message = _message_in(chat, message_id)
    if not isinstance(pinned, bool):
        raise ActionRefused(gettext("Say whether to pin (true) or unpin (false)."))
    if message.status != Status.APPROVED:
        raise ActionRefused(gettext("Only messages everyone can see can be pinned."))
    if message.pinned == pinned:
        return message
    with transaction.atomic():
        message.pinned = pinned
        message.save(update_fields=["pinned"])
        _log(chat, user, "pin" if pinned else "unpin", message=message)
        record_event(chat, "pinned", {"message": message.pk, "pinned": pinned})
    return message


def mute(user, chat: LiveChatPage, message_id) -> ChatMute:
    """Silence the author of a message for the rest of this chat."""
    _require_moderator(user, chat)
    message = _message_in(chat, message_id)
    member = message.author
    if not can(member, "be_muted_in_chat", chat):
        raise ActionRefused(gettext("Hosts and moderators cannot be muted."))
    with transaction.atomic():
        mute, created = ChatMute.objects.get_or_create(chat=chat, user=member, defaults={"muted_by": user})
        forget_mutes(chat)
        if created:
            _log(chat, user, "mute", message=message, member=member)
            record_event(chat, "muted", {"member": message.author_name, "message": message.pk}, audience=TEAM)
            transaction.on_commit(partial(ask_to_recheck, chat.pk, [member.pk]))
    return mute


# Hosts ---------------------------------------------------------------------------


def answer(user, chat: LiveChatPage, question_id, text, client_id) -> Submitted:
    """A host's answer, linked to its question and shown to everyone at once."""
    if not can(user, "answer_in_chat", chat):
        raise ActionRefused(gettext("Only this chat's hosts can answer questions."))
    client_id = _clean_client_id(client_id)
    existing = ChatMessage.objects.filter(chat=chat, author=user, client_id=client_id).first()
    if existing is not None:
        return Submitted(existing, created=False)
    question = _message_in(chat, question_id, kinds=(Kind.QUESTION, Kind.MESSAGE))
    if question.status != Status.APPROVED:
        raise ActionRefused(gettext("Answer questions the moderators have approved."))
    text = _clean_text(text, what="answer")
    _require_live(chat)
    now = timezone.now()
    try:
        with transaction.atomic():
            reply = _store(user, chat, Kind.ANSWER, text, client_id, approved_at=now, reply_to=question)
            ChatMessage.objects.filter(pk=question.pk, answered_at__isnull=True).update(answered_at=now)
            _log(chat, user, "answer", message=question)
            record_event(chat, "answer", {"answer": message_payload(reply)})
    except IntegrityError:
        return Submitted(ChatMessage.objects.get(chat=chat, author=user, client_id=client_id), created=False)
    return Submitted(reply, created=True)


# The presenter view ---------------------------------------------------------------


def choose_answering_now(user, chat: LiveChatPage, question_id=None) -> LiveChatState:
    """The question the host is answering now (None: none), shown large on the presenter view and on every page."""
    if not can(user, "choose_answering_now", chat):
        raise ActionRefused(gettext("Only this chat's hosts and moderators can choose the question being answered."))
    _require_live(chat)
    question = None
    if question_id is not None:
        question = _message_in(chat, question_id, kinds=(Kind.QUESTION, Kind.MESSAGE))
        if question.status != Status.APPROVED:
            raise ActionRefused(gettext("Choose a question everyone can see: approve it first."))
    with transaction.atomic():
        state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
        if state.answering_now_id == (question.pk if question else None):
            return state
        state.answering_now = question
        state.save(update_fields=["answering_now"])
        _log(chat, user, "answering", message=question)
        record_event(chat, "answering", {"question": message_payload(question) if question else None})
    return state


def _stop_answering(chat: LiveChatPage, message: ChatMessage) -> None:
    """A question taken down or merged away is no longer on the presenter's screen (inside the caller's transaction)."""
    if LiveChatState.objects.filter(chat_id=chat.pk, answering_now=message).update(answering_now=None):
        record_event(chat, "answering", {"question": None})


# Polls ----------------------------------------------------------------------------


def poll_payload(poll: ChatPoll, options=None) -> dict:
    """A poll as clients see it, with each option's stored tally. Plain text, set as text by the browser."""
    options = list(poll.options.all()) if options is None else options
    return {
        "id": poll.pk,
        "question": poll.question,
        "status": poll.status,
        "asked_by": poll.asked_by_name,
        "options": [{"id": option.pk, "text": option.text, "votes": option.vote_count} for option in options],
        "total": sum(option.vote_count for option in options),
    }


def _poll_in(chat: LiveChatPage, poll_id) -> ChatPoll:
    if isinstance(poll_id, bool) or not isinstance(poll_id, int):
        raise ActionRefused(gettext("That poll could not be found in this chat."))
    poll = ChatPoll.objects.filter(chat=chat, pk=poll_id).first()
    if poll is None:
        raise ActionRefused(gettext("That poll could not be found in this chat."))
    return poll


def _clean_options(options) -> list[str]:
    if not isinstance(options, list) or not all(isinstance(option, str) for option in options):
        raise ActionRefused(gettext("Give the poll's options as a list of texts."))
    cleaned = [option.strip() for option in options if option.strip()]
    low, high = POLL_OPTIONS
    if not low <= len(cleaned) <= high:
        raise ActionRefused(
            gettext("A poll needs from %(low)s to %(high)s options; this one has %(count)s.")
            % {"low": low, "high": high, "count": len(cleaned)}
        )
    for option in cleaned:
        if len(option) > POLL_OPTION_CHARS:
            raise ActionRefused(
                gettext("Each option may be at most %(limit)s characters; “%(start)s…” is %(count)s.")
                % {"limit": POLL_OPTION_CHARS, "start": option[:30], "count": len(option)}
            )
    seen = set()
    for option in cleaned:
        if option.casefold() in seen:
            raise ActionRefused(gettext("Two options say the same thing (“%(option)s”): make each one different.") % {"option": option})
        seen.add(option.casefold())
    return cleaned


def ask_poll(user, chat: LiveChatPage, question, options, client_id) -> ChatPoll:
    """Put a single-choice poll to the chat. One runs at a time; idempotent per client id."""
    if not can(user, "run_chat_poll", chat):
        raise ActionRefused(gettext("Only this chat's hosts and moderators can ask a poll."))
    client_id = _clean_client_id(client_id)
    existing = ChatPoll.objects.filter(chat=chat, client_id=client_id).first()
    if existing is not None:
        return existing
    if not isinstance(question, str) or not question.strip():
        raise ActionRefused(gettext("Please write the poll's question first."))
    question = question.strip()
    if len(question) > POLL_QUESTION_CHARS:
        raise ActionRefused(
            gettext("The poll's question is %(count)s characters long; the limit is %(limit)s.")
            % {"count": len(question), "limit": POLL_QUESTION_CHARS}
        )
    texts = _clean_options(options)
    _require_live(chat)
    try:
        with transaction.atomic():
            # Under the state's row lock, as every event is numbered: two polls asked at once cannot both run.
            LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
            if ChatPoll.objects.filter(chat=chat, status=ChatPoll.Status.OPEN).exists():
                raise ActionRefused(gettext("A poll is already running: close it before asking another."))
            poll = ChatPoll.objects.create(
                chat=chat, question=question, asked_by=user, asked_by_name=member_label(user), client_id=client_id
            )
            created = ChatPollOption.objects.bulk_create(
                [ChatPollOption(poll=poll, position=position, text=text) for position, text in enumerate(texts, 1)]
            )
            _log(chat, user, "poll", detail=question)
            record_event(chat, "poll", {"poll": poll_payload(poll, created)})
    except IntegrityError:
        return ChatPoll.objects.get(chat=chat, client_id=client_id)
    return poll


def answer_poll(user, chat: LiveChatPage, poll_id, option_id) -> ChatPollAnswer:
    """A member's one answer to a running poll; the option's tally goes up in the same transaction.

    In a busy chat hundreds of members answer within seconds, each answer a frame on the
    database thread the host's messages also need, so the answer takes three statements:
    lock the poll (a close waits for it, or it sees the close), count the answer on its
    option, store it (the one-answer-per-member constraint refuses a second). The tally
    goes to readers at once only if none went out in the last CHAT_POLL_TALLY_SECONDS
    (the cache remembers when); otherwise the consumer's catch-up publishes it.
    """
    if not can(user, "answer_chat_poll", chat):
        if ChatMute.objects.filter(chat=chat, user=user).exists():
            raise ActionRefused(gettext("A moderator has muted you in this chat, so you cannot answer its polls."))
        raise ActionRefused(gettext("Sign in as a member of this network to answer polls."))
    sync_clock(chat)  # a chat the clock has closed closes its poll first
    if isinstance(poll_id, bool) or not isinstance(poll_id, int):
        raise ActionRefused(gettext("That poll could not be found in this chat."))
    if isinstance(option_id, bool) or not isinstance(option_id, int):
        raise ActionRefused(gettext("Choose one of the poll's options."))
    try:
        with transaction.atomic():
            poll = ChatPoll.objects.select_for_update().filter(chat=chat, pk=poll_id).first()
            if poll is None:
                raise ActionRefused(gettext("That poll could not be found in this chat."))
            if not poll.is_open:
                raise ActionRefused(gettext("This poll has closed, so it takes no more answers. Its result is on the page."))
            if not ChatPollOption.objects.filter(poll=poll, pk=option_id).update(vote_count=F("vote_count") + 1):
                raise ActionRefused(gettext("Choose one of the poll's options."))
            answer = ChatPollAnswer.objects.create(poll=poll, option_id=option_id, user=user)
    except IntegrityError:
        raise ActionRefused(gettext("You have already answered this poll: each member answers once.")) from None
    if cache.add(f"chat-poll-tally:{poll.pk}", True, timeout=settings.CHAT_POLL_TALLY_SECONDS):
        publish_poll_tally(chat.pk, poll.pk)
    return answer


def publish_poll_tally(chat_id: int, poll_id: int) -> bool:
    """Catch readers up with a running poll's answers counted since its last `poll_votes` event.

    `answer_poll` publishes the tally at once only when none went out in the last
    CHAT_POLL_TALLY_SECONDS, so a thousand members answering in a minute cost every
    reader about one frame a second, not one per answer; whoever took the answers in
    between calls this once the interval is over. Idempotent: a tally already
    published is not published again, so every process that took an answer may call it.
    """
    with transaction.atomic():
        if not LiveChatState.objects.select_for_update().filter(chat_id=chat_id).exists():
            return False
        poll = ChatPoll.objects.filter(pk=poll_id, chat_id=chat_id, status=ChatPoll.Status.OPEN).select_related("chat").first()
        if poll is None:
            return False
        last = _last_tally(chat_id, poll_id)
        total = sum(poll.options.values_list("vote_count", flat=True))
        if (last is None and total == 0) or (last is not None and last[0]["total"] == total):
            return False
        _record_tally(poll.chat, poll)
    return True


def _last_tally(chat_id: int, poll_id: int) -> tuple[dict, object] | None:
    """The payload and time of the poll's latest `poll_votes` event, if it has one (one poll runs at a time)."""
    last = ChatEvent.objects.filter(chat_id=chat_id, kind="poll_votes").order_by("-seq").values_list("payload", "created_at").first()
    return last if last is not None and last[0].get("poll") == poll_id else None


def _record_tally(chat: LiveChatPage, poll: ChatPoll) -> None:
    options = list(poll.options.all())
    record_event(chat, "poll_votes", {"poll": poll.pk, "options": [{"id": o.pk, "votes": o.vote_count} for o in options],
                                      "total": sum(o.vote_count for o in options)})


def close_poll(user, chat: LiveChatPage, poll_id) -> ChatPoll:
    """Stop a poll taking answers; its result stays on the page and goes into the transcript."""
    if not can(user, "run_chat_poll", chat):
        raise ActionRefused(gettext("Only this chat's hosts and moderators can close a poll."))
    poll = _poll_in(chat, poll_id)
    with transaction.atomic():
        poll = ChatPoll.objects.select_for_update().get(pk=poll.pk)
        if not poll.is_open:
            return poll
        _log(chat, user, "close_poll", detail=poll.question)
        _end_poll(chat, poll)
    return poll


def _end_poll(chat: LiveChatPage, poll: ChatPoll) -> None:
    poll.status = ChatPoll.Status.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    record_event(chat, "poll_closed", {"poll": poll_payload(poll)})


# Running the chat -----------------------------------------------------------------


def _require_runner(user, chat: LiveChatPage) -> None:
    if not can(user, "run_chat", chat):
        raise ActionRefused(gettext("Only this chat's hosts and moderators can open, extend or close it."))


def open_chat(user, chat: LiveChatPage) -> LiveChatState:
    _require_runner(user, chat)
    with transaction.atomic():
        state = sync_clock(chat)
        status = chat.status_at(state)
        if status == ChatStatus.CLOSED:
            raise ActionRefused(gettext("This chat has closed and cannot be reopened."))
        if status == ChatStatus.LIVE:
            return state
        state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
        state.opened_at = timezone.now()
        state.save(update_fields=["opened_at"])
        _log(chat, user, "open")
        record_event(chat, "state", state_payload(chat, state))
    return state


def extend_chat(user, chat: LiveChatPage, minutes) -> LiveChatState:
    _require_runner(user, chat)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_EXTENSION_MINUTES:
        raise ActionRefused(gettext("Extend by a whole number of minutes from 1 to %(max)s.") % {"max": MAX_EXTENSION_MINUTES})
    with transaction.atomic():
        state = sync_clock(chat)
        if chat.status_at(state) == ChatStatus.CLOSED:
            raise ActionRefused(gettext("This chat has closed and cannot be extended."))
        state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
        state.extended_until = max(chat.effective_end(state), timezone.now()) + timedelta(minutes=minutes)
        state.save(update_fields=["extended_until"])
        _log(chat, user, "extend", detail=f"{minutes} minutes")
        record_event(chat, "state", state_payload(chat, state))
    return state


def close_chat(user, chat: LiveChatPage) -> LiveChatState:
    _require_runner(user, chat)
    with transaction.atomic():
        state = LiveChatState.objects.get_or_create(chat_id=chat.pk)[0]
        if state.closed_at:
            return state
        _log(chat, user, "close")
        state = _close(chat)
    return state


def _close(chat: LiveChatPage) -> LiveChatState:
    state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
    if state.closed_at:
        return state
    state.closed_at = timezone.now()
    state.save(update_fields=["closed_at"])
    for poll in ChatPoll.objects.filter(chat=chat, status=ChatPoll.Status.OPEN):
        _end_poll(chat, poll)
    record_event(chat, "state", state_payload(chat, state))
    transaction.on_commit(lambda: notify_answered(chat))
    return state


def sync_clock(chat: LiveChatPage) -> LiveChatState:
    """Record what the clock has done since anyone looked: the chat opened, or it ended.

    Idempotent and cheap when nothing changed; called when the page is served,
    when a socket connects, before each submission and by `manage.py chat_reminders`.
    """
    state = LiveChatState.objects.get_or_create(chat_id=chat.pk)[0]
    now = timezone.now()
    if state.closed_at:
        return state
    needs_open = state.opened_at is None and chat.starts_at <= now
    needs_close = chat.effective_end(state) <= now and (state.opened_at is not None or chat.starts_at <= now)
    if not (needs_open or needs_close):
        return state
    with transaction.atomic():
        state = LiveChatState.objects.select_for_update().get(chat_id=chat.pk)
        if state.opened_at is None and chat.starts_at <= now:
            state.opened_at = chat.starts_at
            state.save(update_fields=["opened_at"])
            if chat.effective_end(state) > now:
                record_event(chat, "state", state_payload(chat, state))
        if not state.closed_at and chat.effective_end(state) <= now:
            _close(chat)
    state.refresh_from_db()
    return state


# Notifications --------------------------------------------------------------------


def notify_answered(chat: LiveChatPage) -> int:
    """Tell each member whose question was answered, once per chat, with a link to the answer."""
    with transaction.atomic():
        claimed = LiveChatState.objects.filter(chat_id=chat.pk, answered_notified_at__isnull=True).update(
            answered_notified_at=timezone.now()
        )
        if not claimed:
            return 0
        questions = list(
            ChatMessage.objects.questions()
            .public()
            .filter(chat=chat, answered_at__isnull=False)
            .select_related("author")
        )
        for question in questions:
            _tell(
                question.author,
                kind="chat_answered",
                title=lazy_percent(gettext_lazy("Your question in “%(chat)s” was answered"), {"chat": chat.title}),
                url=f"{chat.url}#q-{question.pk}",
                text=question.text,
            )
    return len(questions)


def send_due_reminders(now=None) -> int:
    """Remind members of chats starting within the lead time; each reminder is sent once."""
    now = now or timezone.now()
    lead = timedelta(minutes=settings.CHAT_REMINDER_LEAD_MINUTES)
    due = ChatReminder.objects.filter(
        sent_at__isnull=True, chat__live=True, chat__starts_at__lte=now + lead, chat__ends_at__gt=now
    ).select_related("chat", "user")
    sent = 0
    for reminder in due:
        with transaction.atomic():
            if not ChatReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=now):
                continue
            chat = reminder.chat
            _tell(
                reminder.user,
                kind="chat_reminder",
                title=lazy_percent(
                    gettext_lazy("“%(chat)s” starts at %(time)s"),
                    {"chat": chat.title, "time": f"{timezone.localtime(chat.starts_at):%H:%M}"},
                ),
                url=chat.url,
                text=chat.topic,
            )
            sent += 1
    return sent


def _tell(user, *, kind: str, title: str, url: str, text: str, actor=None) -> None:
    """On the site and by email, as the member chose (discussions.notifications); never the actor themself.
    Written in the member's language: pass `title` and `text` lazily (`lazy_percent`) to have them translated."""
    with in_member_language(user):
        notify([user], kind=kind, title=str(title), url=url, text=str(text)[:300], actor=actor)


def withdraw_questions_of_suspended(suspension) -> int:
    """A suspended member's questions (and held messages) still waiting for moderators are withdrawn from every chat's queue.

    Registered with `networks.suspensions`; runs inside the suspending transaction. The
    moderators' queues drop them live (the "rejected" team event), and each chat's log says why.
    """
    waiting = list(
        ChatMessage.objects.filter(author=suspension.member, kind__in=(Kind.QUESTION, Kind.MESSAGE), status=Status.PENDING).select_related("chat")
    )
    for question in waiting:
        question.status = Status.REJECTED
        question.save(update_fields=["status"])
        _log(question.chat, suspension.suspended_by, "reject", message=question,
             detail=gettext("Withdrawn: the author's account is suspended."))
        record_event(question.chat, "rejected", {"question": question.pk}, audience=TEAM)
    return len(waiting)
