"""Reads about local policy forums and coordinators' events, shaped for the pages that show them.

Every list starts from `permitted(user, "view_forum")`, so a forum open to a
unit's members never shows to anyone else, and counts its places in the same
query (a fixed number of queries however many forums are listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from commissions.models import Forum, ForumRegistration, SubmissionEvent
from networks.models import Constituency, PartyUnit, Region, UnitMembership
from networks.permissions import can, permitted
from networks.postcodes import PostcodeError, constituencies_for

Status = ForumRegistration.Status


def with_places(forums: QuerySet[Forum]) -> QuerySet[Forum]:
    """Each forum with `places_taken` and `waiting_count`, in the listing's one query."""
    return forums.with_listing().annotate(
        places_taken=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


def visible_forums(user) -> QuerySet[Forum]:
    return permitted(user, "view_forum")


def attendance_figures(forum: Forum) -> dict[str, int]:
    """How many came: members and community participants from the register, walk-ins, and the total."""
    counts = forum.registrations.attended().aggregate(
        members=Count("pk", filter=Q(user__isnull=False)), community=Count("pk", filter=Q(user__isnull=True))
    )
    figures = {"members": counts["members"], "community": counts["community"], "walk_ins": forum.walk_ins}
    figures["total"] = figures["members"] + figures["community"] + figures["walk_ins"]
    return figures


def _my_statuses(user, forums: list[Forum]) -> dict[int, str]:
    if not user.is_authenticated or not forums:
        return {}
    return dict(
        ForumRegistration.objects.filter(user=user, forum__in=forums)
        .exclude(status=Status.CANCELLED)
        .values_list("forum_id", "status")
    )


def _annotate_mine(user, forums: list[Forum]) -> list[Forum]:
    mine = _my_statuses(user, forums)
    for forum in forums:
        forum.my_status = mine.get(forum.pk, "")
    return forums


@dataclass
class Finder:
    """What /forums/ shows: the forums found, and what a post code was read as (or why it could not be)."""

    forums: list[Forum]
    district: str = ""
    constituencies: list[Constituency] = field(default_factory=list)
    postcode_error: str = ""


def find_forums(user, *, postcode: str = "", region: Region | None = None, constituency: Constituency | None = None,
                issue=None, document=None, date_from: date | None = None, date_to: date | None = None,
                limit: int = 100) -> Finder:
    """Upcoming local policy forums the user may see, narrowed by the filters (a post code names constituencies)."""
    forums = visible_forums(user).local_forums().upcoming()
    finder = Finder(forums=[])
    if postcode.strip():
        try:
            lookup = constituencies_for(postcode)
        except PostcodeError as error:
            finder.postcode_error = error.message
            return finder
        finder.district, finder.constituencies = lookup.district, lookup.constituencies
        forums = forums.filter(constituency__in=lookup.constituencies)
    forums = _narrowed(forums, region=region, constituency=constituency, issue=issue, document=document)
    if date_from is not None:
        forums = forums.filter(starts_at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        forums = forums.filter(starts_at__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    finder.forums = _annotate_mine(user, list(with_places(forums)[:limit]))
    return finder


def nearby_forums(user, constituencies: list[Constituency], limit: int = 6) -> list[Forum]:
    """When a post code's constituency has no forum coming up: those in the same region."""
    regions = {constituency.region_id for constituency in constituencies}
    forums = visible_forums(user).local_forums().upcoming().filter(region__in=regions)
    return _annotate_mine(user, list(with_places(forums)[:limit]))


def upcoming_coordinator_events(user, limit: int = 50) -> list[Forum]:
    forums = visible_forums(user).coordinator_events().upcoming()
    return _annotate_mine(user, list(with_places(forums)[:limit]))


def load_forum(pk) -> QuerySet[Forum]:
    return with_places(Forum.objects.filter(pk=pk)).select_related("organiser__profile", "report__reflected_in")


@dataclass
class TimelineEntry:
    label: str
    at: datetime


def report_timeline(forum: Forum) -> list[TimelineEntry]:
    """The report's status changes, oldest first: the forum page's summary of what happened to it."""
    if forum.report_id is None:
        return []
    events = SubmissionEvent.objects.filter(submission_id=forum.report_id, kind=SubmissionEvent.Kind.STATUS).select_related(
        "reflected_in"
    )
    entries = []
    for event in events:
        label = (
            f"{event.get_status_display()}: {event.reflected_in.title}"
            if event.reflected_in_id
            else event.get_status_display()
        )
        entries.append(TimelineEntry(label, event.created_at))
    return entries


def forum_page_context(forum: Forum, user) -> dict:
    """Everything the forum's page shows the user, and what they may do there."""
    mine = (
        ForumRegistration.objects.filter(forum=forum, user=user).exclude(status=Status.CANCELLED).first()
        if user.is_authenticated
        else None
    )
    may_manage = can(user, "view_forum_registrants", forum)
    places_left = None if forum.capacity is None else max(forum.capacity - forum.places_taken, 0)
    registration_open = not forum.is_cancelled and not forum.has_happened
    context = {
        "forum": forum,
        "registration": mine,
        "places_left": places_left,
        "registration_open": registration_open,
        "may_register": registration_open and mine is None and can(user, "register_for_forum", forum),
        "may_register_as_guest": registration_open and can(user, "register_as_guest", forum),
        "shows_contact": (mine is not None and mine.status == Status.REGISTERED) or may_manage,
        "may_manage": may_manage,
        "may_change": can(user, "change_forum", forum) and not forum.is_over and not forum.is_cancelled,
        "may_file_report": can(user, "file_forum_report", forum) and forum.report_id is None and forum.is_over
        and not forum.is_cancelled,
        "report": forum.report,
        "timeline": report_timeline(forum),
        "may_read_report": forum.report_id is not None and can(user, "view_submission", forum.report),
        "figures": attendance_figures(forum) if forum.attendance_recorded_at else None,
    }
    return context


def registrants(forum: Forum) -> list[ForumRegistration]:
    """The register, for its organiser and staff: places first, then the waiting list, then unconfirmed."""
    order = {Status.REGISTERED: 0, Status.WAITING: 1, Status.UNCONFIRMED: 2, Status.CANCELLED: 3}
    rows = list(forum.registrations.select_related("user__profile"))
    return sorted(rows, key=lambda r: (order[r.status], r.registered_at, r.pk))


def home_forums(user, limit: int = 5) -> dict:
    """The home page's forums: coming up in the member's units and regions, and the reports of those they attended."""
    if not user.is_authenticated:
        return {"upcoming": [], "attended": [], "regions": []}
    memberships = list(UnitMembership.objects.filter(user=user).select_related("unit"))
    unit_ids = {m.unit_id for m in memberships}
    region_ids = {m.unit.region_id for m in memberships}
    profile = getattr(user, "profile", None)
    if profile is not None and profile.region_id:
        region_ids.add(profile.region_id)
    upcoming = visible_forums(user).local_forums().upcoming().filter(Q(unit__in=unit_ids) | Q(region__in=region_ids))
    attended = (
        Forum.objects.filter(registrations__user=user, registrations__attended=True, report__isnull=False)
        .select_related("report__reflected_in", "unit")
        .order_by("-starts_at")[:limit]
    )
    return {
        "upcoming": _annotate_mine(user, list(with_places(upcoming)[:limit])),
        "attended": list(attended),
        "regions": list(Region.objects.filter(pk__in=region_ids).order_by("name")),
    }


def calendar_forums(user, *, unit: PartyUnit | None = None, constituency: Constituency | None = None,
                    region: Region | None = None) -> list[Forum]:
    """The forums a unit's, a constituency's or a region's calendar and feed list: the last year's and all to come."""
    since = timezone.now() - timezone.timedelta(days=365)
    forums = visible_forums(user).local_forums().filter(ends_at__gte=since).with_listing().order_by("starts_at")
    return list(_narrowed(forums, unit=unit, constituency=constituency, region=region)[:500])


def _narrowed(forums: QuerySet[Forum], **filters) -> QuerySet[Forum]:
    """The forums matching each filter given (None: that filter is not in use)."""
    return forums.filter(**{name: value for name, value in filters.items() if value is not None})
