"""Pages cost a constant number of SQL queries, however many posts, authors, badges and threads."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from discussions.models import Thread, ThreadVisit
from tests.discussions.factories import build_thread, member_of

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    """Queries of one request from an empty cache (what a page costs before anything is kept)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@override_settings(DISCUSSIONS_POSTS_PER_PAGE=4)
def test_thread_page_is_constant_for_10_and_500_posts(client, network):
    viewer = member_of(network)
    client.force_login(viewer)
    small = build_thread(network, posts=10, authors=8)
    large = build_thread(network, posts=500, authors=60, seed=2)
    client.get("/networks/health/threads/")  # warm Wagtail's cached site root paths
    for url_suffix in ("", "?page=2", "?page=last"):
        small_count = _queries(client, small.get_absolute_url() + url_suffix)
        large_count = _queries(client, large.get_absolute_url() + url_suffix)
        assert small_count == large_count, (url_suffix, small_count, large_count)
    # A returning reader who has read everything costs the same too.
    for thread in (small, large):
        ThreadVisit.objects.filter(user=viewer, thread=thread).update(last_seen_post_id=thread.last_post_id)
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


def test_large_thread_page_shows_badges_and_official_responses(client, network):
    thread = build_thread(network, posts=120, authors=30)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Official response" in page and "policy commission</span>" in page and "badge-host" in page


def test_thread_list_is_constant_for_a_few_and_10000_threads(client, network):
    viewer = member_of(network)
    client.force_login(viewer)
    author = member_of(network)
    Thread.objects.bulk_create(Thread(network=network, title=f"Thread {n}", author=author) for n in range(3))
    client.get("/networks/health/threads/")  # warm Wagtail's cached site root paths
    few = _queries(client, "/networks/health/threads/")
    Thread.objects.bulk_create(Thread(network=network, title=f"Thread {n}", author=author) for n in range(10_000))
    many = _queries(client, "/networks/health/threads/")
    assert few == many
    assert _queries(client, "/networks/health/threads/?sort=replies&page=200") == many


def test_every_thread_list_order_is_read_from_an_index_that_ends_with_its_tie_break():
    """A network's thread list is its threads in one of three orders, each ending "-id"; an index
    without it made the database sort every thread of the network to show 25 (a network of
    10,000 threads: 13 ms a page, against 3)."""
    from discussions.selectors import SORTS

    indexed = {tuple(index.fields) for index in Thread._meta.indexes}
    for name, (_label, order) in SORTS.items():
        assert ("network", *order) in indexed, name
