"""The schedule of recurring jobs, and the one runner every deployment uses for it.

The jobs are management commands, named with their schedule in settings.SCHEDULED_JOBS
(`{"every": minutes}` or `{"at": "HH:MM"}` in the site's time zone, optionally `"args"`).
`manage.py run_scheduled_jobs` runs them: as a loop beside the app (the demo, compose,
deploy/local.sh) or once a minute from a systemd timer or cron (`--once`). Each due time
runs once, whichever scheduler claims it first (ScheduledJob); a run missed while no
scheduler was up is made up once, at the next tick. A failing job is logged with its
traceback, recorded for /healthz, and does not stop the others.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.db.models import Q
from django.utils import timezone

from networks.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    every: timedelta | None = None
    at: time | None = None
    args: tuple[str, ...] = field(default=())

    @property
    def interval(self) -> timedelta:
        return self.every or timedelta(days=1)

    def latest_due(self, now: datetime) -> datetime:
        """The most recent moment, at or before `now`, when this job was due."""
        if self.every:
            seconds = int(self.every.total_seconds())
            return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
        local = timezone.localtime(now)
        due = timezone.make_aware(datetime.combine(local.date(), self.at))
        if due > now:
            due = timezone.make_aware(datetime.combine(local.date() - timedelta(days=1), self.at))
        return due

    def describe(self) -> str:
        if self.every:
            minutes = int(self.every.total_seconds() // 60)
            return "every minute" if minutes == 1 else f"every {minutes} minutes"
        return f"daily at {self.at:%H:%M}"


def schedules() -> list[Schedule]:
    """settings.SCHEDULED_JOBS, checked: an unknown command or a bad schedule stops the scheduler."""
    known = get_commands()
    found = []
    for name, spec in settings.SCHEDULED_JOBS.items():
        if name not in known:
            raise ImproperlyConfigured(f"SCHEDULED_JOBS names {name!r}, which is not a management command.")
        args = tuple(spec.get("args", ()))
        if "every" in spec and "at" not in spec and int(spec["every"]) >= 1:
            found.append(Schedule(name, every=timedelta(minutes=int(spec["every"])), args=args))
        elif "at" in spec and "every" not in spec:
            try:
                at = time.fromisoformat(spec["at"])
            except (TypeError, ValueError):
                raise ImproperlyConfigured(f"SCHEDULED_JOBS[{name!r}]: 'at' must be a time such as '07:00'.") from None
            found.append(Schedule(name, at=at, args=args))
        else:
            raise ImproperlyConfigured(
                f"SCHEDULED_JOBS[{name!r}] needs either 'every' (whole minutes, 1 or more) or 'at' ('HH:MM')."
            )
    return found


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    output: str


def tick(now: datetime | None = None) -> list[Outcome]:
    """Record this scheduler's tick, then run every job due and not yet claimed by another scheduler."""
    now = now or timezone.now()
    planned = schedules()
    for schedule in planned:
        ScheduledJob.objects.get_or_create(name=schedule.name)
    ScheduledJob.objects.filter(name__in=[schedule.name for schedule in planned]).update(checked_at=now)
    outcomes = []
    for schedule in planned:
        due = schedule.latest_due(now)
        claimed = (
            ScheduledJob.objects.filter(name=schedule.name)
            .filter(Q(started_at__isnull=True) | Q(started_at__lt=due))
            .update(started_at=now)
        )
        if claimed:
            outcomes.append(_run(schedule))
    return outcomes


def _run(schedule: Schedule) -> Outcome:
    output = io.StringIO()
    try:
        call_command(schedule.name, *schedule.args, stdout=output, stderr=output)
    except Exception as error:  # a failing job is recorded and reported; the other jobs still run
        logger.exception("Scheduled job %s failed", schedule.name)
        finished = timezone.now()
        ScheduledJob.objects.filter(name=schedule.name).update(
            finished_at=finished, error=f"{error.__class__.__name__}: {error}"[:2000]
        )
        return Outcome(schedule.name, False, f"{error.__class__.__name__}: {error}")
    finished = timezone.now()
    ScheduledJob.objects.filter(name=schedule.name).update(finished_at=finished, succeeded_at=finished, error="")
    return Outcome(schedule.name, True, output.getvalue().strip())
