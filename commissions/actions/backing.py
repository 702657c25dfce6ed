"""Units backing each other's submissions and amendments, one function per event.

A submission's own side opens it for backing; a member of another unit then
adds that unit's backing, once, with an optional short statement. The
backing unit's members follow the submission from then on, so they hear
each change of status and its outcome; withdrawing the backing stops that.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commissions.models import Amendment, AmendmentBacking, Backing, Submission
from discussions.notifications import notify
from networks.actions import ActionRefused
from networks.models import PartyUnit
from networks.permissions import can, unit_ids

STATEMENT_MAX_CHARS = 1000


def open_for_backing(actor, submission: Submission, is_open: bool) -> Submission:
    """Let members of other party units read the submission and back it (or stop new backing)."""
    if not can(actor, "open_for_backing", submission):
        raise ActionRefused(_("Only the submitter, their unit and staff decide whether other units may back it."))
    submission.open_for_backing = is_open
    submission.save(update_fields=["open_for_backing"])
    return submission


def _own_unit(actor, unit: PartyUnit) -> None:
    if unit.pk not in unit_ids(actor):
        raise ActionRefused(_("You can only add the backing of a party unit you belong to."))


def back_submission(actor, submission: Submission, unit: PartyUnit, statement: str = "") -> Backing:
    """`unit` backs the submission; its members follow it, and the submitting side is told."""
    if submission.is_closed:
        raise ActionRefused(_("%(reference)s has its final decision, so it takes no more backing.") % {"reference": submission.reference})
    if not submission.open_for_backing:
        raise ActionRefused(_("Members of other party units can back this submission once its unit invites backing."))
    _own_unit(actor, unit)
    if unit.pk == submission.unit_id:
        raise ActionRefused(_("%(unit)s sent this submission: a unit cannot back its own submission.") % {"unit": unit.name})
    if not can(actor, "back_submission", submission):
        raise ActionRefused(_("You cannot back this submission."))
    statement = (statement or "").strip()
    if len(statement) > STATEMENT_MAX_CHARS:
        raise ActionRefused(
            _("A statement can be at most %(max)d characters; yours has %(count)d. Your text is kept below.")
            % {"max": STATEMENT_MAX_CHARS, "count": len(statement)}
        )
    try:
        with transaction.atomic():
            backing = Backing.objects.create(submission=submission, unit=unit, backed_by=actor, statement=statement)
            submission.followers.add(*unit.memberships.values_list("user_id", flat=True))
            submitting_side = [submission.submitter]
            if submission.unit_id:
                submitting_side += [m.user for m in submission.unit.memberships.select_related("user")]
            notify(
                submitting_side,
                kind="submission_backed",
                title=_("%(unit)s backs %(reference)s “%(title)s”")
                % {"unit": unit.name, "reference": submission.reference, "title": submission.title},
                url=submission.get_absolute_url() + "#backing",
                actor=actor,
                text=statement,
            )
    except IntegrityError:
        raise ActionRefused(_("%(unit)s already backs %(reference)s.") % {"unit": unit.name, "reference": submission.reference}) from None
    return backing


def withdraw_backing(actor, backing: Backing) -> None:
    """Take a unit's backing back; its members who followed only as backers stop following."""
    if not can(actor, "withdraw_backing", backing):
        raise ActionRefused(_("Only members of %(unit)s can withdraw its backing.") % {"unit": backing.unit.name})
    submission = backing.submission
    with transaction.atomic():
        backing.delete()
        members = set(backing.unit.memberships.values_list("user_id", flat=True))
        keep = {submission.submitter_id, submission.assigned_to_id}
        if submission.unit_id:
            keep |= set(submission.unit.memberships.values_list("user_id", flat=True))
        still_backing = Backing.objects.filter(submission=submission).values_list("unit_id", flat=True)
        keep |= set(PartyUnit.objects.filter(pk__in=still_backing).values_list("memberships__user_id", flat=True))
        submission.followers.remove(*(members - keep))


def back_amendment(actor, amendment: Amendment, unit: PartyUnit) -> AmendmentBacking:
    """Another unit supports a forwarded amendment: shown on the paper, and told of its outcome."""
    if amendment.status != Amendment.Status.FORWARDED:
        raise ActionRefused(_("An amendment can be backed by other units once it is forwarded, until the NPF decides it."))
    _own_unit(actor, unit)
    if unit.pk == amendment.unit_id:
        raise ActionRefused(_("%(unit)s proposed this amendment: a unit cannot back its own amendment.") % {"unit": unit.name})
    if not can(actor, "back_amendment", amendment):
        raise ActionRefused(_("You cannot back this amendment."))
    try:
        with transaction.atomic():
            return AmendmentBacking.objects.create(amendment=amendment, unit=unit, backed_by=actor)
    except IntegrityError:
        raise ActionRefused(_("%(unit)s already backs this amendment.") % {"unit": unit.name}) from None


def withdraw_amendment_backing(actor, backing: AmendmentBacking) -> None:
    if not can(actor, "withdraw_backing", backing):
        raise ActionRefused(_("Only members of %(unit)s can withdraw its backing.") % {"unit": backing.unit.name})
    backing.delete()


def backing_summary(units: list[str]) -> str:
    """"Warrington North CLP and 11 others back this", from the backing units' names (oldest first)."""
    if not units:
        return ""
    if len(units) == 1:
        return _("%(unit)s backs this") % {"unit": units[0]}
    others = len(units) - 1
    return ngettext("%(unit)s and %(count)d other back this", "%(unit)s and %(count)d others back this", others) % {
        "unit": units[0], "count": others,
    }

