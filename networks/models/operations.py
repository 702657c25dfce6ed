from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a scheduled job (settings.SCHEDULED_JOBS) last ran, and how its last run ended.

    A scheduler claims a due run by moving `started_at` past the due time in one
    conditional UPDATE, so however many schedulers run (one per machine, or a timer
    beside a loop) each due time runs once. `checked_at` is the last tick of any
    scheduler: /healthz reports it, and a stale one means no scheduler is running.
    """

    name = models.CharField(max_length=100, unique=True, help_text=_("The management command the job runs."))
    checked_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text=_("How the last run failed; empty when it succeeded."))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """A creating form a member sent, by the one-time key the form carried, and where what it made lives.

    A double click or a retried request sends the same key again: the second is
    answered with the first's result instead of making a second thread, reply,
    submission, amendment or report (`networks.idempotency.run_once`). Keys are
    kept for a day; a key is only spent once what it made is saved.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    url = models.CharField(max_length=500, blank=True, help_text=_("Where the member is sent when the form comes again."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_result_per_form_key")]
        indexes = [models.Index(fields=["user", "created_at"], name="form_key_age")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
