"""Who may read, join and run a policy network."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from networks.models import CommissionMembership, NetworkMembership, NetworkPage
from networks.permissions.registry import can, rule
from networks.permissions.roles import (
    MODERATING_ROLES,
    Role,
    active_network_ids,
    has_role,
    is_active_member,
    is_commission_member,
    is_staff,
    network_role,
)


def _readable_networks(user) -> QuerySet[NetworkPage]:
    """Live networks the user may read: every public one, and the members-only ones they belong to."""
    networks = NetworkPage.objects.live()
    if is_staff(user) or is_commission_member(user):
        return networks
    return networks.filter(Q(visibility=NetworkPage.Visibility.PUBLIC) | Q(pk__in=active_network_ids(user)))


def _network_readers(network) -> QuerySet:
    """Active users who may read the network: everyone for a public one; else its members, commission members, staff."""
    users = get_user_model().objects.filter(is_active=True)
    if not network.is_members_only:
        return users
    return users.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(pk__in=CommissionMembership.objects.values("user"))
        | Q(pk__in=NetworkMembership.objects.active().filter(network=network).values("user"))
    )


@rule("view_network", objects=_readable_networks, users=_network_readers)
def _view_network(user, network) -> bool:
    """Public networks are open to all; members-only content to members, commission members and staff."""
    if not network.is_members_only:
        return True
    return is_staff(user) or is_active_member(user, network) or is_commission_member(user)


@rule("join_network")
def _join_network(user, network) -> bool:
    """Anyone signed in asks to join a public network; a members-only one needs a verified membership."""
    if not user.is_authenticated or network_role(user, network) is not None:
        return False
    return not network.is_members_only or can(user, "act_as_party_member")


@rule("leave_network")
def _leave_network(user, network) -> bool:
    return network_role(user, network) is not None


@rule("take_part")
def _take_part(user, network) -> bool:
    """Posting in a network's dialogue: its members, and every commission member.

    In a members-only network a member also needs a verified membership; the
    network's hosts are exempt (their role is to take part there).
    """
    if is_staff(user) or is_commission_member(user):
        return True
    if not is_active_member(user, network):
        return False
    return (
        not network.is_members_only
        or has_role(user, network, Role.HOST)
        or can(user, "act_as_party_member")
    )


def moderates(user, network) -> bool:
    """Moderators and editors run a network's discussions and its requests to join; staff run every network's."""
    return is_staff(user) or has_role(user, network, *MODERATING_ROLES)


def moderated_networks(user) -> QuerySet[NetworkPage]:
    networks = NetworkPage.objects.live()
    return networks if is_staff(user) else networks.filter(pk__in=active_network_ids(user, *MODERATING_ROLES))


@rule("approve_membership", objects=moderated_networks)
def _approve_membership(user, network) -> bool:
    return moderates(user, network)


def edits(user, network) -> bool:
    """A network's editors curate its pages, manage its members and send its bulletins; staff do so everywhere."""
    return is_staff(user) or has_role(user, network, Role.EDITOR)


def _edited_networks(user) -> QuerySet[NetworkPage]:
    networks = NetworkPage.objects.live()
    return networks if is_staff(user) else networks.filter(pk__in=active_network_ids(user, Role.EDITOR))


@rule("manage_members", objects=_edited_networks)
def _manage_members(user, network) -> bool:
    """See the members page, change roles below editor, and remove members."""
    return edits(user, network)


@rule("assign_editor")
def _assign_editor(user, network) -> bool:
    """Only staff make or unmake editors: it grants page permissions in the admin."""
    return is_staff(user)


@rule("edit_network_pages", objects=_edited_networks)
def _edit_network_pages(user, network) -> bool:
    return edits(user, network)


@rule("administer_memberships")
def _administer_memberships(user, obj=None) -> bool:
    """The Wagtail admin's "Network roles" section, across all networks."""
    return is_staff(user)
