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

__all__ = [
    "ChatEvent",
    "ChatMessage",
    "ChatModerationEntry",
    "ChatMute",
    "ChatReminder",
    "ChatVote",
    "LiveChatPage",
    "LiveChatState",
]
