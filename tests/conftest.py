"""Shared fixtures: a network, a private network, one user per role (for the permission table), a member."""

from __future__ import annotations

import pytest

from tests.networks import factories
from tests.networks.factories import user_for_role

pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: ids are reused after a rollback, so a kept page or
    version from an earlier test could otherwise answer for different rows."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_sites_language():
    """A request the test client made in Welsh leaves Welsh active on the thread (LocaleMiddleware
    activates per request and nothing deactivates): the next test on that worker would read its
    refusals in Welsh."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_watched_words_left_in_the_cache():
    """A test's watched words go with its rolled-back database; the cached list must go too."""
    from django.core.cache import cache

    from discussions.screening import CACHE_KEY

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


@pytest.fixture
def network(db):
    return factories.make_network("Health Network", slug="health")


@pytest.fixture
def private_network(db):
    return factories.make_network("School Governors Network", slug="school-governors", members_only=True)


@pytest.fixture
def role_user():
    return user_for_role


@pytest.fixture
def member(network):
    user = factories.make_user(name="Aisha Member")
    factories.make_membership(user, network)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def pytest_collection_modifyitems(config, items):
    """Run browser tests last.

    Playwright's sync API keeps an event loop running in the main thread for
    the rest of the session, after which pytest-asyncio cannot start its own;
    so every async test must have run before the first browser test starts.
    (Under pytest-xdist, items are handed out in this order too.)
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
