"""The Partnership in Power Coordinators Network: a member signs up to cover a constituency."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.emails import email_member
from networks.languages import lazy_percent
from networks.models import Coordinator
from networks.permissions import can
from networks.refusals import ActionRefused


def sign_up_coordinator(user, coordinator: Coordinator) -> Coordinator:
    """Save a validated sign-up, routed to its constituency's region, and tell that region's staff."""
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to join the Coordinators Network."))
    if not can(user, "sign_up_as_coordinator"):
        raise ActionRefused(_("The Coordinators Network is for verified party members: verify your membership first."))
    if Coordinator.objects.filter(email__iexact=coordinator.email, constituency=coordinator.constituency).exists():
        raise ActionRefused(
            f"{coordinator.email} is already signed up as a coordinator for {coordinator.constituency}."
        )
    coordinator.user = user
    try:
        with transaction.atomic():
            coordinator.save()
    except IntegrityError:
        raise ActionRefused(
            f"{coordinator.email} is already signed up as a coordinator for {coordinator.constituency}."
        ) from None
    region = coordinator.region
    for staff_member in region.staff.all():
        email_member(
            staff_member,
            lazy_percent(gettext_lazy("New PiP coordinator for %(constituency)s"), {"constituency": coordinator.constituency}),
            "networks/party/email/coordinator_signed_up",
            {"coordinator": coordinator, "region": region, "coverage_url": reverse("networks:coverage")},
        )
    return coordinator
