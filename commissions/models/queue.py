"""A commission's working tools for its queue: themes, internal notes and saved filters.

Themes are the commission's own vocabulary (it adds, renames and removes
them) applied to submissions in bulk from the queue. Notes are internal: only
the commission's members and staff read them (`view_submission_notes`), on the
timeline, in their search and in their exports. A saved filter is one member's
named query string for one queue page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Theme(models.Model):
    """A tag the commission manages ("Mental health", "Workforce"), applied to its submissions from the queue."""

    commission = models.ForeignKey("networks.PolicyCommission", on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["commission", "slug"], name="one_theme_per_slug")]

    def __str__(self) -> str:
        return self.name


class SubmissionNote(index.Indexed, models.Model):
    """A private note on a submission by a commission member or staff: never shown to the submitter or their unit."""

    submission = models.ForeignKey("commissions.Submission", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    search_fields = [index.SearchField("text"), index.FilterField("submission")]

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("Note on submission %(submission)s") % {"submission": self.submission_id}


class SavedFilter(models.Model):
    """One member's named filters for one queue page (its path and query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queue_filters")
    path = models.CharField(max_length=200)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "path", "name"], name="one_saved_filter_per_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path
