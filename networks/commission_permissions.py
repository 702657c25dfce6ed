"""Who may do what with commissions, party units, regions and coordinators.

Rules for submissions and amendments live beside their models in
`discussions.submission_permissions` and use the role lookups below. Each
lookup is one query per user per request, cached on the user object like the
network roles in `networks.permissions`.
"""

from __future__ import annotations

from networks.models import PartyUnit, Region, UnitMembership
from networks.permissions import commission_ids, is_staff, rule


def _cached_ids(user, key: str, query) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get(key)
    if cached is None:
        cached = frozenset(query())
        user.__dict__[key] = cached
    return cached


def unit_ids(user) -> frozenset[int]:
    """The party units the user belongs to, in any position."""
    return _cached_ids(
        user, "_unit_ids", lambda: UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True)
    )


def staffed_region_ids(user) -> frozenset[int]:
    """The regions whose office the user works in."""
    return _cached_ids(
        user, "_staffed_region_ids", lambda: Region.staff.through.objects.filter(user=user).values_list("region_id", flat=True)
    )


def represented_region_ids(user) -> frozenset[int]:
    """The regions the user represents on the National Policy Forum."""
    return _cached_ids(
        user,
        "_represented_region_ids",
        lambda: Region.npf_representatives.through.objects.filter(user=user).values_list("region_id", flat=True),
    )


def forget_unit_roles(user) -> None:
    """Drop the cached unit and region roles after they change within the same request."""
    for key in ("_unit_ids", "_staffed_region_ids", "_represented_region_ids"):
        user.__dict__.pop(key, None)


def is_regional_staff(user) -> bool:
    return bool(staffed_region_ids(user))


def sits_on(user, commission) -> bool:
    return commission.pk in commission_ids(user)


@rule("submit_to_commission")
def _submit_to_commission(user, commission) -> bool:
    """Any signed-in member may submit, for themself or for a unit they belong to."""
    return user.is_authenticated


@rule("view_commission_queue")
def _view_commission_queue(user, commission) -> bool:
    return is_staff(user) or sits_on(user, commission)


@rule("view_region_queue")
def _view_region_queue(user, region: Region) -> bool:
    return is_staff(user) or region.pk in staffed_region_ids(user)


@rule("view_unit_submissions")
def _view_unit_submissions(user, unit: PartyUnit) -> bool:
    """A unit's members see its submissions, and so do its region's office and staff."""
    return is_staff(user) or unit.pk in unit_ids(user) or unit.region_id in staffed_region_ids(user)


@rule("propose_amendment")
def _propose_amendment(user, document) -> bool:
    """Members of a party unit may amend an open final draft, through their NPF representative."""
    return bool(unit_ids(user)) and document.is_final_draft and document.is_open


@rule("view_coordinator_coverage")
def _view_coordinator_coverage(user, obj=None) -> bool:
    return is_staff(user) or is_regional_staff(user)


@rule("view_contact_details")
def _view_contact_details(user, obj=None) -> bool:
    """Postal addresses and phone numbers of members are personal data: staff only."""
    return is_staff(user)
