"""Who may see the party's own records: the coordinators' coverage and members' contact details."""

from __future__ import annotations

from django.db.models import QuerySet

from networks.models import Region
from networks.permissions.registry import rule
from networks.permissions.roles import (
    is_regional_staff,
    is_staff,
    officer_unit_ids,
    staffed_region_ids,
)


def staffed_regions(user) -> QuerySet[Region]:
    """The regions whose office the user works in, or every region for staff: their coverage, their queues."""
    if is_staff(user):
        return Region.objects.all()
    return Region.objects.filter(pk__in=staffed_region_ids(user))


@rule("view_coordinator_coverage", objects=staffed_regions)
def _view_coordinator_coverage(user, region: Region | None = None) -> bool:
    """The coverage table: staff for every region, a regional office for its own (asked without a region: any)."""
    if is_staff(user):
        return True
    return region.pk in staffed_region_ids(user) if region is not None else is_regional_staff(user)


@rule("view_contact_details")
def _view_contact_details(user, obj=None) -> bool:
    """Postal addresses and phone numbers of members are personal data: staff only."""
    return is_staff(user)


@rule("speak_for_unit")
def _speak_for_unit(user, unit=None) -> bool:
    """Sending a submission or proposing an amendment in a unit's name: its officers (asked without a unit: of any)."""
    if unit is None:
        return bool(officer_unit_ids(user))
    return unit.pk in officer_unit_ids(user)
