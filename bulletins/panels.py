"""The bulletins' panel on the home page: an editor's bulletins not sent yet (to do).

Registered with `networks.home_panels` from `apps.ready()`. Two queries: the networks the member
edits (every network and commission page for staff), then their unsent bulletins.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from bulletins.models import BulletinPage
from networks.home_panels import TO_DO, register_home_panel
from networks.models import NetworkMembership, NetworkPage
from networks.permissions import active_network_ids, is_staff

SHOWN = 5


def bulletins_in_draft(user) -> dict | None:
    unsent = BulletinPage.objects.filter(sending__isnull=True).order_by("-latest_revision_created_at", "-pk")
    if is_staff(user):
        bulletins = list(unsent[:SHOWN])
    else:
        edited = list(NetworkPage.objects.filter(pk__in=active_network_ids(user, NetworkMembership.Role.EDITOR)).only("path"))
        if not edited:
            return None
        bulletins = list(unsent.filter(reduce(or_, (Q(path__startswith=network.path) for network in edited)))[:SHOWN])
    return {"bulletins": bulletins} if bulletins else None


def register() -> None:
    register_home_panel("bulletins_in_draft", section=TO_DO, order=60, read=bulletins_in_draft,
                        template="bulletins/slots/home_bulletins_in_draft.html")
