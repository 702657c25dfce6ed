"""Verifying a party membership, and what a lapse or a renewal on the next import does to the account.

A signed-in account verifies once, with its membership number, surname and
post code (`verify_membership`), or through the party's single sign-on, whose
claim carries the membership number (`verify_from_identity_provider`). A
match links the account to the record and to the record's CLP and branch as
party units (links made this way are marked, so a lapse or a move takes back
only those). The rights that rest on verification are asked live through
`can(user, "act_as_party_member")`; these actions keep the unit links and the
member's notices in step with the list.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.emails import email_member
from networks.models import MembershipRecord, UnitMembership
from networks.models.membership_list import (
    compact_postcode,
    normalise_membership_number,
    normalise_surname,
)
from networks.permissions import can, forget_roles
from networks.refusals import ActionRefused

LINKED_POSITION = "Member"


class VerificationFailed(ActionRefused):
    """The details matched no record. The message never says which of the three was wrong."""


def no_match_message() -> str:
    return _(
        "Those details do not match a current member on the party's membership list. Check your membership "
        "number, surname and post code as they appear on your membership card or renewal email, and try again."
    )


def verify_membership(user, *, membership_number: str, surname: str, postcode: str) -> MembershipRecord:
    """Link the account to the membership record all three details match, and to its CLP and branch."""
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to verify your membership."))
    if not can(user, "verify_membership"):
        raise ActionRefused(_("Your account is already verified as a party member."))
    record = (
        MembershipRecord.objects.select_related("clp", "branch")
        .filter(membership_number=normalise_membership_number(membership_number))
        .first()
    )
    if (
        record is None
        or not normalise_surname(surname)
        or normalise_surname(record.last_name) != normalise_surname(surname)
        or compact_postcode(record.postcode) != compact_postcode(postcode)
    ):
        raise VerificationFailed(no_match_message())
    return _link(user, record)


def verify_from_identity_provider(user, membership_number: str) -> MembershipRecord:
    """The party's identity provider vouched for this membership number: link the account to its record."""
    if not can(user, "verify_membership"):
        raise ActionRefused(_("Your account is already verified as a party member."))
    number = normalise_membership_number(membership_number)
    record = MembershipRecord.objects.select_related("clp", "branch").filter(membership_number=number).first()
    if record is None:
        raise ActionRefused(
            _(
                "Your party sign-in gave membership number %(number)s, which is not on the membership list here "
                "yet. It is usually added within a week; you can verify again then."
            )
            % {"number": number}
        )
    return _link(user, record)


def _link(user, record: MembershipRecord) -> MembershipRecord:
    if not record.in_good_standing():
        raise ActionRefused(
            _(
                "That membership is not current: %(reason)s. Once you have renewed and the list here is updated, "
                "you can verify again. Your regional office can help."
            )
            % {"reason": record.lapse_reason()}
        )
    if record.user_id is not None and record.user_id != user.pk:
        raise ActionRefused(
            _(
                "That membership is already linked to another account on this site. If that was not you, "
                "contact your regional office."
            )
        )
    with transaction.atomic():
        MembershipRecord.objects.filter(user=user).exclude(pk=record.pk).update(user=None, verified_at=None)
        record.user = user
        record.verified_at = timezone.now()
        record.lapse_noticed_at = None
        record.save(update_fields=["user", "verified_at", "lapse_noticed_at", "updated_at"])
        sync_listed_units(record)
    forget_roles(user)
    return record


def _listed_unit_ids(record: MembershipRecord) -> set[int]:
    return {unit_id for unit_id in (record.clp_id, record.branch_id) if unit_id is not None}


def sync_listed_units(record: MembershipRecord) -> None:
    """Make the account's units from the list exactly the record's CLP and branch (none while it is not current).

    Positions staff gave by hand (secretary, policy officer) are never touched;
    only the links this module made (`from_membership_list`) come and go.
    """
    if record.user_id is None:
        return
    wanted = _listed_unit_ids(record) if record.in_good_standing() else set()
    linked = UnitMembership.objects.filter(user_id=record.user_id)
    linked.filter(from_membership_list=True).exclude(unit_id__in=wanted).delete()
    present = set(linked.values_list("unit_id", flat=True))
    UnitMembership.objects.bulk_create(
        UnitMembership(user_id=record.user_id, unit_id=unit_id, position=LINKED_POSITION, from_membership_list=True)
        for unit_id in sorted(wanted - present)
    )


def note_standing_changes(records) -> tuple[int, int]:
    """After an import (or when an expiry date passes): lapse and renew the linked accounts whose standing changed.

    A lapse takes back the units the list gave and emails the member why; a
    renewal gives them back and says so. Each account is told once per change
    (`lapse_noticed_at`). Returns (lapsed, renewed).
    """
    lapsed = renewed = 0
    now = timezone.now()
    for record in records:
        if record.user_id is None:
            continue
        good = record.in_good_standing()
        if not good and record.lapse_noticed_at is None:
            record.lapse_noticed_at = now
            record.save(update_fields=["lapse_noticed_at", "updated_at"])
            lapsed += 1
            email_member(
                record.user,
                gettext_lazy("Your party membership has lapsed"),
                "networks/email/membership_lapsed",
                {"reason": record.lapse_reason(), "verify_url": reverse("networks:verify_membership")},
            )
        elif good and record.lapse_noticed_at is not None:
            record.lapse_noticed_at = None
            record.save(update_fields=["lapse_noticed_at", "updated_at"])
            renewed += 1
            email_member(
                record.user,
                gettext_lazy("Your party membership is current again"),
                "networks/email/membership_renewed",
                {"record": record},
            )
        sync_listed_units(record)
        forget_roles(record.user)
    return lapsed, renewed


def lapse_expired_memberships() -> int:
    """The daily job: accounts whose membership passed its expiry date since the last import are told, once."""
    today = timezone.localdate()
    with transaction.atomic():
        records = list(
            MembershipRecord.objects.select_related("user")
            .filter(user__isnull=False, lapse_noticed_at__isnull=True, expires_on__lt=today)
        )
        lapsed, _renewed = note_standing_changes(records)
    return lapsed
