"""Query budgets of the pages a bulletin's readers open (the pages bench/pages.py measures).

Each page is read twice by the same kind of reader: the first read starts from an empty cache
(`cold`), the second finds what the first kept (`warm`, as a running server serves it). A budget is
a ceiling: a change that makes a page ask more must say why here, and a change that makes it ask
less should lower the figure. Counts are asserted, never times (docs/performance.md has those).
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# page: (anonymous cold, anonymous warm, signed-in cold, signed-in warm); None where visitors are refused.
# Welsh added 1-3 to each first read and 1 to a member's every read: the header's switcher finds the page's
# address in the other language (the site and the page's translation), and the member's saved language is
# read from their profile (networks.languages). Kept pages for visitors still cost nothing.
BUDGETS = {
    "home": (11, 0, 36, 25),
    "network": (20, 0, 29, 14),
    # The article's first read makes its pictures' renditions (a write), so its second is made again.
    "article": (25, 7, 24, 7),
    "thread_list": (6, 0, 16, 9),
    "thread_page": (12, 0, 24, 10),
    "thread_last_page": (12, 0, 24, 7),
    "commission": (24, 0, 31, 9),
    # A chat's page is kept for visitors until it changes or its clock turns (chat.selectors). Signed in,
    # its polls and questions in advance cost 4 more than before them; the member's mute is asked once
    # per chat object (chat.models), not once per rule that needs it.
    "chat": (19, 0, 33, 18),
    "submission": (None, None, 17, 11),
    # PostgreSQL's full-text search takes one query more than SQLite's (the CI runs both).
    "search": (5, 0, 13, 8),
}


def _pages():
    from chat.models import LiveChatPage
    from commissions.models import CommissionPage, Submission
    from networks.models import NetworkArticlePage, NetworkPage
    from tests.discussions.factories import build_thread

    health = NetworkPage.objects.live().get(slug="health")  # the English network, not its Welsh version
    thread = build_thread(health, posts=120, authors=30)
    member = _member()
    return {
        "home": "/",
        "network": health.url,
        "article": NetworkArticlePage.objects.live().descendant_of(health).order_by("path").first().url,
        "thread_list": f"/networks/{health.slug}/threads/",
        "thread_page": thread.get_absolute_url(),
        "thread_last_page": thread.get_absolute_url() + "?page=last",
        "commission": CommissionPage.objects.live().order_by("path").first().url,
        "chat": LiveChatPage.objects.live().descendant_of(health).order_by("path").first().url,
        "submission": Submission.objects.filter(submitter=member).order_by("pk").first().get_absolute_url(),
        "search": "/discussions/search/?q=surgery+waiting",
    }


def _member():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="member@example.org")


def _counts(client, url: str) -> tuple[int, int]:
    """(cold, warm): queries of a first read from an empty cache, then of a second read."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(captured))
    return counts[0], counts[1]


def test_every_page_a_bulletin_sends_readers_to_keeps_its_query_budget(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    pages = _pages()
    assert set(pages) == set(BUDGETS)
    client.get("/")  # Wagtail's site root paths, kept per process
    found, over = {}, {}
    for name, url in pages.items():
        client.logout()
        anonymous = _counts(client, url) if BUDGETS[name][0] is not None else (None, None)
        client.force_login(_member())
        signed_in = _counts(client, url)
        found[name] = (*anonymous, *signed_in)
        if any(count is not None and count > budget for count, budget in zip(found[name], BUDGETS[name], strict=True)):
            over[name] = found[name]
    assert not over, f"over budget (anonymous cold, warm, signed-in cold, warm): {over}; budgets {BUDGETS}"
