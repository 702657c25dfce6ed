"""Permission rules for submissions and amendments, registered with networks.permissions.rule.

A submission is seen by whoever it concerns: its submitter, the members of the
unit it speaks for, its followers, the commission it is addressed to, the
office of the region it is routed to, and staff. The dialogue thread's read
and reply rules (`discussions.permissions`) delegate here.
"""

from __future__ import annotations

from networks.commission_permissions import (
    represented_region_ids,
    sits_on,
    staffed_region_ids,
    unit_ids,
)
from networks.permissions import is_commission_member, is_staff, rule


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


@rule("view_submission")
def _view_submission(user, submission) -> bool:
    return _concerns(user, submission)


@rule("reply_submission")
def _reply_submission(user, submission) -> bool:
    """The unit's side and the commission's side of the dialogue, and staff."""
    return _concerns(user, submission)


@rule("change_submission_status")
def _change_submission_status(user, submission) -> bool:
    """Acknowledging and responding is the commission's job: its members and staff."""
    return is_staff(user) or sits_on(user, submission.commission)


@rule("assign_submission")
def _assign_submission(user, submission) -> bool:
    return is_staff(user) or sits_on(user, submission.commission)


@rule("follow_submission")
def _follow_submission(user, submission) -> bool:
    return _concerns(user, submission)


@rule("view_submission_queues")
def _view_submission_queues(user, obj=None) -> bool:
    """Whether "My submissions" points to a queue: commission members, regional staff, NPF representatives, staff."""
    return (
        is_staff(user)
        or is_commission_member(user)
        or bool(staffed_region_ids(user))
        or bool(represented_region_ids(user))
    )


@rule("forward_amendment")
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
