"""Bulletin fixtures: a network with an editor, members, and a bulletin ready to send."""

from __future__ import annotations

import pytest
from wagtail.rich_text import RichText

from networks.models import BulletinPage
from tests import factories


def make_bulletin(network, *, title="June update", subject="Health Network: June update", publish=True, body=None, user=None):
    """A bulletin under `network`, published (a live revision) unless publish=False."""
    bulletin = BulletinPage(
        title=title,
        subject=subject,
        summary="What the Health policy commission asked this month, and the next live chat.",
        body=body
        or [
            (
                "rich_text",
                RichText(
                    '<h2>Local policy forums</h2><p>Thank you to the <b>twelve CLPs</b> who ran a forum. '
                    '<a href="/networks/health/">Read the reports</a> or '
                    '<a href="https://example.org/pip">the guide</a>.</p><ul><li>Waiting times</li><li>Social care</li></ul>'
                ),
            ),
            (
                "call_to_action",
                {"heading": "Have your say", "text": "Tell the commission.", "button_label": "Join the discussion",
                 "page": None, "url": "https://example.org/have-your-say"},
            ),
        ],
        live=False,
    )
    network.add_child(instance=bulletin)
    revision = bulletin.save_revision(user=user)
    if publish:
        revision.publish()
    bulletin.refresh_from_db()
    return bulletin


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
