"""Commission dialogue sessions: the phone or video conferences the briefing promises between commissions and units.

A commission schedules one on a work-programme issue and invites the party
units whose submissions on that issue it will discuss. Each unit's officers
answer for it; the joining details are shown only to those attending. After
the session the commission publishes a note, which every discussed
submission links to and whose followers are told. Every change goes through
`commissions.actions.dialogue`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DialogueSession(models.Model):
    class Medium(models.TextChoices):
        PHONE = "phone", _("Phone conference")
        VIDEO = "video", _("Video conference")

    commission = models.ForeignKey(
        "networks.PolicyCommission", on_delete=models.CASCADE, related_name="dialogue_sessions"
    )
    issue = models.ForeignKey(
        "commissions.WorkProgrammeIssue", on_delete=models.PROTECT, related_name="dialogue_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    medium = models.CharField(_("held by"), max_length=5, choices=Medium.choices, default=Medium.PHONE)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    joining_details = models.TextField(
        _("how to join"), max_length=1000,
        help_text=_("The dial-in number and PIN, or the video link. Shown only to those attending."),
    )
    agenda = models.TextField(_("agenda"), max_length=5000, help_text=_("Markdown."))
    submissions = models.ManyToManyField(
        "commissions.Submission", blank=True, related_name="dialogue_sessions",
        verbose_name=_("submissions to discuss"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note of the session"), max_length=20000, blank=True, help_text=_("Markdown."))
    note_published_at = models.DateTimeField(null=True, blank=True)
    note_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="dialogue_session_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissions:dialogue_session", kwargs={"pk": self.pk})

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_note(self) -> bool:
        return self.note_published_at is not None


class DialogueInvitation(models.Model):
    """A party unit's invitation to a session, and its officers' answer for it."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ATTENDING = "attending", _("Attending")
        DECLINED = "declined", _("Not attending")

    session = models.ForeignKey(DialogueSession, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey("networks.PartyUnit", on_delete=models.CASCADE, related_name="dialogue_invitations")
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["session", "unit"], name="one_invitation_per_unit")]

    def __str__(self) -> str:
        return _("%(unit)s to %(session)s") % {"unit": self.unit, "session": self.session}

    @property
    def is_attending(self) -> bool:
        return self.response == self.Response.ATTENDING
