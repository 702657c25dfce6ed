"""Exports too large to build during a request: built by the task worker, then downloaded from a link.

The file is kept in private storage and handed out only to the member who
asked for it (`commissions.views.exports.download`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissions.models.submissions import private_storage


def export_path(export: Export, filename: str) -> str:
    return f"exports/{timezone.localdate():%Y}/{secrets.token_urlsafe(16)}/{filename}"


class Export(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commission_exports")
    kind = models.CharField(max_length=20)
    """What is exported: "queue" (a commission's or a region's queue) or "amendments" (a document's)."""
    target = models.CharField(max_length=200)
    """The slug of the commission or region, or the document's id."""
    query = models.CharField(max_length=2000, blank=True)
    """The filters, as the queue's query string."""
    format = models.CharField(max_length=4)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(upload_to=export_path, storage=private_storage, max_length=200, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissions:export", kwargs={"pk": self.pk})
