"""The forums demo: forums in every region across the six commissions, the loop closed, sessions and a briefing."""

from __future__ import annotations

import pytest

from commissions.models import DialogueSession, Forum, ForumRegistration, Submission
from networks.models import PolicyCommission, Region
from tests.commissions.test_demo import _load

pytestmark = pytest.mark.django_db


def test_the_demo_has_forums_everywhere_the_loop_closed_and_is_idempotent(client):
    _load()
    counts = (Forum.objects.count(), ForumRegistration.objects.count(), DialogueSession.objects.count(), Submission.objects.count())
    references = set(Submission.objects.values_list("reference", flat=True))
    _load()
    assert (Forum.objects.count(), ForumRegistration.objects.count(), DialogueSession.objects.count(), Submission.objects.count()) == counts
    assert set(Submission.objects.values_list("reference", flat=True)) == references

    forums = Forum.objects.local_forums()
    assert set(forums.values_list("region", flat=True)) == set(Region.objects.values_list("pk", flat=True))
    assert set(forums.values_list("commission", flat=True)) == set(PolicyCommission.objects.values_list("pk", flat=True))
    past = forums.held().filter(report__isnull=False)
    assert past.values("report__status").distinct().count() >= 5
    for forum in past:
        attended = forum.registrations.filter(attended=True, user__isnull=False).values_list("user", flat=True)
        assert set(attended) <= set(forum.report.followers.values_list("pk", flat=True)), forum
    assert forums.upcoming().filter(registrations__status=ForumRegistration.Status.REGISTERED).distinct().count() == 11
    assert forums.upcoming().filter(registrations__status=ForumRegistration.Status.WAITING).exists()
    assert ForumRegistration.objects.filter(user__isnull=True, follows_outcome=True, attended=True).exists()
    assert DialogueSession.objects.values("commission").distinct().count() == 6
    assert DialogueSession.objects.filter(note_published_at__isnull=False).exists()
    assert Forum.objects.coordinator_events().filter(registrations__isnull=False).exists()

    aisha_forum = past.get(unit__name="Warrington North CLP")
    assert aisha_forum.organiser.email == "member@example.org"
    assert aisha_forum.report.status == Submission.Status.RESPONDED
    page = client.get(aisha_forum.get_absolute_url()).content.decode()
    assert "What happened to what we said" in page and "status-responded" in page
