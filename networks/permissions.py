"""The one place that answers "may this user do X here?".

Every concern registers its rules here under an action name: this module holds
the network rules, and `discussions.permissions`, `chat.permissions` and others
add theirs when their app loads. Views, templates (through the `can` template
tag), the Wagtail admin and WebSocket consumers all call `can()`; none of them
repeats a rule.

Roles are read once per user object and cached on it, so asking many questions
about many networks in one request costs two queries, not one per question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser

from networks.models import CommissionMembership, NetworkMembership

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}

Role = NetworkMembership.Role
PENDING = "pending"


class UnknownAction(KeyError):
    """Raised for an action no rule was registered for: a programming error, never a refusal."""


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered")
        _RULES[action] = fn
        return fn

    return register


def can(user, action: str, obj: Any = None) -> bool:
    try:
        check = _RULES[action]
    except KeyError:
        raise UnknownAction(action) from None
    if user is None:
        user = AnonymousUser()
    return bool(check(user, obj))


def registered_actions() -> list[str]:
    return sorted(_RULES)


# Role lookups ---------------------------------------------------------------


def _network_states(user) -> dict[int, tuple[str, str]]:
    """{network_id: (status, role)} for every network the user has asked to join."""
    if not user.is_authenticated:
        return {}
    cached = user.__dict__.get("_network_states")
    if cached is None:
        cached = {
            network_id: (status, role)
            for network_id, status, role in NetworkMembership.objects.filter(user=user).values_list(
                "network_id", "status", "role"
            )
        }
        user.__dict__["_network_states"] = cached
    return cached


def commission_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get("_commission_ids")
    if cached is None:
        cached = frozenset(
            CommissionMembership.objects.filter(user=user).values_list("commission_id", flat=True)
        )
        user.__dict__["_commission_ids"] = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after a membership changes within the same request."""
    user.__dict__.pop("_network_states", None)
    user.__dict__.pop("_commission_ids", None)


def network_role(user, network) -> str | None:
    """The user's active role in the network, "pending" while a request waits, or None."""
    state = _network_states(user).get(network.pk)
    if state is None:
        return None
    status, role = state
    return role if status == NetworkMembership.Status.ACTIVE else PENDING


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def is_commission_member(user) -> bool:
    return bool(commission_ids(user))


def has_role(user, network, *roles: str) -> bool:
    return network_role(user, network) in roles


def is_active_member(user, network) -> bool:
    role = network_role(user, network)
    return role is not None and role != PENDING


# Network rules --------------------------------------------------------------


@rule("view_network")
def _view_network(user, network) -> bool:
    """Public networks are open to all; members-only content to members, commission members and staff."""
    if not network.is_members_only:
        return True
    return is_staff(user) or is_active_member(user, network) or is_commission_member(user)


@rule("join_network")
def _join_network(user, network) -> bool:
    return user.is_authenticated and network_role(user, network) is None


@rule("leave_network")
def _leave_network(user, network) -> bool:
    return network_role(user, network) is not None


@rule("take_part")
def _take_part(user, network) -> bool:
    """Posting in a network's dialogue: its members, and every commission member."""
    return is_staff(user) or is_active_member(user, network) or is_commission_member(user)


@rule("approve_membership")
def _approve_membership(user, network) -> bool:
    return is_staff(user) or has_role(user, network, Role.MODERATOR, Role.EDITOR)


@rule("manage_members")
def _manage_members(user, network) -> bool:
    """See the members page, change roles below editor, and remove members."""
    return is_staff(user) or has_role(user, network, Role.EDITOR)


@rule("assign_editor")
def _assign_editor(user, network) -> bool:
    """Only staff make or unmake editors: it grants page permissions in the admin."""
    return is_staff(user)


@rule("edit_network_pages")
def _edit_network_pages(user, network) -> bool:
    return is_staff(user) or has_role(user, network, Role.EDITOR)


@rule("administer_memberships")
def _administer_memberships(user, obj=None) -> bool:
    """The Wagtail admin's "Network roles" section, across all networks."""
    return is_staff(user)
