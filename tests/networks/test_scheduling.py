"""The scheduler: each job runs once per due time, however many schedulers tick, and failures are recorded."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from discussions.models import EmailPreference
from discussions.notifications import notify, set_email_delivery
from networks.models import ScheduledJob
from networks.scheduling import schedules, tick
from tests.networks import factories

pytestmark = pytest.mark.django_db
# A Tuesday in March: London is on GMT, so 07:00 local is 07:00 UTC.
TEN_PAST = datetime(2026, 3, 10, 10, 0, 5, tzinfo=UTC)


def _ran(outcomes) -> list[str]:
    return sorted(outcome.name for outcome in outcomes)


def _make_fail(monkeypatch, job: str, error: Exception) -> None:
    """The job `job` raises `error`; every other job runs for real."""
    from networks import scheduling

    real = scheduling.call_command

    def call(name, *args, **kwargs):
        if name == job:
            raise error
        return real(name, *args, **kwargs)

    monkeypatch.setattr(scheduling, "call_command", call)


def test_first_tick_runs_every_job_then_each_on_its_own_schedule():
    assert _ran(tick(TEN_PAST)) == [
        "chat_clock",
        "deliver_bulletins",
        "lapse_expired_memberships",
        "lift_ended_suspensions",
        "remind_unacknowledged_submissions",
        "send_event_reminders",
        "send_notification_digests",
        "send_weekly_digests",
    ]
    assert _ran(tick(TEN_PAST + timedelta(seconds=30))) == []
    assert _ran(tick(TEN_PAST + timedelta(minutes=1))) == ["chat_clock", "lift_ended_suspensions"]
    assert _ran(tick(TEN_PAST + timedelta(minutes=15))) == ["chat_clock", "deliver_bulletins", "lift_ended_suspensions"]
    next_morning = datetime(2026, 3, 11, 7, 0, 1, tzinfo=UTC)
    # 06:58: the 06:30 membership expiry job is due again, the 07:00 digest not yet.
    assert _ran(tick(next_morning - timedelta(minutes=2))) == [
        "chat_clock", "deliver_bulletins", "lapse_expired_memberships", "lift_ended_suspensions",
    ]
    assert _ran(tick(next_morning)) == [
        "chat_clock", "deliver_bulletins", "lift_ended_suspensions", "send_notification_digests", "send_weekly_digests",
    ]
    assert _ran(tick(next_morning + timedelta(minutes=1))) == ["chat_clock", "lift_ended_suspensions"]
    ten_next_morning = datetime(2026, 3, 11, 10, 0, 1, tzinfo=UTC)
    # 10:00: the 08:00 reminder of unacknowledged submissions (not ticked since 07:01) and the event reminders.
    assert _ran(tick(ten_next_morning)) == [
        "chat_clock", "deliver_bulletins", "lift_ended_suspensions", "remind_unacknowledged_submissions",
        "send_event_reminders",
    ]


def test_a_due_time_runs_once_however_many_schedulers_tick():
    """Two schedulers (two machines, or a timer beside a loop) ticking at the same moment: one run."""
    assert len(tick(TEN_PAST)) == 8
    assert tick(TEN_PAST) == []
    assert ScheduledJob.objects.count() == 8


def test_the_daily_job_follows_local_time_across_the_clock_change():
    (digest,) = [schedule for schedule in schedules() if schedule.name == "send_notification_digests"]
    summer = datetime(2026, 3, 29, 6, 30, tzinfo=UTC)  # 07:30 BST, the first morning of summer time
    assert digest.latest_due(summer) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert digest.latest_due(datetime(2026, 3, 29, 5, 59, tzinfo=UTC)) == datetime(2026, 3, 28, 7, 0, tzinfo=UTC)


def test_the_digest_job_sends_the_waiting_digest(django_capture_on_commit_callbacks):
    ruth = factories.make_user(email="ruth@example.org")
    set_email_delivery(ruth, EmailPreference.Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify([ruth], kind="reply", title="Sam replied to your post", url="/networks/health/")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        tick()
    assert [message.to for message in mail.outbox] == [["ruth@example.org"]]
    assert "Sam replied to your post" in mail.outbox[0].body


def test_the_weekly_digest_waits_for_the_members_day(django_capture_on_commit_callbacks):
    """The job runs every morning; a member's week arrives only on the morning of the day they chose."""
    today = timezone.localtime().weekday()
    ruth = factories.make_user(email="ruth@example.org")
    set_email_delivery(ruth, EmailPreference.Delivery.WEEKLY, (today + 1) % 7)
    with django_capture_on_commit_callbacks(execute=True):
        notify([ruth], kind="reply", title="Sam replied to your post", url="/networks/health/")
    morning = datetime(2026, 3, 10, 7, 0, 1, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        tick(morning)
    assert mail.outbox == []
    set_email_delivery(ruth, EmailPreference.Delivery.WEEKLY, today)
    with django_capture_on_commit_callbacks(execute=True):
        tick(morning + timedelta(days=1))
    assert [message.subject for message in mail.outbox] == ["[Policy Networks] Your weekly digest: 1 notification"]
    assert "Sam replied to your post" in mail.outbox[0].body


def test_a_failing_job_is_recorded_and_the_others_still_run(monkeypatch):
    _make_fail(monkeypatch, "deliver_bulletins", RuntimeError("mail server gone"))
    outcomes = {outcome.name: outcome for outcome in tick(TEN_PAST)}
    assert outcomes["deliver_bulletins"].ok is False
    assert outcomes["chat_clock"].ok and outcomes["send_notification_digests"].ok
    failed = ScheduledJob.objects.get(name="deliver_bulletins")
    assert failed.error == "RuntimeError: mail server gone" and failed.succeeded_at is None


@pytest.mark.parametrize(
    "jobs, message",
    [
        ({"no_such_command": {"every": 1}}, "not a management command"),
        ({"chat_clock": {"every": 0}}, "needs either 'every'"),
        ({"chat_clock": {"at": "seven"}}, "'at' must be a time"),
        ({"chat_clock": {"every": 1, "at": "07:00"}}, "needs either 'every'"),
    ],
)
def test_a_bad_schedule_stops_the_scheduler_with_the_reason(settings, jobs, message):
    settings.SCHEDULED_JOBS = jobs
    with pytest.raises(ImproperlyConfigured, match=message):
        tick()


def test_once_exits_1_when_a_job_failed(monkeypatch):
    """`run_scheduled_jobs --once`, as a systemd timer runs it: the unit sees the failure."""
    _make_fail(monkeypatch, "chat_clock", RuntimeError("down"))
    output = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("run_scheduled_jobs", "--once", stdout=output)
    assert exited.value.code == 1
    assert "chat_clock: FAILED: RuntimeError: down" in output.getvalue()
    assert "send_notification_digests: done" in output.getvalue()
