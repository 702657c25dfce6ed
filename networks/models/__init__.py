from .bulletins import (  # noqa: F401
    BulletinDelivery,
    BulletinPage,
    BulletinSending,
    BulletinSettings,
    BulletinSubscription,
)
from .commissions import (
    CommissionIndexPage,
    CommissionMembership,
    CommissionPage,
    ConsultationDocument,
    ConsultationParagraph,
    PolicyCommission,
    WorkProgrammeIssue,
)
from .coordinators import Constituency, Coordinator
from .members import NetworkMembership, Profile
from .pages import NetworkArticlePage, NetworkIndexPage, NetworkPage
from .regions import Region
from .units import PartyUnit, UnitMembership

__all__ = [
    "CommissionIndexPage",
    "CommissionMembership",
    "CommissionPage",
    "Constituency",
    "ConsultationDocument",
    "ConsultationParagraph",
    "Coordinator",
    "PartyUnit",
    "UnitMembership",
    "WorkProgrammeIssue",
    "NetworkArticlePage",
    "NetworkIndexPage",
    "NetworkMembership",
    "NetworkPage",
    "PolicyCommission",
    "Profile",
    "Region",
]
