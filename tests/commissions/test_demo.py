"""The commissions demo: every commission has a page and figures, every status appears, and loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

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


def test_the_demo_has_some_300_submissions_with_themes_notes_backing_and_receipts(django_capture_on_commit_callbacks):
    from django.core import mail

    from commissions.models import Backing, SubmissionNote, Theme

    with django_capture_on_commit_callbacks(execute=True):
        _load()
    assert 270 <= Submission.objects.count() <= 330
    for code in ("BIW", "CSC", "CJC", "EDU", "HEA", "PAW"):
        assert Submission.objects.filter(commission__code=code).count() >= 40
        assert Theme.objects.filter(commission__code=code).count() >= 4
    assert Submission.objects.filter(themes__isnull=False).distinct().count() > 150
    assert SubmissionNote.objects.count() > 30
    assert Backing.objects.values("submission").distinct().count() > 20
    assert Backing.objects.values("submission").annotate(n=Count("pk")).filter(n__gte=12).exists()
    receipts = [m for m in mail.outbox if "Received:" in m.subject]
    assert len(receipts) >= 10


def test_the_demo_final_draft_has_40_amendments_across_12_paragraphs_some_composited(client):
    from commissions.models import ConsultationDocument

    _load()
    final = ConsultationDocument.objects.get(commission__code="HEA", stage=3)
    assert final.paragraphs.count() == 12
    assert final.amendments.count() == 40
    assert final.amendments.values("paragraph").distinct().count() == 12
    composites = final.amendments.filter(kind=Amendment.Kind.REWRITE)
    assert composites.count() == 3
    for composite in composites:
        assert composite.originals.count() >= 2 and composite.number is not None
    client.force_login(get_user_model().objects.get(email="staff@example.org"))
    paper = client.get(f"/commissions/health/documents/{final.pk}/paper/")
    assert paper.status_code == 200 and f"Health {final.year}, para 12, amendment 1" in paper.content.decode()
    final_page = client.get(f"/commissions/health/documents/{final.pk}/final/").content.decode()
    assert final_page.count("paper-flag\">Changed") >= 8


def test_references_follow_the_order_submissions_arrived(db):
    _load()
    for commission_id, year in Submission.objects.values_list("commission", "year").distinct():
        numbers = Submission.objects.filter(commission_id=commission_id, year=year).order_by("created_at")
        ordered = list(numbers.values_list("number", flat=True))
        assert ordered == sorted(ordered)


def test_every_demo_submission_is_found_by_the_reference_it_shows(db):
    """The references are renumbered after the forums' reports are written: the search index must
    hold the final ones (it held the first ones, so a search found a second submission as well)."""
    from commissions import queue

    _load()
    staff = get_user_model().objects.get(email="staff@example.org")
    everything = Submission.objects.all()
    for submission in Submission.objects.order_by("pk"):
        found = list(queue.search(staff, submission.reference, everything).values_list("reference", flat=True))
        assert found == [submission.reference]


def test_every_demo_assignment_is_on_the_timeline(db):
    _load()
    assigned = Submission.objects.filter(assigned_to__isnull=False)
    assert assigned.exists()
    for submission in assigned:
        assert submission.events.filter(kind="assigned", assignee=submission.assigned_to).exists(), submission.reference
        assert submission.followers.filter(pk=submission.assigned_to_id).exists()
