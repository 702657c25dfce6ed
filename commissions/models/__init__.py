from .amendments import OUTCOMES, Amendment, AmendmentEvent, agreed_wording, word_diff
from .backing import AmendmentBacking, Backing
from .dialogue import DialogueInvitation, DialogueSession
from .documents import ConsultationDocument, ConsultationParagraph, WorkProgrammeIssue
from .exports import Export
from .forums import Forum, ForumRegistration
from .pages import RESERVED_COMMISSION_PATHS, CommissionIndexPage, CommissionPage
from .queue import SavedFilter, SubmissionNote, Theme
from .submissions import Submission, SubmissionEvent, acknowledge_days

__all__ = [
    "OUTCOMES",
    "RESERVED_COMMISSION_PATHS",
    "Amendment",
    "AmendmentBacking",
    "AmendmentEvent",
    "Backing",
    "CommissionIndexPage",
    "CommissionPage",
    "ConsultationDocument",
    "ConsultationParagraph",
    "DialogueInvitation",
    "DialogueSession",
    "Export",
    "Forum",
    "ForumRegistration",
    "SavedFilter",
    "Submission",
    "SubmissionEvent",
    "SubmissionNote",
    "Theme",
    "WorkProgrammeIssue",
    "acknowledge_days",
    "agreed_wording",
    "word_diff",
]
