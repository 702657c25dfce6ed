from django.db import models


class ScheduledJob(models.Model):
    """When a scheduled job (settings.SCHEDULED_JOBS) last ran, and how its last run ended.

    A scheduler claims a due run by moving `started_at` past the due time in one
    conditional UPDATE, so however many schedulers run (one per machine, or a timer
    beside a loop) each due time runs once. `checked_at` is the last tick of any
    scheduler: /healthz reports it, and a stale one means no scheduler is running.
    """

    name = models.CharField(max_length=100, unique=True, help_text="The management command the job runs.")
    checked_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="How the last run failed; empty when it succeeded.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
