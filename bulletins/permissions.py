"""Who may write, send and follow the delivery of email bulletins.

Each rule is asked about a network, a commission page, a coordinators' page,
or a bulletin (whose audience is the page above it). A network's editors act
for their own network; a commission's and the coordinators' bulletins are
written and sent by staff, who edit those pages; staff act for all.
"""

from __future__ import annotations

from networks.models import NetworkMembership
from networks.permissions import (
    coordinator_region_ids,
    has_role,
    is_coordinator,
    is_regional_staff,
    is_staff,
    rule,
    staffed_region_ids,
)


def _editor_or_staff(user, obj) -> bool:
    if is_staff(user):
        return True
    if not user.is_authenticated:
        return False
    from bulletins.audiences import audience_of

    audience = audience_of(obj)
    return audience is not None and audience.is_network and has_role(user, audience.network, NetworkMembership.Role.EDITOR)


@rule("write_bulletin")
def _write_bulletin(user, obj) -> bool:
    """Write, preview and publish bulletins, and send oneself a test copy."""
    return _editor_or_staff(user, obj)


@rule("send_bulletin")
def _send_bulletin(user, obj) -> bool:
    """Send a bulletin to every member who wants it, choose the network's default, retry failures."""
    return _editor_or_staff(user, obj)


@rule("see_delivery_report")
def _see_delivery_report(user, obj) -> bool:
    """How many were queued, sent and failed, and the addresses that failed."""
    return _editor_or_staff(user, obj)


@rule("read_coordinator_bulletins")
def _read_coordinator_bulletins(user, page) -> bool:
    """Updates to PiP coordinators: the coordinators they are for, regional offices (of the region) and staff."""
    if is_staff(user):
        return True
    if not user.is_authenticated:
        return False
    if page.region_id is None:
        return is_coordinator(user) or is_regional_staff(user)
    return page.region_id in coordinator_region_ids(user) or page.region_id in staffed_region_ids(user)
