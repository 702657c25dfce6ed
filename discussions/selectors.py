"""Reads for the discussion pages, each in a fixed number of queries.

The thread page costs the same whether the thread has 10 posts or 2,000: one
slice of the posts in reading order and one COUNT make the page's plan, kept
for everyone under the thread's version (`thread_page_plan`); the posts whose
rendering is not kept are read with their authors, the posts they answer and
their badges (`posts_to_render`). The thread list is one slice of an indexed
ordering plus one query each for tags and read marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from discussions import scopes
from discussions.models import (
    Flag,
    ModerationLogEntry,
    Post,
    TaggedThread,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from networks import caching
from networks.actions import member_label
from networks.models import CommissionMembership, NetworkMembership, NetworkPage
from networks.permissions import can, permitted, who_may

Role = NetworkMembership.Role

SORTS = {
    "activity": (gettext_lazy("Latest activity"), ["-is_pinned", "-last_activity_at", "-id"]),
    "newest": (gettext_lazy("Newest"), ["-is_pinned", "-created_at", "-id"]),
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


@dataclass(frozen=True)
class ThreadPagePlan:
    """Which posts a page of a thread shows, and the thread's tags: the same for every reader.

    Kept under the thread's version (any post or thread change bumps it), so a page of a
    2,000-post thread costs no COUNT and no slice once someone has read it.
    """

    number: int
    num_pages: int
    count: int
    per_page: int
    posts: tuple[Post, ...]
    """The page's posts without their text, each with `show_in_reply_to`: enough to ask the rules about."""
    tags: tuple[tuple[str, str], ...]

    @property
    def shown(self) -> tuple[str, str] | None:
        """(first, last) path of the page, for the read mark."""
        return (self.posts[0].path, self.posts[-1].path) if self.posts else None

    def page(self) -> Page:
        """A paginator page for the pagination partial (no query: the count is known)."""
        return Paginator(range(self.count), self.per_page).page(self.number)


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


def _page_number(number) -> int | str:
    """The page asked for, as the paginator takes it: "last", a positive number, or 1 for anything else.

    ASCII digits only: "²" is a digit to `str.isdigit` but not a number to `int`.
    """
    text = str(number or "1")
    if text == "last":
        return text
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 7 else 1


def thread_page_plan(thread: Thread, number, *, per_page: int | None = None) -> ThreadPagePlan:
    """The plan of one page of a thread, kept for everyone until the thread changes."""
    per_page = per_page or posts_per_page()
    asked = _page_number(number)
    return caching.remember(
        caching.key("thread-page", thread.pk, per_page, asked),
        lambda: _plan(thread, asked, per_page),
        scopes=[scopes.thread(thread.pk)],
    )


def _plan(thread: Thread, number, per_page: int) -> ThreadPagePlan:
    paginator = Paginator(
        Post.objects.filter(thread=thread).select_related("parent").defer("body", "parent__body").order_by("path"),
        per_page,
    )
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    posts = list(page.object_list)
    on_page = {post.pk for post in posts}
    for post in posts:
        # A reply to the opening post answers the thread; say whom a reply answers when its parent
        # is not just above it (off this page, or deeper than the page indents).
        post.show_in_reply_to = (
            post.parent_id is not None
            and post.parent.parent_id is not None
            and (post.depth > DISPLAY_DEPTH or post.parent_id not in on_page)
        )
        post._state.fields_cache.pop("parent", None)  # the plan keeps the posts, not their parents
    tags = tuple(thread.tags.order_by("name").values_list("name", "slug"))
    return ThreadPagePlan(
        number=page.number, num_pages=paginator.num_pages, count=paginator.count, per_page=per_page,
        posts=tuple(posts), tags=tags,
    )


def posts_to_render(thread: Thread, pks: list[int]) -> dict[int, Post]:
    """The posts of a page whose rendering is not kept, with authors, the posts they answer and badges (three queries)."""
    posts = {post.pk: post for post in thread_posts(thread).filter(pk__in=pks)}
    badges = badges_for({post.author_id for post in posts.values() if post.author_id}, thread.network)
    for post in posts.values():
        post.author_badges = badges.get(post.author_id, [])
        post.display_depth = min(post.depth, DISPLAY_DEPTH)
    return posts


def official_responses(thread: Thread) -> list[Post]:
    """Up to ten official responses shown, oldest first, with their authors' badges."""
    official = list(
        Post.objects.filter(thread=thread, is_official=True, is_deleted=False, is_hidden=False)
        .select_related("author__profile")
        .order_by("created_at")[:10]
    )
    badges = badges_for({post.author_id for post in official if post.author_id}, thread.network)
    for post in official:
        post.author_badges = badges.get(post.author_id, [])
    return official


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
