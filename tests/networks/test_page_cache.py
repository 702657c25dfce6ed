"""Whole pages kept for visitors are never older than a change, however the change is made.

A page a visitor reads is kept with the version of every table it read (networks.caching,
`guard_writes`): any write to one of them, through a model, an action, the admin or a bare
`QuerySet.update()`, retires it. Each test reads the page as a visitor (kept), proves the next read
comes from the cache without a query, changes something, and reads again as everyone concerned.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from discussions import actions
from discussions.models import Thread
from networks.actions import set_member_role
from networks.models import NetworkMembership, NetworkPage
from tests.discussions.factories import member_of

pytestmark = pytest.mark.django_db


def _read(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _kept(client, url) -> str:
    """Read the page twice as a visitor; the second read must come whole from the cache."""
    _read(client, url)
    with CaptureQueriesContext(connection) as captured:
        page = _read(client, url)
    assert len(captured) == 0, [query["sql"] for query in captured]
    return page


@pytest.fixture
def author(network):
    return member_of(network)


@pytest.fixture
def thread(network, author):
    return actions.start_thread(author, network, title="Waiting times at the walk-in centre", body="Opening words.")


def test_a_new_thread_reaches_visitors_of_the_network_page_and_the_thread_list(network, author, thread):
    visitor = Client()
    urls = [network.url, f"/networks/{network.slug}/threads/"]
    for url in urls:
        assert "Waiting times at the walk-in centre" in _kept(visitor, url)
    actions.start_thread(author, network, title="Dentists taking NHS patients", body="Where are they?")
    for url in urls:
        assert "Dentists taking NHS patients" in _read(visitor, url), url


def test_a_change_made_with_a_bare_update_still_retires_the_kept_pages(network, thread):
    """No code path can forget to invalidate: the write itself bumps its table."""
    visitor = Client()
    url = f"/networks/{network.slug}/threads/"
    _kept(visitor, url)
    with pytest.warns(RuntimeWarning, match="bypassed its model's save"):
        Thread.objects.filter(pk=thread.pk).update(title="Walk-in centre to close at weekends")
    page = _read(visitor, url)
    assert "Walk-in centre to close at weekends" in page and "Waiting times at the walk-in centre" not in page


def test_a_published_edit_of_the_network_page_reaches_visitors(network):
    visitor = Client()
    _kept(visitor, network.url)
    network.summary = "Members campaigning for shorter waits in A&E."
    network.save_revision().publish()
    assert "Members campaigning for shorter waits in A&amp;E." in _read(visitor, network.url)


def test_a_network_made_members_only_stops_serving_its_kept_pages_to_visitors(network, thread, author):
    visitor = Client()
    for url in (network.url, f"/networks/{network.slug}/threads/", "/"):
        _kept(visitor, url)
    network.visibility = NetworkPage.Visibility.MEMBERS_ONLY
    network.save_revision().publish()
    for url in (thread.get_absolute_url(), f"/networks/{network.slug}/threads/"):
        response = visitor.get(url)
        assert response.status_code in (302, 403) and b"Waiting times at the walk-in centre" not in response.content
    assert "Waiting times at the walk-in centre" not in _read(visitor, network.url)  # the members-only welcome
    member = Client()
    member.force_login(author)
    assert "Waiting times at the walk-in centre" in _read(member, f"/networks/{network.slug}/threads/")


def test_a_member_never_gets_the_page_kept_for_visitors(network, author):
    visitor = Client()
    kept = _kept(visitor, network.url)
    assert "Leave" not in kept
    member = Client()
    member.force_login(author)
    with CaptureQueriesContext(connection) as captured:
        page = _read(member, network.url)
    assert len(captured) > 0  # made for them, not served from the visitors' entry
    assert page != kept


def test_a_new_member_changes_the_count_visitors_see(network, author):
    visitor = Client()
    assert "1 member" in _kept(visitor, network.url)
    member_of(network)
    assert "2 members" in _read(visitor, network.url)


def test_a_role_change_reaches_the_visitors_thread_page(network, thread, author):
    staff = member_of(network, "editor")
    visitor = Client()
    url = thread.get_absolute_url()
    assert "badge-moderator" not in _kept(visitor, url)
    set_member_role(staff, NetworkMembership.objects.get(user=author, network=network), "moderator")
    assert "badge-moderator" in _read(visitor, url)


def test_search_results_follow_the_posts_they_show(network, author, thread):
    visitor = Client()
    url = "/discussions/search/?q=walk-in"
    assert "Waiting times at the walk-in centre" in _kept(visitor, url)
    actions.start_thread(author, network, title="A second walk-in centre for Leigh", body="Plans for a walk-in centre.")
    assert "A second walk-in centre for Leigh" in _read(visitor, url)


def test_a_member_signing_in_does_not_retire_the_pages_kept_for_visitors(network, author, thread):
    """A sign-in writes the member's `last_login`, which no page shows. When every write to the members'
    table retired what was kept, an announcement's thousands of sign-ins kept visitors' pages from being kept."""
    from tests.networks import factories

    visitor = Client()
    url = f"/networks/{network.slug}/threads/"
    _kept(visitor, url)
    member = Client()
    assert member.login(username=author.username, password=factories.PASSWORD)
    with CaptureQueriesContext(connection) as captured:
        _read(visitor, url)
    assert len(captured) == 0, [query["sql"] for query in captured]
    # A change the page does show still reaches visitors at once.
    author.username = "walk-in-centre-campaigner"
    author.save()
    with CaptureQueriesContext(connection) as captured:
        _read(visitor, url)
    assert len(captured) > 0
