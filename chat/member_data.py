"""What live chats hold about a member, for their data download and for deleting their account.

Questions, messages and answers stay in the chat and its transcript (other
members voted on them and hosts answered them), attributed to "former member";
votes (each question keeps its tally), reminders, mutes and places as a named
host or moderator go.
"""

from __future__ import annotations

from typing import Any

from chat.models import ChatMessage, ChatMute, ChatReminder, ChatVote, LiveChatPage
from networks.member_data import ERASED, KEPT_AS_FORMER_MEMBER, KEPT_FOR_THE_RECORD


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
        "chat_reminders": [
            {"chat": r.chat.title, "asked_at": r.created_at.isoformat(), "sent_at": r.sent_at.isoformat() if r.sent_at else None}
            for r in ChatReminder.objects.filter(user=user).select_related("chat")
        ],
    }


def erase(user) -> None:
    ChatReminder.objects.filter(user=user).delete()
    ChatMute.objects.filter(user=user).delete()
    ChatVote.objects.filter(user=user).delete()
    LiveChatPage.hosts.through.objects.filter(user=user).delete()
    LiveChatPage.moderators.through.objects.filter(user=user).delete()


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
}
