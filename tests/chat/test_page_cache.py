"""A chat's page kept for visitors turns live, and closed, when the clock says so, not a minute later.

The page is kept for visitors (networks.middleware.VisitorPageCacheMiddleware) until anything it
read changes; nothing is written when a scheduled chat's start time passes, so its selector says
when the clock alone changes it (`caching.fresh_until`).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks import caching
from tests.chat.factories import make_chat

pytestmark = pytest.mark.django_db


def _status(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    return "live" if "Live now" in page else "closed" if ">Closed<" in page else "scheduled"


def _later(monkeypatch, delta: timedelta) -> None:
    moment = timezone.now() + delta
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(caching.time, "time", lambda: moment.timestamp())


@pytest.mark.parametrize(("status", "then"), [("scheduled", "live"), ("live", "closed")])
def test_a_visitors_kept_chat_page_changes_when_the_chat_opens_or_ends(network, monkeypatch, status, then):
    """The change comes 30 s after the page is kept: well inside the 60 s every kept page may last."""
    chat = make_chat(network, status=status)
    soon = timezone.now() + timedelta(seconds=30)
    if status == "scheduled":
        chat.starts_at, chat.ends_at = soon, soon + timedelta(hours=1)
    else:
        chat.ends_at = soon
    chat.save()
    visitor = Client()
    assert _status(visitor, chat.url) == status  # the first read may make the chat's state row, a write
    assert _status(visitor, chat.url) == status
    with CaptureQueriesContext(connection) as captured:
        assert _status(visitor, chat.url) == status
    assert len(captured) == 0  # kept
    _later(monkeypatch, timedelta(seconds=31))
    assert _status(visitor, chat.url) == then
