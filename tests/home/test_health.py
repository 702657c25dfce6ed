"""/healthz: every registered check, stale queues and schedulers answered 503, detail for the operator only."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from networks import health
from networks.models import ScheduledJob
from networks.scheduling import tick

PUBLIC = {"REMOTE_ADDR": "203.0.113.7"}


def _queue_task(waiting: timedelta) -> DBTaskResult:
    """A task the worker has not sent yet, enqueued `waiting` ago."""
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"to": ["a@example.org"], "subject": "Hello", "text": "Hi"}},
        task_path="networks.tasks.send_email", backend_name="default", run_after=get_date_max(),
        exception_class_path="", traceback="",
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - waiting)
    return result


def _health(client, **extra) -> tuple[int, dict]:
    response = client.get("/healthz", **extra)
    return response.status_code, json.loads(response.content)


@pytest.fixture
def scheduler_ran(db):
    tick()


def test_operator_sees_every_check_ok(client, scheduler_ran):
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["channel_layer"] == "ok"
    assert body["task_queue"] == "ok: nothing waiting"
    assert body["scheduler"].startswith("ok: last tick ")
    assert body["detail"]["channel_layer"]["backend"] in {"InMemoryChannelLayer", "RedisChannelLayer"}
    assert set(body["detail"]["scheduler"]["jobs"]) == {
        "chat_clock",
        "deliver_bulletins",
        "lapse_expired_memberships",
        "lift_ended_suspensions",
        "send_event_reminders",
        "remind_unacknowledged_submissions",
        "send_notification_digests",
        "send_weekly_digests",
    }


def test_the_public_sees_the_status_and_nothing_else(client, scheduler_ran):
    status, body = _health(client, **PUBLIC)
    assert status == 200
    assert body == {"status": "ok"}


def test_the_operator_token_shows_detail_from_any_address(client, scheduler_ran, settings):
    settings.HEALTHZ_TOKEN = "s3cret-operator-token"
    assert "detail" in _health(client, HTTP_AUTHORIZATION="Bearer s3cret-operator-token", **PUBLIC)[1]
    assert _health(client, HTTP_AUTHORIZATION="Bearer wrong", **PUBLIC)[1] == {"status": "ok"}


def test_a_failing_database_answers_503(client, scheduler_ran, monkeypatch):
    class Broken:
        vendor = "broken"

        def cursor(self):
            raise RuntimeError("down")

    monkeypatch.setattr(health, "connection", Broken())
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "error"
    assert body["database"] == "error: RuntimeError"
    assert _health(client, **PUBLIC) == (503, {"status": "error"})


class TestTaskQueue:
    def test_the_oldest_unsent_task_is_reported(self, client, scheduler_ran):
        _queue_task(timedelta(seconds=40))
        _queue_task(timedelta(seconds=5))
        status, body = _health(client)
        assert status == 200
        assert body["detail"]["task_queue"]["waiting"] == 2
        assert 40 <= body["detail"]["task_queue"]["oldest_seconds"] < 60

    def test_a_task_older_than_the_limit_answers_503(self, client, scheduler_ran, settings):
        settings.HEALTHZ_TASK_QUEUE_STALE_SECONDS = 300
        _queue_task(timedelta(minutes=10))
        status, body = _health(client)
        assert status == 503
        assert body["task_queue"].startswith("stale: the oldest unsent task has waited 6")
        assert "(limit 300 s)" in body["task_queue"]

    def test_sent_tasks_do_not_count(self, client, scheduler_ran):
        task = _queue_task(timedelta(hours=2))
        DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
        assert _health(client)[0] == 200


class TestScheduler:
    def test_a_scheduler_that_never_ran_answers_503(self, client, db):
        status, body = _health(client)
        assert status == 503
        assert body["scheduler"] == "stale: the scheduler has never run (manage.py run_scheduled_jobs)"

    def test_a_scheduler_silent_beyond_the_limit_answers_503(self, client, db, settings):
        settings.HEALTHZ_SCHEDULER_STALE_SECONDS = 180
        tick(now=timezone.now() - timedelta(minutes=10))
        status, body = _health(client)
        assert status == 503
        assert body["scheduler"].startswith("stale: the scheduler last ran 6")

    def test_a_job_that_keeps_failing_is_overdue(self, client, db, monkeypatch):
        from networks import scheduling

        real = scheduling.call_command

        def failing_clock(name, *args, **kwargs):
            if name == "chat_clock":
                raise ValueError("the clock broke")
            return real(name, *args, **kwargs)

        monkeypatch.setattr(scheduling, "call_command", failing_clock)
        tick()
        status, body = _health(client)
        assert status == 503
        assert body["scheduler"] == "stale: chat_clock overdue"
        assert body["detail"]["scheduler"]["jobs"]["chat_clock"]["last_error"] == "ValueError: the clock broke"
        assert ScheduledJob.objects.get(name="send_notification_digests").succeeded_at is not None


class TestRegistry:
    def test_a_check_registered_by_an_app_above_is_asked(self, client, scheduler_ran, monkeypatch):
        monkeypatch.setattr(health, "_checks", dict(health._checks))
        health.register_health_check("example_app", lambda: health.Health(False, "stale: worker left its group"))
        status, body = _health(client)
        assert status == 503
        assert body["example_app"] == "stale: worker left its group"

    def test_a_check_that_raises_fails_without_a_500(self, client, scheduler_ran, monkeypatch):
        monkeypatch.setattr(health, "_checks", dict(health._checks))

        def broken():
            raise KeyError("oops")

        health.register_health_check("broken", broken)
        status, body = _health(client)
        assert status == 503
        assert body["broken"] == "error: KeyError"

    def test_one_name_cannot_hold_two_checks(self, monkeypatch):
        monkeypatch.setattr(health, "_checks", dict(health._checks))
        with pytest.raises(ImproperlyConfigured):
            health.register_health_check("database", lambda: health.Health(True))
