"""Who may do what with policy commissions, submissions and amendments.

A submission is seen by whoever it concerns: its submitter, the members of the
unit it speaks for, the commission it is addressed to, the office of the
region it is routed to, and staff. Its dialogue thread's read and reply rules
(`discussions.permissions`) are answered here too, through the dialogue
registry (`commissions.apps`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from commissions.models import Amendment, Backing, Export, ForumRegistration, Submission
from networks.models import PartyUnit, PolicyCommission, Region
from networks.permissions import (
    can,
    commission_ids,
    is_commission_member,
    is_staff,
    represented_region_ids,
    rule,
    sits_on,
    staffed_region_ids,
    staffed_regions,
    unit_ids,
)

# Commissions and queues ---------------------------------------------------------


@rule("submit_to_commission")
def _submit_to_commission(user, commission) -> bool:
    """Any signed-in member may submit, for themself or for a unit they belong to."""
    return user.is_authenticated


def _commissions_served(user) -> QuerySet[PolicyCommission]:
    if is_staff(user):
        return PolicyCommission.objects.all()
    return PolicyCommission.objects.filter(pk__in=commission_ids(user))


@rule("submit_for_unit")
def _submit_for_unit(user, unit: PartyUnit) -> bool:
    """Submitting in a party unit's name: one of its officers (`speak_for_unit`), with a verified party membership."""
    return user.is_authenticated and can(user, "speak_for_unit", unit) and can(user, "act_as_party_member")


@rule("view_commission_queue", objects=_commissions_served)
def _view_commission_queue(user, commission) -> bool:
    return is_staff(user) or sits_on(user, commission)


@rule("view_region_queue", objects=staffed_regions)
def _view_region_queue(user, region: Region) -> bool:
    return is_staff(user) or region.pk in staffed_region_ids(user)


@rule("view_unit_submissions")
def _view_unit_submissions(user, unit: PartyUnit) -> bool:
    """A unit's members see its submissions, and so do its region's office and staff."""
    return is_staff(user) or unit.pk in unit_ids(user) or unit.region_id in staffed_region_ids(user)


@rule("view_submission_queues")
def _view_submission_queues(user, obj=None) -> bool:
    """Whether "My submissions" points to a queue: commission members, regional staff, NPF representatives, staff."""
    return (
        is_staff(user)
        or is_commission_member(user)
        or bool(staffed_region_ids(user))
        or bool(represented_region_ids(user))
    )


# Submissions --------------------------------------------------------------------


def _concerns(user, submission) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_staff(user)
        or submission.submitter_id == user.pk
        or (submission.unit_id is not None and submission.unit_id in unit_ids(user))
        or sits_on(user, submission.commission)
        or submission.region_id in staffed_region_ids(user)
    )


def _attended_its_forum(user, submission) -> bool:
    """Whoever was at the forum a report came from follows it to the commission's answer, and may read it."""
    return (
        submission.is_forum_report
        and ForumRegistration.objects.filter(forum__report=submission, user=user, attended=True).exists()
    )


def _backs(user, submission) -> bool:
    """A member of a unit that backs the submission (one query, only asked when nothing else allowed)."""
    units = unit_ids(user)
    return bool(units) and Backing.objects.filter(submission=submission, unit__in=units).exists()


def _submissions_concerning(user) -> QuerySet[Submission]:
    """Every submission `_view_submission` lets the user see, as one query."""
    if not user.is_authenticated:
        return Submission.objects.none()
    if is_staff(user):
        return Submission.objects.all()
    units = unit_ids(user)
    seen = (
        Q(submitter=user)
        | Q(unit__in=units)
        | Q(commission__in=commission_ids(user))
        | Q(region__in=staffed_region_ids(user))
        | Q(pk__in=ForumRegistration.objects.filter(user=user, attended=True, forum__report__isnull=False).values("forum__report"))
    )
    if units:
        seen |= Q(open_for_backing=True) | Q(pk__in=Backing.objects.filter(unit__in=units).values("submission_id"))
    return Submission.objects.filter(seen)


@rule("view_submission", objects=_submissions_concerning)
def _view_submission(user, submission) -> bool:
    """Those it concerns; the people who attended the forum it reports (they read; they do not reply);
    and, once its unit opens it for backing, members of other party units (backers follow it)."""
    if _concerns(user, submission):
        return True
    if not user.is_authenticated:
        return False
    if _attended_its_forum(user, submission):
        return True
    if not unit_ids(user):
        return False
    return submission.open_for_backing or _backs(user, submission)


@rule("reply_submission")
def _reply_submission(user, submission) -> bool:
    """The unit's side and the commission's side of the dialogue, and staff."""
    return _concerns(user, submission)


@rule("follow_submission")
def _follow_submission(user, submission) -> bool:
    """Those it concerns, and the people who attended the forum it reports."""
    return _concerns(user, submission) or (user.is_authenticated and _attended_its_forum(user, submission))


@rule("change_submission_status")
def _change_submission_status(user, submission) -> bool:
    """Acknowledging and responding is the commission's job: its members and staff."""
    return is_staff(user) or sits_on(user, submission.commission)


@rule("assign_submission")
def _assign_submission(user, submission) -> bool:
    return is_staff(user) or sits_on(user, submission.commission)


# Amendments ---------------------------------------------------------------------


@rule("propose_amendment")
def _propose_amendment(user, document) -> bool:
    """A unit's officers, with a verified membership, may amend an open final draft in its name, through their NPF representative."""
    return (
        can(user, "speak_for_unit")
        and document.is_final_draft
        and document.is_open
        and can(user, "act_as_party_member")
    )


def _amendments_to_forward(user) -> QuerySet[Amendment]:
    if is_staff(user):
        return Amendment.objects.all()
    return Amendment.objects.filter(region__in=represented_region_ids(user))


@rule("forward_amendment", objects=_amendments_to_forward)
def _forward_amendment(user, amendment) -> bool:
    """The unit's region's NPF representatives decide whether an amendment goes forward."""
    return is_staff(user) or amendment.region_id in represented_region_ids(user)


@rule("view_amendment_inbox")
def _view_amendment_inbox(user, obj=None) -> bool:
    """The list of amendments waiting to be forwarded: NPF representatives (for their regions) and staff."""
    return is_staff(user) or bool(represented_region_ids(user))


@rule("decide_amendment")
def _decide_amendment(user, amendment) -> bool:
    """The commission whose document it amends accepts, composites or rejects it."""
    return is_staff(user) or sits_on(user, amendment.document.commission)


# The commission's working tools: notes, themes, saved filters, exports ---------


def _commission_of(obj):
    """The commission a rule about a submission, a document or a commission is asked about."""
    if isinstance(obj, PolicyCommission):
        return obj
    return obj.commission


def _serves(user, obj) -> bool:
    return is_staff(user) or sits_on(user, _commission_of(obj))


def _submissions_with_notes(user) -> QuerySet[Submission]:
    if is_staff(user):
        return Submission.objects.all()
    return Submission.objects.filter(commission__in=commission_ids(user))


@rule("view_submission_notes", objects=_submissions_with_notes)
def _view_submission_notes(user, submission) -> bool:
    """Internal notes: the commission's members and staff, never the submitter, the unit or a regional office."""
    return _serves(user, submission)


# A commission's own working tools belong to its members and staff: keeping internal notes on its
# submissions, managing its themes and tagging submissions with them, exporting its submissions
# (with the notes) and a document's amendments, and merging forwarded amendments into composites.
for _action in (
    "add_submission_note",
    "manage_themes",
    "tag_submissions",
    "export_commission_submissions",
    "export_amendments",
    "composite_amendments",
):
    rule(_action)(_serves)


@rule("export_region_submissions")
def _export_region_submissions(user, region: Region) -> bool:
    """A region's submissions (no internal notes): its regional office and staff."""
    return is_staff(user) or region.pk in staffed_region_ids(user)


@rule("download_export")
def _download_export(user, export: Export) -> bool:
    """A prepared export is handed only to the member who asked for it."""
    return user.is_authenticated and export.requested_by_id == user.pk


# Backing ------------------------------------------------------------------------


@rule("open_for_backing")
def _open_for_backing(user, submission) -> bool:
    """The submitting side (the submitter, the unit's members) and staff let other units see and back it."""
    if not user.is_authenticated:
        return False
    return (
        is_staff(user)
        or submission.submitter_id == user.pk
        or (submission.unit_id is not None and submission.unit_id in unit_ids(user))
    )


@rule("view_open_submissions")
def _view_open_submissions(user, obj=None) -> bool:
    """The list of submissions open for backing: members of party units (who can back them) and staff."""
    return is_staff(user) or bool(unit_ids(user))


@rule("back_submission")
def _back_submission(user, submission) -> bool:
    """A member of another party unit, once the submission is open for backing and still undecided."""
    if not user.is_authenticated or not submission.open_for_backing or submission.is_closed:
        return False
    return bool(unit_ids(user) - {submission.unit_id})


@rule("withdraw_backing")
def _withdraw_backing(user, backing: Backing) -> bool:
    """The backing unit's members withdraw its backing; staff may too."""
    return is_staff(user) or (user.is_authenticated and backing.unit_id in unit_ids(user))


@rule("back_amendment")
def _back_amendment(user, amendment) -> bool:
    """A member of another party unit may back a forwarded amendment until the NPF decides it."""
    if not user.is_authenticated or amendment.status != Amendment.Status.FORWARDED:
        return False
    return bool(unit_ids(user) - {amendment.unit_id})


# The amendments paper and the NPF's decisions ------------------------------------


@rule("view_amendments_paper")
def _view_amendments_paper(user, document) -> bool:
    """The paper the NPF works from: staff, the commission, and NPF representatives."""
    return _serves(user, document) or bool(represented_region_ids(user))
