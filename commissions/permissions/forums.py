"""Who may organise, see, join and run local policy forums and the PiP coordinators' events.

A forum is organised for a party unit by its officers or by the PiP
coordinator for the unit's constituency. Who may see it and register follows
who it is open to: the unit's members, every member, or (signed in or not)
the wider community. The register is personal data: only the forum's
organiser and staff see the names on it, message those people or record who
came. Coordinators' briefings and training events are scheduled by staff for
any region or nationally, and by a regional office for its own region; they
are for the coordinators of that region (all of them, for a national one).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from commissions.models import Forum
from networks.models import PartyUnit, Region
from networks.permissions import (
    can,
    coordinated_constituency_ids,
    coordinator_region_ids,
    is_coordinator,
    is_regional_staff,
    is_staff,
    officer_unit_ids,
    rule,
    staffed_region_ids,
    unit_ids,
)

Openness = Forum.Openness


def organises_for(user, unit: PartyUnit) -> bool:
    """Staff, the unit's officers, and the PiP coordinator for the unit's constituency.

    Organising speaks for the unit, so (like submitting for it) it rests on a
    verified party membership.
    """
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return (
        unit.pk in officer_unit_ids(user)
        or (unit.constituency_id is not None and unit.constituency_id in coordinated_constituency_ids(user))
    ) and can(user, "act_as_party_member")


def _units_organised(user) -> QuerySet[PartyUnit]:
    if not user.is_authenticated:
        return PartyUnit.objects.none()
    if is_staff(user):
        return PartyUnit.objects.all()
    if not can(user, "act_as_party_member"):
        return PartyUnit.objects.none()
    return PartyUnit.objects.filter(
        Q(pk__in=officer_unit_ids(user)) | Q(constituency__in=coordinated_constituency_ids(user))
    )


@rule("organise_forum", objects=_units_organised)
def _organise_forum(user, unit: PartyUnit) -> bool:
    return organises_for(user, unit)


def schedules_coordinator_events(user, region: Region | None) -> bool:
    """Staff for any region and nationally; a regional office for its own region."""
    if is_staff(user):
        return True
    return region is not None and region.pk in staffed_region_ids(user)


def _regions_scheduled(user) -> QuerySet[Region]:
    if is_staff(user):
        return Region.objects.all()
    return Region.objects.filter(pk__in=staffed_region_ids(user))


@rule("schedule_coordinator_event", objects=_regions_scheduled)
def _schedule_coordinator_event(user, region: Region | None = None) -> bool:
    """Asked about a region, or None for a national event."""
    return schedules_coordinator_events(user, region)


def _may_see(user, forum: Forum) -> bool:
    if forum.is_local_forum:
        if forum.openness != Openness.UNIT:
            return True
        return user.is_authenticated and (
            is_staff(user)
            or forum.organiser_id == user.pk
            or forum.unit_id in unit_ids(user)
            or forum.region_id in staffed_region_ids(user)
            or organises_for(user, forum.unit)
        )
    if not user.is_authenticated:
        return False
    if is_staff(user) or forum.organiser_id == user.pk:
        return True
    if forum.region_id is None:
        return is_coordinator(user) or is_regional_staff(user)
    return forum.region_id in coordinator_region_ids(user) or forum.region_id in staffed_region_ids(user)


def _forums_seen(user) -> QuerySet[Forum]:
    """Every forum and coordinators' event `_may_see` lets the user see, as one query."""
    forums = Forum.objects.all()
    if is_staff(user):
        return forums
    open_forums = Q(kind=Forum.Kind.FORUM) & ~Q(openness=Openness.UNIT)
    if not user.is_authenticated:
        return forums.filter(open_forums)
    unit_forums = Q(kind=Forum.Kind.FORUM, openness=Openness.UNIT) & (
        Q(unit__in=unit_ids(user))
        | Q(unit__in=officer_unit_ids(user))
        | Q(unit__constituency__in=coordinated_constituency_ids(user))
        | Q(region__in=staffed_region_ids(user))
    )
    regions = coordinator_region_ids(user) | staffed_region_ids(user)
    events = ~Q(kind=Forum.Kind.FORUM) & Q(region__in=regions)
    if is_coordinator(user) or is_regional_staff(user):
        events |= ~Q(kind=Forum.Kind.FORUM) & Q(region__isnull=True)
    return forums.filter(open_forums | unit_forums | events | Q(organiser=user))


@rule("view_forum", objects=_forums_seen)
def _view_forum(user, forum: Forum) -> bool:
    return _may_see(user, forum)


@rule("register_for_forum")
def _register_for_forum(user, forum: Forum) -> bool:
    """Signed-in members a forum is open to; for a coordinators' event, the coordinators it is for."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    if forum.is_local_forum:
        if forum.openness == Openness.UNIT:
            return forum.unit_id in unit_ids(user) or organises_for(user, forum.unit)
        return True
    return is_coordinator(user) and (forum.region_id is None or forum.region_id in coordinator_region_ids(user))


@rule("register_as_guest")
def _register_as_guest(user, forum: Forum) -> bool:
    """Without an account: anyone at a forum open to the wider community, a coordinator at a coordinators' event.

    Signed-in members register as themselves instead. At a coordinators' event
    the address given must be a coordinator's (the action checks it).
    """
    if user.is_authenticated:
        return False
    return forum.openness == Openness.COMMUNITY or not forum.is_local_forum


def _organiser_or_staff(user, forum: Forum) -> bool:
    return user.is_authenticated and (is_staff(user) or forum.organiser_id == user.pk)


@rule("view_forum_registrants")
def _view_forum_registrants(user, forum: Forum) -> bool:
    """The names and addresses on the register: the organiser and staff only."""
    return _organiser_or_staff(user, forum)


@rule("message_forum_registrants")
def _message_forum_registrants(user, forum: Forum) -> bool:
    return _organiser_or_staff(user, forum)


@rule("record_forum_attendance")
def _record_forum_attendance(user, forum: Forum) -> bool:
    return _organiser_or_staff(user, forum)


@rule("change_forum")
def _change_forum(user, forum: Forum) -> bool:
    """Edit or cancel it: its organiser, whoever may organise for its unit (or schedule for its region), staff."""
    if _organiser_or_staff(user, forum):
        return True
    if forum.is_local_forum:
        return organises_for(user, forum.unit)
    return user.is_authenticated and schedules_coordinator_events(user, forum.region)


@rule("file_forum_report")
def _file_forum_report(user, forum: Forum) -> bool:
    """The forum's report goes to the commission as its unit's: the organiser, the unit's organisers, staff."""
    if not forum.is_local_forum:
        return False
    return _organiser_or_staff(user, forum) or organises_for(user, forum.unit)
