"""Permissions: one registry of rules, the role lookups they are written with, and the ground floor's rules.

Ask with `can(user, action, obj)`; list with `permitted(user, action)` and `who_may(action, obj)`. Each app
registers its own rules from its `AppConfig.ready()` (see `registry.py`).
"""

from networks.permissions.registry import (
    NoListForAction,
    Rule,
    UnknownAction,
    can,
    listed_actions,
    permitted,
    registered_actions,
    rule,
    user_listed_actions,
    who_may,
)
from networks.permissions.roles import (
    MODERATING_ROLES,
    PENDING,
    Role,
    active_network_ids,
    commission_ids,
    coordinated_constituency_ids,
    coordinator_region_ids,
    forget_roles,
    has_role,
    is_active_member,
    is_commission_member,
    is_coordinator,
    is_regional_staff,
    is_staff,
    is_verified_member,
    membership_record,
    network_role,
    officer_unit_ids,
    represented_region_ids,
    sits_on,
    staffed_region_ids,
    unit_ids,
)

# The ground floor's rules register when the registry is first imported.
from networks.permissions import networks as _networks  # noqa: E402,F401  isort: skip
from networks.permissions import party as _party  # noqa: E402,F401  isort: skip
from networks.permissions import media as _media  # noqa: E402,F401  isort: skip
from networks.permissions.media import collection_network  # noqa: E402  isort: skip
from networks.permissions import verification as _verification  # noqa: E402,F401  isort: skip
from networks.permissions import suspensions as _suspensions  # noqa: E402,F401  isort: skip
from networks.permissions.networks import edits, moderated_networks, moderates  # noqa: E402  isort: skip
from networks.permissions.party import staffed_regions  # noqa: E402  isort: skip

__all__ = [
    "MODERATING_ROLES",
    "PENDING",
    "NoListForAction",
    "Role",
    "Rule",
    "UnknownAction",
    "active_network_ids",
    "can",
    "collection_network",
    "commission_ids",
    "coordinated_constituency_ids",
    "coordinator_region_ids",
    "edits",
    "forget_roles",
    "has_role",
    "is_active_member",
    "is_commission_member",
    "is_coordinator",
    "is_regional_staff",
    "is_staff",
    "is_verified_member",
    "membership_record",
    "listed_actions",
    "moderated_networks",
    "moderates",
    "network_role",
    "officer_unit_ids",
    "permitted",
    "registered_actions",
    "represented_region_ids",
    "rule",
    "sits_on",
    "staffed_region_ids",
    "staffed_regions",
    "unit_ids",
    "user_listed_actions",
    "who_may",
]
