"""Search threads and posts with the Wagtail search backend, never beyond what the member may read.

The backend is Wagtail's (the database backend by default, PostgreSQL full
text in production). Visibility is a filter on the query itself, not a
post-filter on results: posts and threads only from networks the member may
read; hidden posts only in networks they moderate; deleted posts never.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from wagtail.search.backends import get_search_backend

from discussions.models import Post, TaggedThread, Thread
from networks.models import NetworkPage
from networks.permissions import can
from networks.search_backend import plain_words

MAX_RESULTS = 50


@dataclass
class SearchResults:
    threads: list[Thread]
    posts: list[Post]

    def __bool__(self) -> bool:
        return bool(self.threads or self.posts)


def search_discussions(user, query: str, *, network: NetworkPage | None = None, tag: str | None = None) -> SearchResults:
    query = plain_words(query)
    if not query:
        return SearchResults([], [])
    networks = list(NetworkPage.objects.live().only("id", "visibility", "title", "slug"))
    readable = [n.pk for n in networks if can(user, "view_network", n)]
    moderated = [n.pk for n in networks if n.pk in readable and can(user, "moderate_discussions", n)]
    if network is not None:
        readable = [pk for pk in readable if pk == network.pk]
        moderated = [pk for pk in moderated if pk == network.pk]
    if not readable:
        return SearchResults([], [])
    backend = get_search_backend()

    threads = Thread.objects.filter(network__in=readable)
    tag_thread_ids = None
    if tag:
        tag_thread_ids = list(
            TaggedThread.objects.filter(tag__slug=tag, content_object__network__in=readable).values_list(
                "content_object_id", flat=True
            )
        )
        threads = threads.filter(pk__in=tag_thread_ids)
    found_threads = list(backend.search(query, threads)[:MAX_RESULTS])

    shown = Q(network__in=readable, is_hidden=False, is_deleted=False)
    if moderated:
        shown |= Q(network__in=moderated, is_deleted=False)
    posts = Post.objects.filter(shown)
    if tag_thread_ids is not None:
        posts = posts.filter(thread__in=tag_thread_ids)
    found_posts = list(backend.search(query, posts)[:MAX_RESULTS])

    by_id = Thread.objects.in_bulk({p.thread_id for p in found_posts} | {t.pk for t in found_threads})
    network_ids = {t.network_id for t in by_id.values()}
    network_by_id = {n.pk: n for n in networks if n.pk in network_ids}
    for thread in found_threads:
        thread.network = network_by_id.get(thread.network_id)
    for post in found_posts:
        post.thread = by_id[post.thread_id]
        post.thread.network = network_by_id.get(post.thread.network_id)
    return SearchResults(found_threads, found_posts)
