"""Everything that happens to a submission or an amendment, one function per event (see each module)."""

from commissions.actions.amendments import (
    AMENDMENT_FROM,
    amendment_url,
    decide_amendment,
    forward_amendment,
    propose_amendment,
    return_amendment,
)
from commissions.actions.submissions import (
    NEXT_STATUSES,
    SubmissionDraft,
    acknowledge_many,
    assign_submission,
    reply_to_submission,
    set_following,
    set_submission_status,
    submit,
)

__all__ = [
    "AMENDMENT_FROM",
    "NEXT_STATUSES",
    "SubmissionDraft",
    "acknowledge_many",
    "amendment_url",
    "assign_submission",
    "decide_amendment",
    "forward_amendment",
    "propose_amendment",
    "reply_to_submission",
    "return_amendment",
    "set_following",
    "set_submission_status",
    "submit",
]
