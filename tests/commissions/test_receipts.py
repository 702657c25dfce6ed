"""Receipts the moment a submission arrives; reminders, once a day at most, while it waits for acknowledgement."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commissions import actions
from commissions.models import Submission
from discussions.models import EmailPreference, Notification
from discussions.notifications import set_email_delivery
from networks.models import CommissionMembership
from tests.networks import factories

pytestmark = pytest.mark.django_db


def _submit(secretary, health, clp, issue, capture):
    with capture(execute=True):
        return actions.submit(
            secretary, health, actions.SubmissionDraft(title="Walk-in centres", text="Evening opening.", unit=clp, issue=issue)
        )


def test_the_submitter_and_the_units_followers_get_a_receipt_with_the_reference_and_link(
    secretary, unit_member, health, clp, issue, django_capture_on_commit_callbacks
):
    submission = _submit(secretary, health, clp, issue, django_capture_on_commit_callbacks)
    receipts = [m for m in mail.outbox if m.subject.endswith(f"Received: {submission.reference} “Walk-in centres”")]
    assert sorted(m.to[0] for m in receipts) == sorted([secretary.email, unit_member.email])
    for message in receipts:
        assert submission.reference in message.body
        assert f"http://testserver{submission.get_absolute_url()}" in message.body
    to_follower = next(m for m in receipts if m.to == [unit_member.email])
    assert "List-Unsubscribe" in to_follower.extra_headers
    assert "You receive this because you follow submissions from Warrington North CLP" in to_follower.body


def test_a_follower_who_switched_email_off_gets_no_receipt_but_the_submitter_always_does(
    secretary, unit_member, health, clp, issue, django_capture_on_commit_callbacks
):
    set_email_delivery(unit_member, EmailPreference.Delivery.OFF)
    set_email_delivery(secretary, EmailPreference.Delivery.OFF)
    submission = _submit(secretary, health, clp, issue, django_capture_on_commit_callbacks)
    receipts = [m.to[0] for m in mail.outbox if "Received:" in m.subject]
    assert receipts == [secretary.email]
    assert submission.reference in mail.outbox[-1].body


@pytest.fixture
def officer(health):
    user = factories.make_user(name="Olu Officer")
    CommissionMembership.objects.create(commission=health, user=user, seat=CommissionMembership.Seat.OFFICER)
    return user


def _age(submission, days):
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_overdue_unassigned_submissions_remind_the_chair_and_officers_once_a_day(
    submission, chair, officer, npf_member, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSION_ACKNOWLEDGE_DAYS = 14
    _age(submission, 15)
    # Noon tomorrow, not the clock: "three hours later" must be the same day whenever the suite runs
    # (from 21:00 it was the next day, and the test failed every evening).
    now = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(12)))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_unacknowledged(now) == 2
    reminded = Notification.objects.filter(kind="submission_overdue")
    assert sorted(n.recipient_id for n in reminded) == sorted([chair.pk, officer.pk])
    note = reminded.first()
    assert note.title == "1 submission to Health is waiting to be acknowledged"
    assert submission.reference in note.text and note.url.endswith("/queue/?status=overdue")
    assert any(submission.reference in m.body for m in mail.outbox if m.to == [chair.email])
    # Later the same day nothing more; the next day again, while still unacknowledged.
    assert actions.remind_unacknowledged(now + timedelta(hours=3)) == 0
    assert actions.remind_unacknowledged(now + timedelta(days=1)) == 2
    assert not Notification.objects.filter(kind="submission_overdue", recipient=npf_member).exists()


def test_an_assigned_submission_reminds_its_assignee_only_and_stops_once_acknowledged(submission, chair, npf_member, officer):
    actions.assign_submission(chair, submission, npf_member)
    _age(submission, 30)
    now = timezone.now()
    assert actions.remind_unacknowledged(now) == 1
    (reminder,) = Notification.objects.filter(kind="submission_overdue")
    assert reminder.recipient == npf_member and "assigned=me" in reminder.url
    actions.set_submission_status(chair, submission, Submission.Status.ACKNOWLEDGED)
    assert actions.remind_unacknowledged(now + timedelta(days=2)) == 0


def test_a_submission_not_yet_overdue_reminds_nobody(submission, chair):
    _age(submission, 3)
    assert actions.remind_unacknowledged() == 0


def test_a_commission_with_no_chair_or_officer_reminds_all_its_members(submission, npf_member):
    _age(submission, 20)
    assert actions.remind_unacknowledged() == 1
    assert Notification.objects.get(kind="submission_overdue").recipient == npf_member


def test_one_reminder_lists_every_overdue_submission_for_its_recipient(submission, chair, secretary, health, clp, issue):
    others = [
        actions.submit(secretary, health, actions.SubmissionDraft(title=f"Point {n}", text="x", unit=clp, issue=issue))
        for n in range(11)
    ]
    for item in [submission, *others]:
        _age(item, 20)
    assert actions.remind_unacknowledged() == 1
    reminder = Notification.objects.get(kind="submission_overdue", recipient=chair)
    assert reminder.title.startswith("12 submissions to Health")
    assert "and 2 more" in reminder.text


def test_the_scheduler_runs_the_reminders(submission, chair):
    _age(submission, 20)
    call_command("remind_unacknowledged_submissions")
    assert Notification.objects.filter(kind="submission_overdue", recipient=chair).count() == 1
