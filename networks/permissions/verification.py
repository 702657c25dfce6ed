"""What a verified party membership decides.

An account is a verified member while it is linked to a record of the party's
membership list that is current and not past its expiry (`is_verified_member`).
Reading public content, following, taking part in public networks and their
chats, and asking to join a public network need only an account. Joining a
members-only network, posting in one, submitting or amending for a party unit
and signing up as a coordinator rest on a verified membership: every rule that
needs it asks `can(user, "act_as_party_member")`, so a lapse on the next import
takes all of them away at once, and the exemptions live in one place.
"""

from __future__ import annotations

from networks.permissions.registry import rule
from networks.permissions.roles import (
    is_commission_member,
    is_staff,
    is_verified_member,
    membership_record,
)


@rule("act_as_party_member")
def _act_as_party_member(user, obj=None) -> bool:
    """A verified, current party membership; staff and commission members are exempt (the party put them in their role)."""
    return is_verified_member(user) or is_staff(user) or is_commission_member(user)


@rule("verify_membership")
def _verify_membership(user, obj=None) -> bool:
    """A signed-in account verifies once; again only when the record it verified against is no longer current."""
    if not user.is_authenticated:
        return False
    record = membership_record(user)
    return record is None or not record.in_good_standing()


@rule("sign_up_as_coordinator")
def _sign_up_as_coordinator(user, obj=None) -> bool:
    """The PiP Coordinators Network is for verified party members."""
    return user.is_authenticated and _act_as_party_member(user)


@rule("administer_membership_list")
def _administer_membership_list(user, obj=None) -> bool:
    """Import and read the party's membership list (names, post codes, emails): staff only."""
    return is_staff(user)
