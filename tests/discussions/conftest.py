"""Discussion fixtures: a thread in the Health network, started through the action as a member would."""

from __future__ import annotations

import pytest

from discussions import actions
from tests.discussions.factories import member_of


@pytest.fixture
def author(network):
    return member_of(network, name="Aisha Author")


@pytest.fixture
def other(network):
    return member_of(network, name="Omar Other")


@pytest.fixture
def moderator(network):
    return member_of(network, "moderator", name="Maya Moderator")


@pytest.fixture
def thread(author, network):
    return actions.start_thread(
        author,
        network,
        title="GP waiting times in rural areas",
        body="Our CLP found **three-week** waits for a GP appointment.",
        tags=["NHS", "primary care"],
    )


@pytest.fixture
def opening(thread):
    return thread.posts.get(parent__isnull=True)


