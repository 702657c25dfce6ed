"""Bulletin fixtures: a network with an editor, members, and a bulletin ready to send."""

from __future__ import annotations

import pytest

from tests.bulletins.factories import make_bulletin
from tests.networks import factories


@pytest.fixture
def editor(network):
    user = factories.make_user("eddie.editor@example.org", name="Eddie Editor")
    factories.make_membership(user, network, "editor")
    return user


@pytest.fixture
def members(network):
    """Three ordinary members of the network."""
    found = []
    for n in range(3):
        user = factories.make_user(f"health.member{n}@example.org", name=f"Health Member {n}")
        factories.make_membership(user, network)
        found.append(user)
    return found


@pytest.fixture
def bulletin(network, editor):
    return make_bulletin(network, user=editor)


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Call an action and run what it queued after commit (the immediate task backend delivers at once)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
