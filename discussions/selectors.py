"""Reads for the discussion pages, each in a fixed number of queries.

The thread page costs the same whether the thread has 10 posts or 2,000: one
slice of the posts in reading order (with authors, profiles and the post each
answers), one query for the badges of the authors on the page, one for the
official responses. The thread list is one slice of an indexed ordering plus
one query each for tags and read marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from discussions.models import (
    Flag,
    ModerationLogEntry,
    Post,
    TaggedThread,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from networks.actions import member_label
from networks.models import CommissionMembership, NetworkMembership, NetworkPage
from networks.permissions import can, permitted, who_may

Role = NetworkMembership.Role

SORTS = {
    "activity": (gettext_lazy("Latest activity"), ["-is_pinned", "-last_activity_at", "-id"]),
    "newest": ("Newest", ["-is_pinned", "-created_at", "-id"]),
    "replies": (gettext_lazy("Most replies"), ["-is_pinned", "-reply_count", "-id"]),
}
DEFAULT_SORT = "activity"

DISPLAY_DEPTH = 4
"""Replies nested deeper than this are drawn at this depth, with an "in reply to" link."""


def posts_per_page() -> int:
    return settings.DISCUSSIONS_POSTS_PER_PAGE


def threads_per_page() -> int:
    return settings.DISCUSSIONS_THREADS_PER_PAGE


# Thread list ---------------------------------------------------------------


def network_threads(network: NetworkPage, *, sort: str = DEFAULT_SORT, tag: str | None = None) -> QuerySet[Thread]:
    ordering = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    threads = Thread.objects.filter(network=network)
    if tag:
        threads = threads.filter(tags__slug=tag)
    return threads.select_related("author__profile").order_by(*ordering)


def tag_threads(tag_slug: str, user) -> QuerySet[Thread]:
    """Threads with a tag across the networks the user may read."""
    return (
        Thread.objects.filter(tags__slug=tag_slug, network__in=permitted(user, "view_network"))
        .select_related("author__profile", "network")
        .order_by("-last_activity_at", "-id")
    )


def decorate_threads(threads: list[Thread], user) -> list[Thread]:
    """Attach tags and the member's unread marks to a page of threads (two queries)."""
    if not threads:
        return threads
    ids = [t.pk for t in threads]
    tags: dict[int, list] = {}
    for item in TaggedThread.objects.filter(content_object_id__in=ids).select_related("tag").order_by("tag__name"):
        tags.setdefault(item.content_object_id, []).append(item.tag)
    seen = {}
    if user.is_authenticated:
        seen = dict(ThreadVisit.objects.filter(user=user, thread_id__in=ids).values_list("thread_id", "last_seen_post_id"))
    for thread in threads:
        thread.tag_list = tags.get(thread.pk, [])
        thread.visited = thread.pk in seen
        thread.is_unread = user.is_authenticated and thread.last_post_id > seen.get(thread.pk, 0)
        thread.has_new_posts = thread.visited and thread.is_unread
    return threads


def paginate(queryset, number, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(number)


# Thread page ----------------------------------------------------------------


@dataclass
class Badge:
    kind: str
    label: str


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    posts: list[Post]
    official: list[Post]
    badges: dict[int, list[Badge]] = field(default_factory=dict)


def post_position(post: Post) -> int:
    """How many posts come before this one in reading order (one COUNT query)."""
    return Post.objects.filter(thread_id=post.thread_id, path__lt=post.path).count()


def page_of(post: Post) -> int:
    return post_position(post) // posts_per_page() + 1


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        .select_related("author__profile", "parent__author__profile")
        .order_by("path")
    )


def badges_for(authors: set[int], network: NetworkPage | None) -> dict[int, list[Badge]]:
    """Each author's badges: host, editor, moderator in this network; every commission they sit on."""
    badges: dict[int, list[Badge]] = {user_id: [] for user_id in authors}
    if not authors:
        return badges
    if network is not None:
        roles = NetworkMembership.objects.filter(
            network=network,
            user_id__in=authors,
            status=NetworkMembership.Status.ACTIVE,
            role__in=[Role.HOST, Role.EDITOR, Role.MODERATOR],
        ).values_list("user_id", "role")
        for user_id, role in roles:
            badges[user_id].append(Badge(role, "Minister / host" if role == Role.HOST else Role(role).label))
    seats = CommissionMembership.objects.filter(user_id__in=authors).select_related("commission").order_by("commission__name")
    for seat in seats:
        badges[seat.user_id].append(Badge("commission", f"{seat.commission.name} policy commission"))
    return badges


def thread_page(thread: Thread, number, *, per_page: int | None = None) -> ThreadPage:
    per_page = per_page or posts_per_page()
    paginator = Paginator(thread_posts(thread), per_page)
    if number == "last":
        number = paginator.num_pages
    page = paginator.get_page(number)
    posts = list(page.object_list)
    official = list(
        Post.objects.filter(thread=thread, is_official=True, is_deleted=False, is_hidden=False)
        .select_related("author__profile")
        .order_by("created_at")[:10]
    )
    authors = {p.author_id for p in posts + official if p.author_id}
    on_page = {p.pk for p in posts}
    for post in posts:
        post.display_depth = min(post.depth, DISPLAY_DEPTH)
        post.show_in_reply_to = (
            post.parent_id is not None
            and post.parent.parent_id is not None  # a reply to the opening post answers the thread
            and (post.depth > DISPLAY_DEPTH or post.parent_id not in on_page)
        )
    badges = badges_for(authors, thread.network)
    for post in posts + official:
        post.author_badges = badges.get(post.author_id, [])
    return ThreadPage(thread=thread, page=page, posts=posts, official=official, badges=badges)


def opening_post(thread: Thread) -> Post | None:
    return thread.posts.filter(parent__isnull=True).order_by("id").first()


def is_following(user, thread: Thread) -> bool:
    return user.is_authenticated and ThreadFollow.objects.filter(user=user, thread=thread).exists()


def visible_posts_q(user, thread: Thread) -> Q:
    """Posts the member may read the text of: everything for moderators, else not hidden."""
    if can(user, "moderate_thread", thread):
        return Q()
    return Q(is_hidden=False)


# Moderation -----------------------------------------------------------------


def open_flags(network: NetworkPage) -> list[Post]:
    """Posts with open flags in the network, oldest report first, each with its flags attached."""
    flags = list(
        Flag.objects.filter(post__thread__network=network, resolved_at__isnull=True)
        .select_related("reporter__profile", "post__author__profile", "post__thread")
        .order_by("created_at", "id")
    )
    posts: dict[int, Post] = {}
    for flag in flags:
        post = posts.setdefault(flag.post_id, flag.post)
        post.__dict__.setdefault("open_flags", []).append(flag)
    return list(posts.values())


def open_report_count(network: NetworkPage) -> int:
    """Posts waiting in the network's moderation queue."""
    return Flag.objects.filter(post__thread__network=network, resolved_at__isnull=True).values("post").distinct().count()


def moderation_log(network: NetworkPage) -> QuerySet[ModerationLogEntry]:
    return (
        ModerationLogEntry.objects.filter(network=network)
        .select_related("actor__profile", "thread__network", "post")
        .order_by("-created_at", "-id")
    )


# Moving a thread -------------------------------------------------------------


def participants_losing_access(thread: Thread, destination: NetworkPage) -> list:
    """Who took part in the thread (its author, everyone who posted in it or follows it) and could not read it there.

    Two queries whatever the number of participants: the participants, and which
    of them may read the destination. The thread's author comes first.
    """
    from django.contrib.auth import get_user_model

    if can(None, "view_network", destination):
        return []
    participants = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(posts__thread=thread, posts__is_deleted=False) | Q(thread_follows__thread=thread) | Q(pk=thread.author_id))
        .exclude(pk__in=who_may("view_network", destination).values("pk"))
        .select_related("profile")
        .distinct()
    )
    return sorted(participants, key=lambda user: (user.pk != thread.author_id, member_label(user).lower()))


def lockouts_by_destination(thread: Thread, destinations) -> list[tuple[NetworkPage, list]]:
    """For the move form: each members-only destination where people who took part would lose the thread, and who."""
    found = []
    for destination in destinations:
        if destination.is_members_only:
            members = participants_losing_access(thread, destination)
            if members:
                found.append((destination, members))
    return found
