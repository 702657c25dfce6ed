"""iCalendar files: one per chat, and one feed per network of all its chats."""

from __future__ import annotations

from icalendar import Calendar, Event

from chat.models import LiveChatPage, LiveChatState
from networks.calendars import calendar_event, new_calendar


def _calendar(name: str) -> Calendar:
    return new_calendar(name, "Live chats")


def _event(chat: LiveChatPage, request) -> Event:
    state = getattr(chat, "live_state", None) or LiveChatState(chat_id=chat.pk)
    return calendar_event(
        uid=f"live-chat-{chat.pk}@{request.get_host().split(':')[0]}",
        summary=f"Live chat: {chat.title}",
        description=chat.topic,
        starts_at=chat.starts_at,
        ends_at=chat.effective_end(state),
        url=request.build_absolute_uri(chat.url),
    )


def chat_calendar(chat: LiveChatPage, request) -> bytes:
    calendar = _calendar(chat.title)
    calendar.add_component(_event(chat, request))
    return calendar.to_ical()


def network_calendar(network, request) -> bytes:
    calendar = _calendar(f"{network.title}: live chats")
    for chat in LiveChatPage.objects.live().child_of(network).select_related("live_state").order_by("starts_at"):
        calendar.add_component(_event(chat, request))
    return calendar.to_ical()
