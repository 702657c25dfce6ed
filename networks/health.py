"""What /healthz asks: a registry of health checks, and the site's own.

Each check answers a Health: ok or not, a one-line summary for the operator, and figures
(`detail`). The ground floor registers the checks every deployment needs (database,
channel layer, task queue, scheduler); an app above adds its own from its
AppConfig.ready() (`register_health_check("chat_hubs", hub_health)`), so the health page
never has to name the apps. A check that raises is reported as failing, with the
exception's class, and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from networks.models import ScheduledJob
from networks.scheduling import schedules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    ok: bool
    summary: str = "ok"
    detail: dict = field(default_factory=dict)


HealthCheck = Callable[[], Health]
_checks: dict[str, HealthCheck] = {}


def register_health_check(name: str, check: HealthCheck) -> None:
    """Add a check to /healthz; registering the same name for a different check is a wiring error."""
    if _checks.get(name, check) is not check:
        raise ImproperlyConfigured(f"A different health check is already registered as {name!r}.")
    _checks[name] = check


def run_health_checks() -> dict[str, Health]:
    """Every registered check, in the order registered."""
    results = {}
    for name, check in _checks.items():
        try:
            results[name] = check()
        except Exception as error:  # a broken check is a failing check, never a 500
            logger.exception("Health check %s raised", name)
            results[name] = Health(False, f"error: {error.__class__.__name__}")
    return results


def database_health() -> Health:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Health(True, detail={"vendor": connection.vendor})


def channel_layer_health() -> Health:
    """The channel layer carries a message to a fresh channel and back (Redis is reachable)."""
    layer = get_channel_layer()
    async_to_sync(_layer_roundtrip)(layer)
    return Health(True, detail={"backend": layer.__class__.__name__})


async def _layer_roundtrip(layer) -> None:
    # The default prefix, as every process-local channel of this process uses (the chat hub's included):
    # channels-redis serves all of them from one Redis list through one blocking pop. A channel of another
    # prefix waits for that pop to let go, which an idle chat hub does only when a message comes (up to 20 s).
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned the wrong message")


def task_queue_health() -> Health:
    """The oldest task waiting for the worker (`manage.py db_worker`): stale means no worker is draining the queue."""
    backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    now = timezone.now()
    if oldest is None:
        return Health(True, "ok: nothing waiting", {"backend": backend, "waiting": 0, "oldest_seconds": None})
    enqueued_at, run_after = oldest
    waiting_since = max(enqueued_at, run_after) if run_after != get_date_max() else enqueued_at
    age = max(0, int((now - waiting_since).total_seconds()))
    detail = {"backend": backend, "waiting": waiting.count(), "oldest_seconds": age}
    limit = settings.HEALTHZ_TASK_QUEUE_STALE_SECONDS
    if age > limit:
        return Health(False, f"stale: the oldest unsent task has waited {age} s (limit {limit} s)", detail)
    return Health(True, f"ok: oldest unsent task {age} s", detail)


def scheduler_health() -> Health:
    """The scheduler's last tick, and each job's last success: stale when either is overdue."""
    now = timezone.now()
    limit = settings.HEALTHZ_SCHEDULER_STALE_SECONDS
    rows = {job.name: job for job in ScheduledJob.objects.all()}
    ticks = [job.checked_at for job in rows.values() if job.checked_at]
    if not ticks:
        return Health(False, "stale: the scheduler has never run (manage.py run_scheduled_jobs)", {"jobs": {}})
    last_tick = int((now - max(ticks)).total_seconds())
    jobs, late = {}, []
    for schedule in schedules():
        job = rows.get(schedule.name)
        succeeded = job.succeeded_at if job else None
        jobs[schedule.name] = {
            "schedule": schedule.describe(),
            "last_success_seconds": int((now - succeeded).total_seconds()) if succeeded else None,
            "last_error": job.error if job else "",
        }
        if succeeded is None or (now - succeeded).total_seconds() > schedule.interval.total_seconds() + limit:
            late.append(schedule.name)
    detail = {"last_tick_seconds": last_tick, "jobs": jobs}
    if last_tick > limit:
        return Health(False, f"stale: the scheduler last ran {last_tick} s ago (limit {limit} s)", detail)
    if late:
        return Health(False, f"stale: {', '.join(late)} overdue", detail)
    return Health(True, f"ok: last tick {last_tick} s ago", detail)


register_health_check("database", database_health)
register_health_check("channel_layer", channel_layer_health)
register_health_check("task_queue", task_queue_health)
register_health_check("scheduler", scheduler_health)
