"""Local policy forums and the PiP coordinators' briefings, as events members find, register for and attend.

A forum is organised for a party unit by one of its officers (or the
constituency's PiP coordinator) on a work-programme issue or a consultation
document; its report becomes the unit's forum-report submission, which
everyone who attended then follows to the commission's answer. A
coordinators' briefing or training event is the same kind of event, scheduled
by regional or national staff for the coordinators of a region or of the
whole country. Every change goes through `commissions.actions.forums`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForumQuerySet(models.QuerySet):
    def with_listing(self):
        """What every list of forums shows, fetched in the same query."""
        return self.select_related("unit", "region", "constituency", "issue", "document", "commission")

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now(), cancelled_at__isnull=True).order_by("starts_at", "pk")

    def held(self, now=None):
        """Forums that have taken place (and were not cancelled)."""
        return self.filter(ends_at__lt=now or timezone.now(), cancelled_at__isnull=True)

    def local_forums(self):
        return self.filter(kind=Forum.Kind.FORUM)

    def coordinator_events(self):
        return self.exclude(kind=Forum.Kind.FORUM)


class Forum(models.Model):
    """A local policy forum, or a briefing or training event for PiP coordinators."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Local policy forum")
        BRIEFING = "briefing", _("Coordinators' briefing")
        TRAINING = "training", _("Coordinators' training")

    class Openness(models.TextChoices):
        UNIT = "unit", _("Members of the organising unit")
        MEMBERS = "members", _("All party members")
        COMMUNITY = "community", _("The wider community, members and non-members alike")
        COORDINATORS = "coordinators", _("PiP coordinators")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FORUM)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is about"), max_length=5000, help_text=_("Markdown."))
    unit = models.ForeignKey(
        "networks.PartyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="forums",
        help_text=_("The party unit holding a local policy forum."),
    )
    region = models.ForeignKey(
        "networks.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="forums",
        help_text=_("The organising unit's region; for a coordinators' event, its region (empty: national)."),
    )
    constituency = models.ForeignKey(
        "networks.Constituency", null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    commission = models.ForeignKey(
        "networks.PolicyCommission", null=True, blank=True, on_delete=models.PROTECT, related_name="forums"
    )
    issue = models.ForeignKey(
        "commissions.WorkProgrammeIssue", null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    document = models.ForeignKey(
        "commissions.ConsultationDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    questions = models.TextField(
        _("questions to discuss"), max_length=3000, blank=True,
        help_text=_("Which of the issue's or document's questions the forum will take, one a line."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.TextField(_("address"), max_length=400, blank=True)
    postcode = models.CharField(_("post code"), max_length=8, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty for no limit. Past it, people join a waiting list.")
    )
    openness = models.CharField(_("open to"), max_length=12, choices=Openness.choices, default=Openness.MEMBERS)
    organiser_contact = models.CharField(
        _("organiser's contact"), max_length=200,
        help_text=_("A phone number or email address, shown only to people who registered."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="organised_forums"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    walk_ins = models.PositiveIntegerField(
        _("people who came without registering"), default=0,
        help_text=_("Counted in the report's attendance; they are not on the register."),
    )
    message_subject = models.CharField(max_length=150, blank=True)
    message_body = models.TextField(max_length=3000, blank=True)
    message_sent_at = models.DateTimeField(null=True, blank=True)
    report = models.OneToOneField(
        "commissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="forum"
    )

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["kind", "starts_at"], name="forum_listing"),
            models.Index(fields=["region", "starts_at"], name="forum_region"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="forum_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        name = "commissions:forum" if self.is_local_forum else "commissions:coordinator_event"
        return reverse(name, kwargs={"pk": self.pk})

    @property
    def is_local_forum(self) -> bool:
        return self.kind == self.Kind.FORUM

    @property
    def is_national(self) -> bool:
        return not self.is_local_forum and self.region_id is None

    @property
    def has_happened(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def topic_label(self) -> str:
        """What the forum discusses, as the listing shows it."""
        if self.issue_id:
            return self.issue.title
        if self.document_id:
            return self.document.title
        return ""

    @property
    def host_label(self) -> str:
        """Who holds it: the unit, or the region's office, or the party nationally."""
        if self.unit_id:
            return self.unit.name
        if self.region_id:
            return _("%(region)s regional office") % {"region": self.region.name}
        return _("National")

    @property
    def places_left(self) -> int | None:
        """Places still free (None: no limit), from the listing's `places_taken` when it was counted."""
        if self.capacity is None:
            return None
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.registrations.registered().count()
        return max(self.capacity - taken, 0)

    @property
    def is_online_only(self) -> bool:
        return bool(self.online_url) and not self.venue


class RegistrationQuerySet(models.QuerySet):
    def taking_part(self):
        """Those with a place or on the waiting list (not cancelled, and confirmed if they registered by email)."""
        return self.filter(status__in=(ForumRegistration.Status.REGISTERED, ForumRegistration.Status.WAITING))

    def registered(self):
        return self.filter(status=ForumRegistration.Status.REGISTERED)

    def waiting(self):
        return self.filter(status=ForumRegistration.Status.WAITING).order_by("registered_at", "pk")

    def attended(self):
        return self.filter(attended=True)


class ForumRegistration(models.Model):
    """One person's place at a forum: a member (by their account) or someone from the wider community.

    Someone from the wider community gives a name and an email address and
    confirms it through a link; nothing about them is shown publicly. Whether
    they hear what happens to the forum's report is their own choice.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="forum_registrations"
    )
    name = models.CharField(_("your name"), max_length=120, blank=True)
    email = models.EmailField(_("your email address"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    follows_outcome = models.BooleanField(
        _("tell me what happens to the forum's report"), default=True,
        help_text=_("You will get an email each time the commission moves it on, and its response."),
    )
    attended = models.BooleanField(null=True, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "user"], condition=Q(user__isnull=False), name="one_registration_per_member"
            ),
            models.UniqueConstraint(
                fields=["forum", "email"], condition=Q(user__isnull=True), name="one_registration_per_address"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(name="") & ~Q(email="")),
                name="registration_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s at %(forum)s") % {"name": self.display_name, "forum": self.forum}

    @property
    def is_member(self) -> bool:
        return self.user_id is not None

    @property
    def display_name(self) -> str:
        if self.user_id:
            profile = getattr(self.user, "profile", None)
            return (profile.display_name if profile else "") or self.user.get_username()
        return self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id else self.email
