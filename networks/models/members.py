from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a member tells the party about themself, beside their login.

    Their party units are not typed here: they are the recorded units
    (`UnitMembership`) that submissions and amendments are made for.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=80, help_text=_("How your name appears to other members."))
    region = models.ForeignKey("networks.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the site and its emails are written to you in."),
    )

    def __str__(self) -> str:
        return self.display_name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=NetworkMembership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=NetworkMembership.Status.PENDING)


class NetworkMembership(models.Model):
    """A member's place in one network: their role, and whether it is confirmed.

    Members-only networks start a membership as PENDING until a moderator or
    editor approves it. A declined request is deleted, so the member may ask again.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")
        EDITOR = "editor", _("Editor")
        HOST = "host", _("Host")
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        ACTIVE = "active", _("Member")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships")
    network = models.ForeignKey("networks.NetworkPage", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="one_membership_per_network")]
        indexes = [models.Index(fields=["network", "status", "role"])]
        ordering = ["network", "-joined_at"]

    def __str__(self) -> str:
        return f"{self.user} in {self.network} ({self.role}, {self.status})"

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the role as loaded, so a save can tell whether a badge changed (networks.scopes)."""
        instance = super().from_db(db, field_names, values)
        instance.loaded_role = instance.__dict__.get("role")
        return instance

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


