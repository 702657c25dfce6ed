"""Live chat models: the chat page, its running state, and what happens in it."""

from .events import (
    ChatEvent,
    ChatMessage,
    ChatModerationEntry,
    ChatMute,
    ChatReminder,
    ChatVote,
    LiveChatState,
)
from .pages import LiveChatPage
from .polls import ChatPoll, ChatPollAnswer, ChatPollOption

__all__ = [
    "ChatEvent",
    "ChatMessage",
    "ChatModerationEntry",
    "ChatMute",
    "ChatPoll",
    "ChatPollAnswer",
    "ChatPollOption",
    "ChatReminder",
    "ChatVote",
    "LiveChatPage",
    "LiveChatState",
]
