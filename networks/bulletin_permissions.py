"""Who may write, send and follow the delivery of a network's email bulletins.

Each rule is asked about a network, or about a bulletin (whose network is its
parent page). A network's editors act for their own network; staff for all.
"""

from __future__ import annotations

from networks.models import NetworkMembership, NetworkPage
from networks.permissions import has_role, is_staff, rule


def _network_of(obj) -> NetworkPage | None:
    if isinstance(obj, NetworkPage):
        return obj
    network = getattr(obj, "network", None)
    return network if isinstance(network, NetworkPage) else None


def _editor_or_staff(user, obj) -> bool:
    if is_staff(user):
        return True
    network = _network_of(obj)
    return network is not None and has_role(user, network, NetworkMembership.Role.EDITOR)


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
