"""Everything that happens to a submission or an amendment, one function per event (see each module)."""

from commissions.actions.amendments import (
    AMENDMENT_FROM,
    amendment_url,
    composite_amendments,
    decide_amendment,
    forward_amendment,
    propose_amendment,
    return_amendment,
)
from commissions.actions.backing import (
    back_amendment,
    back_submission,
    backing_summary,
    open_for_backing,
    withdraw_amendment_backing,
    withdraw_backing,
)
from commissions.actions.queue import (
    add_note,
    add_theme,
    delete_filter,
    delete_theme,
    rename_theme,
    save_filter,
    set_theme,
)
from commissions.actions.receipts import remind_unacknowledged, send_receipt
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
    "add_note",
    "add_theme",
    "amendment_url",
    "assign_submission",
    "back_amendment",
    "back_submission",
    "backing_summary",
    "composite_amendments",
    "decide_amendment",
    "delete_filter",
    "delete_theme",
    "forward_amendment",
    "open_for_backing",
    "propose_amendment",
    "remind_unacknowledged",
    "rename_theme",
    "reply_to_submission",
    "return_amendment",
    "save_filter",
    "send_receipt",
    "set_following",
    "set_submission_status",
    "set_theme",
    "submit",
    "withdraw_amendment_backing",
    "withdraw_backing",
]
