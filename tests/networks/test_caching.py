"""The rules that make shared entries never wrong (networks.caching), and the ground floor's uses of them."""

import sys
import threading
import types

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks import caching
from networks.actions import set_member_role
from networks.models import NetworkArticlePage
from networks.permissions import network_role
from tests.networks import factories


def _keep(key: str, value, *scopes: str) -> None:
    with caching.recording(*scopes) as made:
        pass
    caching.store(key, made, value)


def _kept(key: str):
    entry = caching.lookup(key)
    return None if entry is None else entry.value


@pytest.mark.django_db
def test_an_entry_is_used_until_one_of_its_scopes_is_bumped():
    _keep("figures", "42 submissions", "commission:1", "people")
    assert _kept("figures") == "42 submissions"
    caching.bump("commission:2")
    assert _kept("figures") == "42 submissions"
    caching.bump("people")
    assert _kept("figures") is None


@pytest.mark.django_db
def test_an_evicted_version_never_brings_an_old_entry_back():
    _keep("figures", "42 submissions", "commission:1")
    cache.delete("version:commission:1")  # Redis or local memory let it go
    assert _kept("figures") is None


@pytest.mark.django_db
def test_an_entry_stops_at_the_moment_the_clock_changes_it():
    with caching.recording("chat:1") as made:
        caching.fresh_until(timezone.now() + timezone.timedelta(seconds=-1))
    caching.store("chat-list", made, "Coming up: the Health Secretary")
    assert _kept("chat-list") is None


@pytest.mark.django_db
def test_nothing_is_kept_from_inside_a_transaction():
    with transaction.atomic():
        _keep("inside", "rows that may be rolled back", "thread:1")
    assert _kept("inside") is None
    _keep("outside", "committed rows", "thread:1")
    assert _kept("outside") == "committed rows"


@pytest.mark.django_db(transaction=True)
def test_what_another_reader_kept_before_a_commit_is_retired_by_it():
    """A reader between the change and its commit sees the old rows; the commit's bump retires what it kept."""

    def other_reader():
        _keep("thread-page", "the page without the new reply", "thread:7")
        connection.close()

    with transaction.atomic():
        caching.bump("thread:7")
        reader = threading.Thread(target=other_reader)
        reader.start()
        reader.join()
        assert _kept("thread-page") == "the page without the new reply"  # until the commit
    assert _kept("thread-page") is None


@pytest.mark.django_db
def test_an_entry_the_code_can_no_longer_read_counts_as_missing():
    module = types.ModuleType("gone_after_deploy")
    sys.modules["gone_after_deploy"] = module

    class Plan:
        pass

    Plan.__module__ = "gone_after_deploy"
    Plan.__qualname__ = "Plan"
    module.Plan = Plan
    with caching.recording("thread:1") as made:
        pass
    cache.set("plan", caching.Entry(made.tokens, None, Plan()))
    del sys.modules["gone_after_deploy"]  # the next release no longer has it
    assert caching.lookup("plan") is None


@pytest.mark.django_db
def test_remember_keeps_a_value_and_the_scopes_read_inside_it():
    calls = []

    def compute():
        calls.append(1)
        caching.depends_on("discussion:3")
        return "five threads"

    assert caching.remember("latest", compute, scopes=["site"]) == "five threads"
    assert caching.remember("latest", compute, scopes=["site"]) == "five threads"
    assert len(calls) == 1
    caching.bump("discussion:3")
    caching.remember("latest", compute, scopes=["site"])
    assert len(calls) == 2


# Roles, kept across requests ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_kept_across_requests_changes_the_moment_it_is_changed(network):
    member = factories.make_user()
    membership = factories.make_membership(member, network)
    editor = factories.make_user()
    factories.make_membership(editor, network, "editor")

    def role_in_a_new_request():
        with CaptureQueriesContext(connection) as captured:
            role = network_role(type(member).objects.get(pk=member.pk), network)
        return role, sum("networkmembership" in query["sql"] for query in captured.captured_queries)

    assert role_in_a_new_request() == ("member", 1)
    assert role_in_a_new_request() == ("member", 0)  # kept
    set_member_role(editor, membership, "moderator")
    assert role_in_a_new_request() == ("moderator", 1)
    membership.refresh_from_db()
    membership.delete()
    assert role_in_a_new_request() == (None, 1)


@pytest.mark.django_db
def test_a_members_kept_roles_come_back_in_one_cache_read_and_none_is_lost(network, monkeypatch):
    """Each kept lookup used to be its own entry: six reads of a file cache for every signed-in request."""
    from networks.permissions import is_commission_member

    member = factories.make_user()
    factories.make_membership(member, network)

    def fresh():
        return type(member).objects.get(pk=member.pk)

    first = fresh()
    network_role(first, network)
    is_commission_member(first)  # two lookups read in one request, both kept
    reads = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or get(key, *args, **kwargs))
    monkeypatch.setattr(cache, "get_many", lambda keys, *args, **kwargs: reads.extend(keys) or get_many(keys, *args, **kwargs))
    again = fresh()
    with CaptureQueriesContext(connection) as captured:
        assert network_role(again, network) == "member" and not is_commission_member(again)
    assert captured.captured_queries == []
    assert len([key for key in reads if key.startswith(f"roles:{member.pk}:")]) == 1, reads


# Wagtail's routes, kept ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kept_route_follows_the_page_when_it_is_renamed_or_unpublished(network):
    article = NetworkArticlePage(title="Running a local forum", slug="running-a-forum", summary="How to.")
    network.add_child(instance=article)
    article.save_revision().publish()
    member = Client()
    member.force_login(factories.make_user())
    assert member.get("/networks/health/running-a-forum/").status_code == 200
    assert member.get("/networks/health/running-a-forum/").status_code == 200
    article.slug = "running-a-local-forum"
    article.save_revision().publish()
    assert member.get("/networks/health/running-a-forum/").status_code == 404
    assert member.get("/networks/health/running-a-local-forum/").status_code == 200
    article.unpublish()
    assert member.get("/networks/health/running-a-local-forum/").status_code == 404
