"""What live chats hold about a member, for their data download and for deleting their account.

Questions, messages, answers and polls asked stay in the chat and its transcript (other
members voted on them and hosts answered them), attributed to "former member";
votes and poll answers (each question and option keeps its tally), reminders, mutes and places as a named
host or moderator go.
"""

from __future__ import annotations

from typing import Any

from chat.models import (
    ChatEvent,
    ChatMessage,
    ChatModerationEntry,
    ChatMute,
    ChatPoll,
    ChatPollAnswer,
    ChatReminder,
    ChatVote,
    LiveChatPage,
)
from networks.member_data import (
    ERASED,
    FORMER_MEMBER,
    KEPT_AS_FORMER_MEMBER,
    KEPT_FOR_THE_RECORD,
    identity_of,
)


def export(user) -> dict[str, Any]:
    return {
        "chat_messages": [
            {
                "chat": m.chat.title,
                "kind": m.get_kind_display(),
                "status": m.get_status_display(),
                "text": m.text,
                "written_at": m.created_at.isoformat(),
            }
            for m in ChatMessage.objects.filter(author=user).select_related("chat")
        ],
        "chat_votes": [
            {"chat": v.question.chat.title, "question": v.question.text, "voted_at": v.created_at.isoformat()}
            for v in ChatVote.objects.filter(user=user).select_related("question__chat")
        ],
        "chat_polls_asked": [
            {"chat": p.chat.title, "question": p.question, "asked_at": p.created_at.isoformat()}
            for p in ChatPoll.objects.filter(asked_by=user).select_related("chat")
        ],
        "chat_poll_answers": [
            {"chat": a.poll.chat.title, "poll": a.poll.question, "answer": a.option.text, "answered_at": a.created_at.isoformat()}
            for a in ChatPollAnswer.objects.filter(user=user).select_related("poll__chat", "option")
        ],
        "chat_reminders": [
            {"chat": r.chat.title, "asked_at": r.created_at.isoformat(), "sent_at": r.sent_at.isoformat() if r.sent_at else None}
            for r in ChatReminder.objects.filter(user=user).select_related("chat")
        ],
    }


def erase(user) -> None:
    ChatReminder.objects.filter(user=user).delete()
    ChatMute.objects.filter(user=user).delete()
    ChatVote.objects.filter(user=user).delete()
    # Which answer a member chose goes; each option keeps its tally, as each question keeps its votes.
    ChatPollAnswer.objects.filter(user=user).delete()
    ChatPoll.objects.filter(asked_by=user).update(asked_by_name=FORMER_MEMBER)
    LiveChatPage.hosts.through.objects.filter(user=user).delete()
    LiveChatPage.moderators.through.objects.filter(user=user).delete()
    # The name each message was shown with, and every copy of it: in the event log
    # that replays the chat to late readers, in others' messages and in the moderation log.
    ChatMessage.objects.filter(author=user).update(author_name=FORMER_MEMBER)
    identity = identity_of(user)
    identity.scrub_rows(ChatMessage.objects.all(), "author_name", "text")
    identity.scrub_rows(ChatEvent.objects.all(), "payload")
    identity.scrub_rows(ChatModerationEntry.objects.all(), "detail")


REFERENCES = {
    "chat.LiveChatPage.hosts": ERASED,
    "chat.LiveChatPage.moderators": ERASED,
    "chat.ChatMessage.author": KEPT_AS_FORMER_MEMBER,
    "chat.ChatVote.user": ERASED,
    "chat.ChatMute.user": ERASED,
    "chat.ChatMute.muted_by": KEPT_FOR_THE_RECORD,
    "chat.ChatModerationEntry.actor": KEPT_FOR_THE_RECORD,
    "chat.ChatModerationEntry.member": KEPT_FOR_THE_RECORD,
    "chat.ChatReminder.user": ERASED,
    "chat.ChatPoll.asked_by": KEPT_AS_FORMER_MEMBER,
    "chat.ChatPollAnswer.user": ERASED,
}
