"""Builders for local policy forums, coordinators' events and dialogue sessions (through the real actions)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from commissions.actions import dialogue as dialogue_actions
from commissions.actions import forums as forum_actions
from commissions.models import Forum

Openness = Forum.Openness


def forum_draft(**overrides) -> forum_actions.ForumDraft:
    """A realistic forum a week from now, 19:00 to 21:00, at a community centre in Warrington."""
    start = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=19, minute=0, second=0, microsecond=0)
    fields = {
        "title": "Care closer to home: what Warrington wants",
        "description": "An evening discussion of the Health commission's question on **care closer to home**.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "organiser_contact": "07700 900123",
        "venue": "Orford Community Centre\nOrford Lane, Warrington",
        "postcode": "WA2 7AA",
        "openness": Openness.MEMBERS,
    }
    fields.update(overrides)
    return forum_actions.ForumDraft(**fields)


def make_forum(organiser, unit, issue, **overrides) -> Forum:
    return forum_actions.organise_forum(organiser, forum_draft(unit=unit, issue=issue, **overrides))


def move_to_past(forum: Forum, days: int = 3) -> Forum:
    """The forum as if it had met `days` ago (organising one in the past is refused, so time moves instead)."""
    start = timezone.now() - timedelta(days=days)
    Forum.objects.filter(pk=forum.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    forum.refresh_from_db()
    return forum


def move_to_tomorrow(forum: Forum, hour: int = 19) -> Forum:
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    Forum.objects.filter(pk=forum.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    forum.refresh_from_db()
    return forum


def dialogue_draft(**overrides) -> dialogue_actions.DialogueDraft:
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=18, minute=30, second=0, microsecond=0)
    fields = {
        "title": "Dialogue on care closer to home",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "joining_details": "Dial 0800 496 0123, PIN 4417 2026#",
        "agenda": "1. Welcome from the chair\n2. What the forums said\n3. Next steps",
    }
    fields.update(overrides)
    return dialogue_actions.DialogueDraft(**fields)
