"""Tracked submissions to policy commissions.

A submission is what a member or a party unit sends a policy commission: a
policy submission or the report of a local policy forum. It owns a thread with
no network, whose posts are the dialogue between the unit and the commission,
and a timeline of status changes so members can see what happened to their
proposals. Status changes happen only through
`commissions.actions.set_submission_status`.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.search import index

from networks.models import PartyUnit


class SubmissionQuerySet(models.QuerySet):
    def with_listing(self):
        """What every list of submissions shows, fetched in the same query."""
        return self.select_related(
            "commission", "unit", "region", "issue", "document", "assigned_to__profile", "submitter__profile"
        )

    def overdue(self, days: int | None = None):
        """Received but still unacknowledged after the configured number of days."""
        cutoff = timezone.now() - timezone.timedelta(days=days if days is not None else acknowledge_days())
        return self.filter(status=Submission.Status.RECEIVED, created_at__lt=cutoff)


def private_storage():
    """Attachments are stored where the web server never serves them (see settings.STORAGES["private"])."""
    from django.core.files.storage import storages

    return storages["private"]


def attachment_path(submission: Submission, filename: str) -> str:
    """Where an attachment is stored: under a random folder, so its address cannot be guessed.

    Attachments are only read through the submission's attachment view, which
    asks `view_submission`, and live in private storage that no web server
    serves; the random folder is a second line of defence should that storage
    ever be exposed by mistake.
    """
    return f"submissions/{timezone.localdate():%Y}/{secrets.token_urlsafe(16)}/{PurePath(filename).name}"


UNNAMED_UNIT = {
    PartyUnit.Kind.CLP: _lazy("A Constituency Labour Party in %(region)s"),
    PartyUnit.Kind.BRANCH: _lazy("A branch in %(region)s"),
    PartyUnit.Kind.UNION: _lazy("An affiliated trade union in %(region)s"),
    PartyUnit.Kind.SOCIETY: _lazy("A socialist society in %(region)s"),
    None: _lazy("A member in %(region)s"),
}
"""How "You said, we did" names a submission whose unit did not agree to be named, or a member's own."""


def acknowledge_days() -> int:
    """Days a commission has to acknowledge a submission before the queue flags it overdue."""
    return int(settings.SUBMISSION_ACKNOWLEDGE_DAYS)


class Submission(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Policy submission")
        FORUM_REPORT = "forum_report", _("Local policy forum report")
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        RESPONDED = "responded", _("Responded")
        REFLECTED = "reflected", _("Reflected in a document")
        NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    commission = models.ForeignKey("networks.PolicyCommission", on_delete=models.PROTECT, related_name="submissions")
    thread = models.OneToOneField("discussions.Thread", on_delete=models.PROTECT, related_name="submission")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    unit = models.ForeignKey(
        "networks.PartyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions",
        help_text=_("Empty when a member submits for themself."),
    )
    region = models.ForeignKey("networks.Region", on_delete=models.PROTECT, related_name="submissions")
    issue = models.ForeignKey(
        "commissions.WorkProgrammeIssue", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    document = models.ForeignKey(
        "commissions.ConsultationDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUBMISSION)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text=_("Markdown, as the member typed it."))
    attachment = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    forum_held_on = models.DateField("date held", null=True, blank=True)
    forum_attendees = models.PositiveIntegerField("number of attendees", null=True, blank=True)
    community_took_part = models.BooleanField("the wider community took part", null=True, blank=True)
    may_name_unit = models.BooleanField(
        "the unit may be named publicly",
        default=False,
        help_text=_("Whether the commission's public “You said, we did” may name the unit and the submission's title. "
        "A member writing for themself is never named there."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_reason = models.TextField(blank=True)
    reflected_in = models.ForeignKey(
        "commissions.ConsultationDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflected_submissions",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_submissions"
    )
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_submissions")
    themes = models.ManyToManyField("commissions.Theme", blank=True, related_name="submissions")
    open_for_backing = models.BooleanField(
        default=False, help_text=_("Whether other party units may see this submission and add their backing.")
    )
    last_reminded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the commission was last reminded that this submission waits for acknowledgement.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    # The queue's full-text search: what the member wrote and who it is from, never the attachment.
    # Internal notes are indexed on their own model, so only those who may read them find by them.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.SearchField("reference", boost=5),
        index.AutocompleteField("title"),
        index.RelatedFields("unit", [index.SearchField("name")]),
        index.RelatedFields("issue", [index.SearchField("title")]),
        index.FilterField("commission"),
        index.FilterField("region"),
    ]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "year", "number"], name="one_reference_number"),
        ]
        indexes = [
            models.Index(fields=["commission", "status", "created_at"], name="submission_queue"),
            models.Index(fields=["region", "status", "created_at"], name="submission_region_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissions:submission", kwargs={"reference": self.reference})

    @property
    def is_forum_report(self) -> bool:
        return self.kind == self.Kind.FORUM_REPORT

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.REFLECTED, self.Status.NOT_TAKEN_FORWARD)

    @property
    def status_label(self) -> str:
        if self.status == self.Status.REFLECTED and self.reflected_in_id:
            return gettext("Reflected in %(title)s") % {"title": self.reflected_in.title}
        return self.get_status_display()

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.RECEIVED and self.created_at < timezone.now() - timezone.timedelta(
            days=acknowledge_days()
        )

    @property
    def public_from_label(self) -> str:
        """Who the submission is from, as the public reads it: the unit only where it agreed to be named."""
        if self.unit_id and self.may_name_unit:
            return self.unit.name
        if self.unit_id:
            return UNNAMED_UNIT.get(self.unit.kind, UNNAMED_UNIT[None]) % {"region": self.region.name}
        return UNNAMED_UNIT[None] % {"region": self.region.name}

    @property
    def from_label(self) -> str:
        """Who the submission is from, as the commission sees it."""
        if self.unit_id:
            return self.unit.name
        from networks.actions import member_label

        return member_label(self.submitter) if self.submitter_id else "A former member"


class SubmissionEvent(models.Model):
    """One entry on a submission's timeline: a status change or an assignment, with who and when."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        ASSIGNED = "assigned", _("Assigned")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    status = models.CharField(max_length=20, choices=Submission.Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    reflected_in = models.ForeignKey(
        "commissions.ConsultationDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("Submission %(submission)s: %(kind)s %(status)s") % {"submission": self.submission_id, "kind": self.get_kind_display(), "status": self.get_status_display()}
