"""Following threads and networks, and what each member has read."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import (
    NetworkFollow,
    Post,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from networks.actions import ActionRefused
from networks.models import NetworkPage
from networks.permissions import can


def follow_thread(user, thread: Thread) -> None:
    if not can(user, "follow_thread", thread):
        raise ActionRefused(_("Sign in and open the thread to follow it."))
    ThreadFollow.objects.get_or_create(user=user, thread=thread)

def unfollow_thread(user, thread: Thread) -> None:
    ThreadFollow.objects.filter(user=user, thread=thread).delete()

def follow_network(user, network: NetworkPage) -> None:
    if not can(user, "follow_network", network):
        raise ActionRefused(_("You need to be able to read %(title)s to follow it.") % {"title": network.title})
    NetworkFollow.objects.update_or_create(user=user, network=network, defaults={"level": NetworkFollow.Level.THREADS})

def unfollow_network(user, network: NetworkPage) -> None:
    NetworkFollow.objects.filter(user=user, network=network).delete()

def mark_thread_seen(user, thread: Thread, shown: tuple[str, str] | None = None) -> int:
    """Record what the member has now seen of the thread; returns what they had seen before.

    Read state is a watermark: the post id up to which the member has seen
    everything. `shown` is the (first, last) path of the page shown. The
    watermark moves up to just below the oldest unread post that is not on
    that page, whether on a later page or an earlier one: a member arriving by
    permalink on page 3 has not read the new replies on page 1, and "jump to
    first unread" must still take them there. Posts of the page shown that are
    newer than such a post stay marked new until it is read; that errs on the
    side of showing a post twice rather than never. Without `shown` the whole thread counts as seen.
    """
    if not user.is_authenticated:
        return thread.last_post_id
    seen = ThreadVisit.objects.filter(user=user, thread=thread).values_list("last_seen_post_id", flat=True).first()
    visited, before = seen is not None, seen or 0
    if before >= thread.last_post_id:
        return before
    upto = thread.last_post_id
    if shown is not None:
        first_path, last_path = shown
        unread_elsewhere = (
            thread.posts.filter(Q(path__lt=first_path) | Q(path__gt=last_path), pk__gt=before)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if unread_elsewhere is not None:
            upto = unread_elsewhere - 1
    if visited and before >= upto:
        # Held below an unread post on another page, the mark cannot move: no write (each write
        # also retires what the cache kept from the visits table).
        return before
    # One statement either way (no get-then-save race, no savepoint), so a page costs the same
    # number of queries whatever the thread's size.
    now = timezone.now()
    if visited:
        ThreadVisit.objects.filter(user=user, thread=thread, last_seen_post_id__lt=upto).update(
            last_seen_post_id=upto, visited_at=now
        )
    else:
        ThreadVisit.objects.bulk_create(
            [ThreadVisit(user=user, thread=thread, last_seen_post_id=upto, visited_at=now)], ignore_conflicts=True
        )
    return before

def first_unread_post(user, thread: Thread, visible: Q | None = None) -> Post | None:
    """The first post in reading order the member has not seen, among those they may see."""
    seen = ThreadVisit.objects.filter(user=user, thread=thread).values_list("last_seen_post_id", flat=True).first() or 0
    posts = thread.posts.filter(pk__gt=seen)
    if visible is not None:
        posts = posts.filter(visible)
    return posts.order_by("path").first()
