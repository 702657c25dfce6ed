from .amendments import Amendment
from .dialogue import DialogueInvitation, DialogueSession
from .documents import ConsultationDocument, ConsultationParagraph, WorkProgrammeIssue
from .forums import Forum, ForumRegistration
from .pages import RESERVED_COMMISSION_PATHS, CommissionIndexPage, CommissionPage
from .submissions import Submission, SubmissionEvent, acknowledge_days

__all__ = [
    "RESERVED_COMMISSION_PATHS",
    "Amendment",
    "CommissionIndexPage",
    "CommissionPage",
    "ConsultationDocument",
    "ConsultationParagraph",
    "DialogueInvitation",
    "DialogueSession",
    "Forum",
    "ForumRegistration",
    "Submission",
    "SubmissionEvent",
    "WorkProgrammeIssue",
    "acknowledge_days",
]
