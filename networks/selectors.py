"""Reads about networks, shaped for the pages that show them."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import NetworkArticlePage, NetworkMembership, NetworkPage
from networks.permissions import PENDING, can, network_role
from networks.refusals import load, load_or_refuse

STANDING = {
    NetworkMembership.Role.MEMBER: _("You are a member"),
    NetworkMembership.Role.MODERATOR: _("You moderate this network"),
    NetworkMembership.Role.EDITOR: _("You are this network's editor"),
    NetworkMembership.Role.HOST: _("You host this network's live chats"),
}
"""What a network card and page tell a member about their own place in the network, in a sentence."""


def live_networks():
    return NetworkPage.objects.live().annotate(
        member_count=Count("memberships", filter=Q(memberships__status=NetworkMembership.Status.ACTIVE))
    ).order_by("title")


def network_cards(user) -> list[dict]:
    """Every live network with the visitor's standing in it (two queries however many networks)."""
    cards = []
    for network in live_networks():
        role = network_role(user, network)
        cards.append(
            {
                "network": network,
                "role": role,
                "standing": STANDING.get(role, ""),
                "is_member": role not in (None, PENDING),
                "is_pending": role == PENDING,
                "may_join": can(user, "join_network", network),
                "needs_verification": _needs_verification(user, network, role),
            }
        )
    return cards


def _needs_verification(user, network: NetworkPage, role) -> bool:
    """Signed in, not in the members-only network, and only a verified membership stands in the way of asking to join."""
    return (
        user.is_authenticated
        and role is None
        and network.is_members_only
        and not can(user, "act_as_party_member")
    )


def network_page_context(network: NetworkPage, user) -> dict:
    role = network_role(user, network)
    return {
        "network": network,
        "role": role,
        "standing": STANDING.get(role, ""),
        "is_member": role not in (None, PENDING),
        "is_pending": role == PENDING,
        "may_view": can(user, "view_network", network),
        "may_join": can(user, "join_network", network),
        "needs_verification": _needs_verification(user, network, role),
        "may_leave": can(user, "leave_network", network),
        "may_manage_members": can(user, "manage_members", network),
        "may_approve": can(user, "approve_membership", network),
        "member_count": network.memberships.active().count(),
        "child_pages": network.get_children().live().type(NetworkArticlePage).specific().order_by("-first_published_at")
        if can(user, "view_network", network)
        else [],
    }


def load_network(slug: str, user=None, action: str | None = None, refused: str | None = None) -> NetworkPage:
    """The live network with this slug (Http404 naming it otherwise), checked for `action` when one is given."""
    networks = NetworkPage.objects.live()
    missing = gettext("There is no network called “%(slug)s”.") % {"slug": slug}
    if action is None:
        return load(networks, missing=missing, slug=slug)
    return load_or_refuse(user, action, networks, missing=missing, slug=slug, **({"refused": refused} if refused else {}))
