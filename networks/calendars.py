"""iCalendar files for whatever happens at a set time: live chats, local policy forums, dialogue sessions, briefings.

Live chats (`chat/`) and forums (`commissions/`) both publish calendars, and
they never import each other, so the writing of a calendar lives here, on the
floor both stand on. Each app builds its own events with `calendar_event` and
answers with `calendar_response`; the UIDs it gives stay stable, so a calendar
application that subscribed to a feed updates an event rather than adding it twice.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def new_calendar(name: str, product: str) -> Calendar:
    """An empty calendar called `name` (what the calendar application shows), from one product of the site."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Policy Networks//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_event(
    *,
    uid: str,
    summary: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    url: str,
    location: str = "",
) -> Event:
    """One event. `url` is absolute; `location` is the place, or the event's page when it happens online."""
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("dtstamp", timezone.now())
    event.add("url", url)
    event.add("location", location or url)
    return event


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    """An .ics download: calendar applications open it, and subscribe to the same address as a feed."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
