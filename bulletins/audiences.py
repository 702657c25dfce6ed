"""Who a bulletin is for: a network's members, or the circle of a policy commission.

A bulletin sits under a network page or under a commission page. Everything
that depends on which (the recipients, the sender's name, the archive, the
unsubscribe scope, who may read it) is answered here, so the sender, the
views and the admin never branch on the kind of page themselves.

A commission's circle follows the briefing's promise of "regular email
updates" to "members of the policy commissions and those party units making
policy submissions": the commission's members, and every member of a party
unit that has sent the commission a submission.

The PiP Coordinators Network is a third kind of audience, per region and
national (a `CoordinatorBulletinsPage`): its circle is every coordinator of
the region (or of every region) who has an account.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from bulletins.models import BulletinSettings, BulletinSubscription, CoordinatorBulletinsPage
from commissions.models import CommissionPage
from networks.ids import parse_id
from networks.models import (
    CommissionMembership,
    Coordinator,
    NetworkMembership,
    NetworkPage,
    UnitMembership,
)

COMMISSION_SCOPE_PREFIX = "commission-"
COORDINATORS_SCOPE_PREFIX = "coordinators-"


@dataclass(frozen=True)
class Audience:
    network: NetworkPage | None = None
    commission_page: CommissionPage | None = None
    coordinators_page: CoordinatorBulletinsPage | None = None

    @property
    def page(self) -> NetworkPage | CommissionPage | CoordinatorBulletinsPage:
        if self.network is not None:
            return self.network
        return self.coordinators_page if self.coordinators_page is not None else self.commission_page

    @property
    def is_coordinators(self) -> bool:
        return self.coordinators_page is not None

    @property
    def commission(self):
        return self.commission_page.commission if self.commission_page is not None else None

    @property
    def is_network(self) -> bool:
        return self.network is not None

    @property
    def title(self) -> str:
        if self.is_coordinators:
            return self.coordinators_page.title
        return self.network.title if self.is_network else f"{self.commission.name} policy commission"

    @property
    def key(self) -> str:
        """Unique among audiences: the preferences form's value and the unsubscribe scope's suffix."""
        if self.is_coordinators:
            return f"{COORDINATORS_SCOPE_PREFIX}{self.coordinators_page.pk}"
        return str(self.network.pk) if self.is_network else f"{COMMISSION_SCOPE_PREFIX}{self.commission.pk}"

    @property
    def scope(self) -> str:
        return f"bulletins:{self.key}"

    @property
    def list_slug(self) -> str:
        if self.is_coordinators:
            return f"coordinators-{self.coordinators_page.region.slug if self.coordinators_page.region_id else 'national'}"
        return self.network.slug if self.is_network else f"{self.commission_page.slug}-commission"

    @property
    def url(self) -> str:
        return self.page.url or ""

    @property
    def archive_url(self) -> str:
        if self.is_coordinators:
            return self.url  # the coordinators' page is their archive
        name = "bulletins:archive" if self.is_network else "bulletins:commission_archive"
        return reverse(name, kwargs={"slug": self.page.slug})

    @property
    def feed_url(self) -> str:
        if self.is_coordinators:
            return ""  # updates to coordinators are not public, so they have no feed
        name = "bulletins:feed" if self.is_network else "bulletins:commission_feed"
        return reverse(name, kwargs={"slug": self.page.slug})

    @property
    def is_members_only(self) -> bool:
        return self.is_coordinators or (self.is_network and self.network.is_members_only)

    @property
    def why_you_receive(self) -> str:
        if self.is_coordinators:
            where = self.coordinators_page.region.name if self.coordinators_page.region_id else gettext("any region")
            return gettext("you are a PiP coordinator in %(where)s and chose to receive these updates") % {"where": where}
        if self.is_network:
            return f"you are a member of {self.network.title} and chose to receive its bulletins"
        return (
            f"you sit on the {self.title} or belong to a party unit that has made a submission to it, "
            "and chose to receive its bulletins"
        )

    @property
    def sending_fields(self) -> dict:
        if self.is_coordinators:
            return {"coordinators": self.coordinators_page}
        return {"network": self.network} if self.is_network else {"commission": self.commission}

    def may_read(self, user) -> bool:
        """Bulletins are as open as their network; a commission's are public, like its page; coordinators' are theirs."""
        from networks.permissions import can

        if self.is_coordinators:
            return can(user, "read_coordinator_bulletins", self.coordinators_page)
        return can(user, "view_network", self.network) if self.is_network else True

    def receives_by_default(self) -> bool:
        if not self.is_network:
            return True
        row = BulletinSettings.objects.filter(network=self.network).values_list("new_members_receive", flat=True).first()
        return True if row is None else row

    def circle(self) -> QuerySet:
        """Everyone the bulletin is for, before their own choices: active users with an email address."""
        users = get_user_model().objects.filter(is_active=True).exclude(email="")
        if self.is_coordinators:
            coordinators = Coordinator.objects.filter(user__isnull=False)
            if self.coordinators_page.region_id:
                coordinators = coordinators.filter(region_id=self.coordinators_page.region_id)
            return users.filter(pk__in=coordinators.values("user"))
        if self.is_network:
            return users.filter(
                pk__in=NetworkMembership.objects.active().filter(network=self.network).values("user")
            )
        from commissions.models import Submission

        submitting_units = Submission.objects.filter(commission=self.commission).values("unit")
        return users.filter(
            Q(pk__in=CommissionMembership.objects.filter(commission=self.commission).values("user"))
            | Q(pk__in=UnitMembership.objects.filter(unit__in=submitting_units).values("user"))
        )

    def recipients(self) -> QuerySet:
        """The circle less those who chose not to receive (or, when the default is off, who never chose to)."""
        chose = BulletinSubscription.objects.filter(user=OuterRef("pk"), **self.sending_fields)
        if self.receives_by_default():
            return self.circle().exclude(Exists(chose.filter(receive=False)))
        return self.circle().filter(Exists(chose.filter(receive=True)))


def audience_under(page) -> Audience | None:
    """The audience of a bulletin under `page`: its network, or its commission; None for any other page."""
    if page is None:
        return None
    network = NetworkPage.objects.filter(pk=page.pk).first()
    if network is not None:
        return Audience(network=network)
    commission_page = CommissionPage.objects.select_related("commission").filter(pk=page.pk).first()
    if commission_page is not None:
        return Audience(commission_page=commission_page)
    coordinators_page = CoordinatorBulletinsPage.objects.select_related("region").filter(pk=page.pk).first()
    if coordinators_page is not None:
        return Audience(coordinators_page=coordinators_page)
    return None


def audience_for_key(key: str) -> Audience | None:
    """The audience a preferences value or unsubscribe scope suffix names, if it still exists."""
    if key.startswith(COORDINATORS_SCOPE_PREFIX):
        number = parse_id(key.removeprefix(COORDINATORS_SCOPE_PREFIX))
        page = CoordinatorBulletinsPage.objects.select_related("region").filter(pk=number).first() if number is not None else None
        return Audience(coordinators_page=page) if page is not None else None
    if key.startswith(COMMISSION_SCOPE_PREFIX):
        number = parse_id(key.removeprefix(COMMISSION_SCOPE_PREFIX))
        page = (
            CommissionPage.objects.select_related("commission").filter(commission_id=number).first()
            if number is not None
            else None
        )
        return Audience(commission_page=page) if page is not None else None
    network_id = parse_id(key)
    network = NetworkPage.objects.filter(pk=network_id).first() if network_id is not None else None
    return Audience(network=network) if network is not None else None


def audience_of(obj) -> Audience | None:
    """The audience a permission question is about: a network, a commission page, a bulletin or an audience."""
    if isinstance(obj, Audience):
        return obj
    if isinstance(obj, NetworkPage):
        return Audience(network=obj)
    if isinstance(obj, CommissionPage):
        return Audience(commission_page=obj)
    if isinstance(obj, CoordinatorBulletinsPage):
        return Audience(coordinators_page=obj)
    audience = getattr(obj, "audience", None)
    return audience if isinstance(audience, Audience) else None
