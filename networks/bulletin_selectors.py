"""Reads about bulletins, shaped for the pages and the sender that use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from networks.models import (
    BulletinPage,
    BulletinSending,
    BulletinSettings,
    BulletinSubscription,
    NetworkMembership,
    NetworkPage,
)


def receives_by_default(network: NetworkPage) -> bool:
    """Whether a member who never chose receives this network's bulletins (on unless editors said otherwise)."""
    row = BulletinSettings.objects.filter(network=network).values_list("new_members_receive", flat=True).first()
    return True if row is None else row


def bulletin_recipients(network: NetworkPage) -> QuerySet[NetworkMembership]:
    """Active memberships of members who want this network's bulletins and have an email address.

    Two queries however many members: the default, then the list. A member's
    own choice wins; otherwise the network's default applies.
    """
    chose = BulletinSubscription.objects.filter(network=network, user=OuterRef("user"))
    memberships = NetworkMembership.objects.active().filter(network=network, user__is_active=True).exclude(user__email="")
    if receives_by_default(network):
        return memberships.exclude(Exists(chose.filter(receive=False)))
    return memberships.filter(Exists(chose.filter(receive=True)))


def recipient_count(network: NetworkPage) -> int:
    return bulletin_recipients(network).count()


@dataclass(frozen=True)
class BulletinChoice:
    network: NetworkPage
    receives: bool


def bulletin_choices(user) -> list[BulletinChoice]:
    """Each network the member is an active member of, with whether they receive its bulletins (3 queries)."""
    networks = list(
        NetworkPage.objects.filter(
            memberships__user=user, memberships__status=NetworkMembership.Status.ACTIVE
        ).order_by("title")
    )
    chosen = dict(
        BulletinSubscription.objects.filter(user=user, network__in=networks).values_list("network_id", "receive")
    )
    defaults = dict(
        BulletinSettings.objects.filter(network__in=networks).values_list("network_id", "new_members_receive")
    )
    return [
        BulletinChoice(network, chosen.get(network.pk, defaults.get(network.pk, True))) for network in networks
    ]


def receives_bulletins(user, network: NetworkPage) -> bool:
    choice = BulletinSubscription.objects.filter(user=user, network=network).values_list("receive", flat=True).first()
    return receives_by_default(network) if choice is None else choice


def network_archive(network: NetworkPage, limit: int | None = None) -> list[BulletinPage]:
    bulletins = BulletinPage.objects.archive_of(network)
    return list(bulletins[:limit] if limit else bulletins)


def sending_for(bulletin: BulletinPage) -> BulletinSending | None:
    return BulletinSending.objects.filter(bulletin=bulletin).select_related("requested_by").first()
