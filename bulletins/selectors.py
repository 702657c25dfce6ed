"""Reads about bulletins, shaped for the pages and the sender that use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from bulletins.audiences import Audience, audience_of
from bulletins.models import (
    BulletinPage,
    BulletinSending,
    BulletinSettings,
    BulletinSubscription,
    CoordinatorBulletinsPage,
)
from commissions.models import CommissionPage
from networks.models import CommissionMembership, NetworkMembership, NetworkPage, UnitMembership
from networks.permissions import coordinator_region_ids, is_coordinator


def receives_by_default(network: NetworkPage) -> bool:
    """Whether a member who never chose receives this network's bulletins (on unless editors said otherwise)."""
    return Audience(network=network).receives_by_default()


def bulletin_recipients(audience: Audience | NetworkPage) -> QuerySet:
    """Users who will receive the bulletin: the audience's circle, less those who chose otherwise (two queries)."""
    return audience_of(audience).recipients()


def recipient_count(audience: Audience | NetworkPage) -> int:
    return bulletin_recipients(audience).count()


@dataclass(frozen=True)
class BulletinChoice:
    audience: Audience
    receives: bool

    @property
    def key(self) -> str:
        return self.audience.key

    @property
    def title(self) -> str:
        return self.audience.title


def bulletin_choices(user) -> list[BulletinChoice]:
    """Each network the member belongs to, each commission whose circle they are in, and (for a PiP coordinator)
    the coordinators' updates for their regions and nationally, with their choice.

    Five queries however many networks and commissions (two more for a PiP coordinator: their regions' lists).
    """
    from commissions.models import Submission

    networks = list(
        NetworkPage.objects.filter(
            memberships__user=user, memberships__status=NetworkMembership.Status.ACTIVE
        ).order_by("title")
    )
    my_units = UnitMembership.objects.filter(user=user).values("unit")
    commission_pages = list(
        CommissionPage.objects.select_related("commission")
        .filter(
            Q(commission__in=CommissionMembership.objects.filter(user=user).values("commission"))
            | Q(commission__in=Submission.objects.filter(unit__in=my_units).values("commission"))
        )
        .order_by("commission__name")
    )
    chosen = BulletinSubscription.objects.filter(user=user).values_list("network_id", "commission_id", "receive")
    by_network = {network_id: receive for network_id, _, receive in chosen if network_id}
    by_commission = {commission_id: receive for _, commission_id, receive in chosen if commission_id}
    defaults = dict(
        BulletinSettings.objects.filter(network__in=networks).values_list("network_id", "new_members_receive")
    )
    choices = [
        BulletinChoice(Audience(network=network), by_network.get(network.pk, defaults.get(network.pk, True)))
        for network in networks
    ]
    choices += [
        BulletinChoice(Audience(commission_page=page), by_commission.get(page.commission_id, True))
        for page in commission_pages
    ]
    if is_coordinator(user):
        by_list = dict(
            BulletinSubscription.objects.filter(user=user, coordinators__isnull=False).values_list("coordinators_id", "receive")
        )
        lists = CoordinatorBulletinsPage.objects.live().select_related("region").filter(
            Q(region__isnull=True) | Q(region__in=coordinator_region_ids(user))
        ).order_by("region__name")
        choices += [BulletinChoice(Audience(coordinators_page=page), by_list.get(page.pk, True)) for page in lists]
    return choices


def receives_bulletins(user, audience: Audience | NetworkPage) -> bool:
    audience = audience_of(audience)
    choice = (
        BulletinSubscription.objects.filter(user=user, **audience.sending_fields).values_list("receive", flat=True).first()
    )
    return audience.receives_by_default() if choice is None else choice


def archive(page: NetworkPage | CommissionPage, limit: int | None = None) -> list[BulletinPage]:
    """Sent, live bulletins under a network or commission page, newest first."""
    bulletins = BulletinPage.objects.archive_of(page)
    return list(bulletins[:limit] if limit else bulletins)



def sending_for(bulletin: BulletinPage) -> BulletinSending | None:
    return BulletinSending.objects.filter(bulletin=bulletin).select_related("requested_by").first()
