from .commissions import CommissionMembership, PolicyCommission
from .coordinators import Constituency, Coordinator
from .members import NetworkMembership, Profile
from .membership_list import MembershipImport, MembershipRecord
from .operations import IdempotencyKey, ScheduledJob
from .pages import RESERVED_NETWORK_PATHS, NetworkArticlePage, NetworkIndexPage, NetworkPage
from .postcodes import PostcodeDistrict
from .regions import Region
from .suspensions import Suspension, SuspensionRequest
from .units import PartyUnit, UnitMembership

__all__ = [
    "RESERVED_NETWORK_PATHS",
    "CommissionMembership",
    "Constituency",
    "Coordinator",
    "IdempotencyKey",
    "MembershipImport",
    "MembershipRecord",
    "NetworkArticlePage",
    "NetworkIndexPage",
    "NetworkMembership",
    "NetworkPage",
    "PartyUnit",
    "PolicyCommission",
    "PostcodeDistrict",
    "Profile",
    "Region",
    "ScheduledJob",
    "Suspension",
    "SuspensionRequest",
    "UnitMembership",
]
