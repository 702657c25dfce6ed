"""The ground floor's panels on the home page: requests to join the networks a member moderates
(to do), and the member's own requests still waiting for a moderator (their work)."""

from __future__ import annotations

from django.db.models import Count

from networks.home_panels import TO_DO, YOUR_WORK, register_home_panel
from networks.models import NetworkMembership
from networks.permissions import permitted


def requests_to_decide(user) -> dict | None:
    """Requests to join, per network whose requests the member approves (one query)."""
    rows = list(
        NetworkMembership.objects.pending()
        .filter(network__in=permitted(user, "approve_membership"))
        .values("network__slug", "network__title")
        .annotate(count=Count("pk"))
        .order_by("network__title")
    )
    return {"rows": rows} if rows else None


def my_requests(user) -> dict | None:
    """The member's own requests to join, waiting for a moderator (one query)."""
    pending = list(NetworkMembership.objects.pending().filter(user=user).select_related("network").order_by("joined_at"))
    return {"memberships": pending} if pending else None


def register() -> None:
    register_home_panel("requests_to_join", section=TO_DO, order=50, read=requests_to_decide,
                        template="networks/slots/home_requests_to_join.html")
    register_home_panel("my_requests", section=YOUR_WORK, order=40, read=my_requests,
                        template="networks/slots/home_my_requests.html")
