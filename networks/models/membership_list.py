"""The party's membership list, as staff import it, and the accounts verified against it.

A record is one row of the list: staff import it from the membership system's
CSV export (`networks.membership_list`), again and again, and each import
updates the records it names by membership number. A signed-in account links
itself to one record by giving the membership number, surname and post code
(`networks.actions.verification`), or through the party's single sign-on. What
verification decides is asked through `networks.permissions` ("act_as_party_member").
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def normalise_membership_number(value: str) -> str:
    """Membership numbers are compared in capitals without spaces: " l 123 456 " is "L123456"."""
    return re.sub(r"\s+", "", str(value or "")).upper()


def normalise_surname(value: str) -> str:
    """Surnames are compared case-blind with runs of spaces, hyphens and apostrophes treated alike."""
    words = re.split(r"[\s\-'’]+", str(value or "").strip().casefold())
    return " ".join(word for word in words if word)


def compact_postcode(value: str) -> str:
    """Post codes are compared in capitals without spaces: "sw1a 0aa" is "SW1A0AA"."""
    return re.sub(r"\s+", "", str(value or "")).upper()


class MembershipRecordQuerySet(models.QuerySet):
    def in_good_standing(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(status=MembershipRecord.Status.CURRENT).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class MembershipRecord(index.Indexed, models.Model):
    """One member on the party's membership list, and the account that verified against it, if any."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        LAPSED = "lapsed", _("Lapsed")
        RESIGNED = "resigned", _("Resigned")
        SUSPENDED = "suspended", _("Suspended")

    membership_number = models.CharField(_("membership number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    last_name = models.CharField(_("surname"), max_length=80)
    postcode = models.CharField(_("post code"), max_length=10)
    email = models.EmailField(_("email"), blank=True)
    clp = models.ForeignKey(
        "networks.PartyUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listed_members",
        limit_choices_to={"kind": "clp"},
        verbose_name=_("CLP"),
        help_text=_("Every imported member has one; a record made by hand may leave it empty."),
    )
    branch = models.ForeignKey(
        "networks.PartyUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listed_branch_members",
        limit_choices_to={"kind": "branch"},
        verbose_name=_("branch"),
    )
    status = models.CharField(_("membership status"), max_length=20, choices=Status.choices, default=Status.CURRENT)
    expires_on = models.DateField(_("membership expires"), null=True, blank=True, help_text=_("Empty for life members."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_record",
        verbose_name=_("verified account"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    lapse_noticed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the linked account was told its membership had lapsed; cleared when it is current again."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipRecordQuerySet.as_manager()

    panels = [
        FieldPanel("membership_number"),
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("postcode"),
        FieldPanel("email"),
        FieldPanel("clp"),
        FieldPanel("branch"),
        FieldPanel("status"),
        FieldPanel("expires_on"),
        FieldPanel("user", read_only=True),
        FieldPanel("verified_at", read_only=True),
    ]
    search_fields = [
        index.SearchField("membership_number"),
        index.SearchField("last_name"),
        index.AutocompleteField("last_name"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("membership record")
        verbose_name_plural = _("membership list")

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} ({self.membership_number})"

    def save(self, *args, **kwargs):
        self.membership_number = normalise_membership_number(self.membership_number)
        super().save(*args, **kwargs)

    def in_good_standing(self, on: datetime.date | None = None) -> bool:
        """Current, and not past its expiry date: the rights verification gives rest on this."""
        on = on or timezone.localdate()
        return self.status == self.Status.CURRENT and (self.expires_on is None or self.expires_on >= on)

    def lapse_reason(self, on: datetime.date | None = None) -> str:
        """Why the record is not in good standing, in words for the member ("" when it is)."""
        on = on or timezone.localdate()
        if self.status != self.Status.CURRENT:
            return _("the party's membership list shows your membership as %(status)s") % {
                "status": self.get_status_display().lower()
            }
        if self.expires_on is not None and self.expires_on < on:
            return _("your membership expired on %(date)s") % {"date": date_format(self.expires_on, "j F Y")}
        return ""


class MembershipImport(models.Model):
    """One import of the membership list: who ran it, from which file, and what it changed."""

    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    lapsed = models.PositiveIntegerField(default=0, help_text=_("Verified accounts whose membership lapsed with this import."))
    renewed = models.PositiveIntegerField(default=0, help_text=_("Verified accounts whose membership is current again."))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("membership list import")

    def __str__(self) -> str:
        return f"{self.file_name or 'membership list'} ({self.imported_at:%Y-%m-%d %H:%M})"
