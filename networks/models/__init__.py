from .commissions import CommissionMembership, PolicyCommission
from .members import NetworkMembership, Profile
from .pages import NetworkArticlePage, NetworkIndexPage, NetworkPage
from .regions import Region

__all__ = [
    "CommissionMembership",
    "NetworkArticlePage",
    "NetworkIndexPage",
    "NetworkMembership",
    "NetworkPage",
    "PolicyCommission",
    "Profile",
    "Region",
]
