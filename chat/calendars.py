"""iCalendar files: one per chat, and one feed per network of all its chats."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from chat.models import LiveChatPage, LiveChatState


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Policy Networks//Live chats//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(chat: LiveChatPage, request) -> Event:
    state = getattr(chat, "live_state", None) or LiveChatState(chat_id=chat.pk)
    event = Event()
    event.add("uid", f"live-chat-{chat.pk}@{request.get_host().split(':')[0]}")
    event.add("summary", f"Live chat: {chat.title}")
    event.add("description", chat.topic)
    event.add("dtstart", chat.starts_at)
    event.add("dtend", chat.effective_end(state))
    event.add("dtstamp", timezone.now())
    event.add("url", request.build_absolute_uri(chat.url))
    event.add("location", request.build_absolute_uri(chat.url))
    return event


def chat_calendar(chat: LiveChatPage, request) -> bytes:
    calendar = _calendar(chat.title)
    calendar.add_component(_event(chat, request))
    return calendar.to_ical()


def network_calendar(network, request) -> bytes:
    calendar = _calendar(f"{network.title}: live chats")
    for chat in LiveChatPage.objects.live().child_of(network).select_related("live_state").order_by("starts_at"):
        calendar.add_component(_event(chat, request))
    return calendar.to_ical()
