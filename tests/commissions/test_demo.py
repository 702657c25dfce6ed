"""The commissions demo: every commission has a page and figures, every status appears, and loading twice changes nothing."""

from __future__ import annotations

import io

import pytest

from commissions import demo as commission_demo
from commissions.models import Amendment, CommissionPage, Submission
from home import demo as home_demo
from networks import demo
from networks.models import Coordinator, PartyUnit

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    home_demo.load(out)
    demo.load(out)
    commission_demo.load(out)
    return out.getvalue()


def test_the_demo_shows_six_commissions_with_submissions_in_every_status_and_is_idempotent(client):
    _load()
    counts = (Submission.objects.count(), Amendment.objects.count(), PartyUnit.objects.count(), Coordinator.objects.count())
    _load()
    assert (Submission.objects.count(), Amendment.objects.count(), PartyUnit.objects.count(), Coordinator.objects.count()) == counts
    assert CommissionPage.objects.live().count() == 6
    assert set(Submission.objects.values_list("status", flat=True)) == set(Submission.Status.values)
    assert Submission.objects.values("region").distinct().count() >= 8
    assert Submission.objects.overdue().exists()
    assert set(Amendment.objects.values_list("status", flat=True)) == set(Amendment.Status.values)
    page = client.get("/commissions/").content.decode()
    for commission_page in CommissionPage.objects.all():
        assert commission_page.title in page.replace("&amp;", "&")
    health = client.get("/commissions/health/").content.decode()
    assert "<svg" in health and "Median days to response" in health


def test_references_follow_the_order_submissions_arrived(db):
    _load()
    for commission_id, year in Submission.objects.values_list("commission", "year").distinct():
        numbers = Submission.objects.filter(commission_id=commission_id, year=year).order_by("created_at")
        ordered = list(numbers.values_list("number", flat=True))
        assert ordered == sorted(ordered)


def test_every_demo_assignment_is_on_the_timeline(db):
    _load()
    assigned = Submission.objects.filter(assigned_to__isnull=False)
    assert assigned.exists()
    for submission in assigned:
        assert submission.events.filter(kind="assigned", assignee=submission.assigned_to).exists(), submission.reference
        assert submission.followers.filter(pk=submission.assigned_to_id).exists()
