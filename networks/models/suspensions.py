"""Suspensions: staff keep an account out of the whole site for a while, or until they lift it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """Suspensions not lifted whose end (if any) is still to come."""
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def ended_unlifted(self, now=None):
        """Suspensions whose end date has passed but which nobody has closed yet: the scheduler's work."""
        return self.filter(lifted_at__isnull=True, ends_at__lte=now or timezone.now())


class Suspension(models.Model):
    """A member kept out of the site: signed out everywhere and unable to sign in until it ends.

    While in force the account is inactive (`was_active` remembers whether it was
    active before, so lifting never revives an account closed for another reason).
    `posts_hidden_at` says the member's posts are hidden pending review; restoring
    them clears it. Every step is also in the moderation log.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(help_text=_("Told to the member in the email, and recorded in the moderation log."))
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: until staff lift it."))
    was_active = models.BooleanField(default=True)
    posts_hidden_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["member", "lifted_at"], name="suspension_by_member")]

    def __str__(self) -> str:
        return f"Suspension of {self.member_id} from {self.starts_at:%Y-%m-%d}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > timezone.now())


class SuspensionRequest(models.Model):
    """A network's moderator asking staff to suspend a member, from the flag queue."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspension_requests")
    network = models.ForeignKey("networks.NetworkPage", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    suspension = models.ForeignKey(Suspension, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Request to suspend {self.member_id}"
