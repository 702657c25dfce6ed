"""Shared fixtures: a network and one user per role, the rows of every permission table."""


from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories

pytest_plugins = ["tests.browser_fixtures"]

ROLES = ["anonymous", "non_member", "pending", "member", "moderator", "editor", "host", "commission", "staff"]


@pytest.fixture
def network(db):
    return factories.make_network("Health Network", slug="health")


@pytest.fixture
def private_network(db):
    return factories.make_network("School Governors Network", slug="school-governors", members_only=True)


def user_for_role(role: str, network):
    """A user who holds `role` in `network` (see ROLES)."""
    match role:
        case "anonymous":
            return AnonymousUser()
        case "non_member":
            return factories.make_user()
        case "pending":
            user = factories.make_user()
            factories.make_membership(user, network, pending=True)
            return user
        case "member" | "moderator" | "editor" | "host":
            user = factories.make_user()
            factories.make_membership(user, network, role)
            return user
        case "commission":
            return factories.make_commission_member()
        case "staff":
            return factories.make_user(staff=True)
    raise ValueError(role)


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
