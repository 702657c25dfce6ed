from .amendments import Amendment
from .documents import ConsultationDocument, ConsultationParagraph, WorkProgrammeIssue
from .pages import RESERVED_COMMISSION_PATHS, CommissionIndexPage, CommissionPage
from .submissions import Submission, SubmissionEvent, acknowledge_days

__all__ = [
    "RESERVED_COMMISSION_PATHS",
    "Amendment",
    "CommissionIndexPage",
    "CommissionPage",
    "ConsultationDocument",
    "ConsultationParagraph",
    "Submission",
    "SubmissionEvent",
    "WorkProgrammeIssue",
    "acknowledge_days",
]
