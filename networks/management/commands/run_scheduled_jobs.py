"""`manage.py run_scheduled_jobs`: the scheduler (settings.SCHEDULED_JOBS, see networks/scheduling.py).

Without options it runs until stopped (SIGINT or SIGTERM: it finishes the job in hand and
exits), checking every SCHEDULER_TICK_SECONDS. With `--once` it runs what is due now and
exits, for a systemd timer or cron line that starts it every minute; it exits 1 when a
job failed, so the timer's unit shows the failure.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from networks.scheduling import schedules, tick

logger = logging.getLogger("networks.scheduling")


class Command(BaseCommand):
    help = "Run the scheduled jobs (chat clock, bulletin resume, daily digest) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs due now, then exit.")

    def handle(self, *args, once: bool = False, **options):
        if once:
            failed = [outcome for outcome in self._report(tick()) if not outcome.ok]
            if failed:
                raise SystemExit(1)
            return
        stopping = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopping.set())
        plan = ", ".join(f"{schedule.name} {schedule.describe()}" for schedule in schedules())
        self.stdout.write(f"Scheduler running: {plan}.")
        failing = False
        while not stopping.is_set():
            try:
                self._tick()
            except DatabaseError as error:
                # The database is away (a restart, a failover): say so once, keep ticking, and say
                # when it is back; /healthz shows the scheduler as stale meanwhile.
                if not failing:
                    logger.exception("Scheduler cannot reach the database; retrying every tick")
                    failing = True
                else:
                    logger.debug("Scheduler still cannot reach the database: %s", error)
            else:
                if failing:
                    logger.warning("Scheduler reaches the database again")
                    failing = False
            stopping.wait(settings.SCHEDULER_TICK_SECONDS)
        self.stdout.write("Scheduler stopped.")

    def _tick(self):
        """One tick of the loop: like db_worker, drop a connection that is stale or broken before and after."""
        close_old_connections()
        try:
            return self._report(tick())
        finally:
            close_old_connections()

    def _report(self, outcomes):
        for outcome in outcomes:
            status = "done" if outcome.ok else "FAILED"
            self.stdout.write(f"{outcome.name}: {status}{': ' + outcome.output if outcome.output else ''}")
        return outcomes
