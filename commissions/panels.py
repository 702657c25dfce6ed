"""The commissions' panels on the home page (registered with `networks.home_panels` from `apps.ready()`).

To do: a commission member's submissions to acknowledge (and overdue) and amendments to decide;
a regional office's queue and the constituencies it has no coordinator in; an NPF
representative's amendments to forward. Your work: what the member and their party units sent,
with its latest status and reply, and their units' amendments. Each read is a fixed handful of
queries however many items it finds.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from commissions.models import Amendment, Submission, acknowledge_days
from discussions.models import Post
from networks.home_panels import TO_DO, YOUR_WORK, register_home_panel
from networks.models import Constituency, PolicyCommission, Region
from networks.permissions import (
    commission_ids,
    represented_region_ids,
    staffed_region_ids,
    unit_ids,
)

SHOWN = 5
"""How many items a panel lists before "and N more" links to the full list."""

Status = Submission.Status


def _overdue_before():
    return timezone.now() - timezone.timedelta(days=acknowledge_days())


def _waiting_counts(field: str, ids) -> dict[int, dict]:
    """{commission or region id: {"waiting": n, "overdue": n}} for unacknowledged submissions, in one query."""
    rows = (
        Submission.objects.filter(**{f"{field}__in": ids}, status=Status.RECEIVED)
        .values(field)
        .annotate(waiting=Count("pk"), overdue=Count("pk", filter=Q(created_at__lt=_overdue_before())))
    )
    return {row[field]: row for row in rows}


def commission_to_do(user) -> dict | None:
    """For the commissions the member sits on: submissions to acknowledge (oldest first) and amendments to decide."""
    seats = commission_ids(user)
    if not seats:
        return None
    commissions = list(PolicyCommission.objects.filter(pk__in=seats).order_by("name"))
    waiting = _waiting_counts("commission", seats)
    to_decide = list(
        Amendment.objects.filter(document__commission__in=seats, status=Amendment.Status.FORWARDED)
        .values("document", "document__title", "document__commission__slug")
        .annotate(count=Count("pk"))
        .order_by("document__title")
    )
    oldest = list(
        Submission.objects.with_listing().filter(commission__in=seats, status=Status.RECEIVED).order_by("created_at", "pk")[:SHOWN]
    )
    rows = [
        {
            "commission": commission,
            "waiting": waiting.get(commission.pk, {}).get("waiting", 0),
            "overdue": waiting.get(commission.pk, {}).get("overdue", 0),
        }
        for commission in commissions
    ]
    return {"rows": rows, "oldest": oldest, "to_decide": to_decide}


def region_to_do(user) -> dict | None:
    """For the regional offices the member works in: the queue and the constituencies without a coordinator."""
    staffed = staffed_region_ids(user)
    if not staffed:
        return None
    waiting = _waiting_counts("region", staffed)
    uncovered = dict(
        Constituency.objects.filter(region__in=staffed, coordinators__isnull=True).values_list("region").annotate(count=Count("pk"))
    )
    rows = [
        {
            "region": region,
            "waiting": waiting.get(region.pk, {}).get("waiting", 0),
            "overdue": waiting.get(region.pk, {}).get("overdue", 0),
            "uncovered": uncovered.get(region.pk, 0),
        }
        for region in Region.objects.filter(pk__in=staffed).order_by("name")
    ]
    return {"rows": rows}


def amendments_to_forward(user) -> dict | None:
    """For an NPF representative: amendments from their regions' units waiting to be forwarded or returned."""
    regions = represented_region_ids(user)
    if not regions:
        return None
    waiting = Amendment.objects.filter(region__in=regions, status=Amendment.Status.SUBMITTED)
    shown = list(waiting.select_related("document__commission", "paragraph", "unit").order_by("created_at", "pk")[:SHOWN])
    return {"amendments": shown, "count": waiting.count()}


def _mine(user):
    return Submission.objects.filter(Q(submitter=user) | Q(unit__in=unit_ids(user)))


def my_submissions(user) -> dict | None:
    """What the member and their units sent, latest change first, each with the latest reply in its dialogue."""
    submissions = list(
        _mine(user).with_listing().select_related("thread", "reflected_in").order_by("-status_changed_at", "-pk")[:SHOWN]
    )
    if not submissions:
        return None
    # A dialogue's newest post is its latest reply once anyone has replied (the thread keeps both figures).
    replied = [s.thread.last_post_id for s in submissions if s.thread.reply_count]
    replies = Post.objects.filter(is_deleted=False, is_hidden=False).select_related("author__profile").in_bulk(replied)
    for submission in submissions:
        submission.latest_reply = replies.get(submission.thread.last_post_id) if submission.thread.reply_count else None
    return {"submissions": submissions, "count": _mine(user).count()}


def my_amendments(user) -> dict | None:
    """Amendments the member proposed or their units proposed, latest decision first."""
    amendments = Amendment.objects.filter(Q(proposer=user) | Q(unit__in=unit_ids(user)))
    shown = list(
        amendments.select_related("document__commission", "paragraph", "unit")
        .order_by("-decided_at", "-created_at", "-pk")[:SHOWN]
    )
    if not shown:
        return None
    return {"amendments": shown, "count": amendments.count()}


def register() -> None:
    register_home_panel("commission_queue", section=TO_DO, order=10, read=commission_to_do,
                        template="commissions/slots/home_commission_to_do.html")
    register_home_panel("region_queue", section=TO_DO, order=20, read=region_to_do,
                        template="commissions/slots/home_region_to_do.html")
    register_home_panel("amendments_to_forward", section=TO_DO, order=30, read=amendments_to_forward,
                        template="commissions/slots/home_amendments_to_forward.html")
    register_home_panel("my_submissions", section=YOUR_WORK, order=10, read=my_submissions,
                        template="commissions/slots/home_my_submissions.html")
    register_home_panel("my_amendments", section=YOUR_WORK, order=20, read=my_amendments,
                        template="commissions/slots/home_my_amendments.html")

