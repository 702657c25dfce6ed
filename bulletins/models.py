"""Email bulletins: the page an editor writes, and the record of its delivery.

A bulletin is a Wagtail page under its network (or its policy commission), so it has revisions, preview and
the moderation workflow. Publishing it only puts it on the site; sending is a
separate, deliberate step recorded in `BulletinSending` (at most one per
bulletin) and `BulletinDelivery` (at most one per bulletin and member). Those
two unique constraints are what keep a bulletin from reaching anyone twice:
the delivery state lives outside the page, so republishing or reverting a
revision can never reset it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from bulletins.blocks import BulletinBodyBlock
from commissions.models import RESERVED_COMMISSION_PATHS, CommissionPage
from networks.models import RESERVED_NETWORK_PATHS, NetworkPage, PolicyCommission

SUBJECT_MAX_LENGTH = 150

ONE_SENDER = (
    models.Q(network__isnull=False, commission__isnull=True, coordinators__isnull=True)
    | models.Q(network__isnull=True, commission__isnull=False, coordinators__isnull=True)
    | models.Q(network__isnull=True, commission__isnull=True, coordinators__isnull=False)
)
"""A sending or a member's choice names exactly one sender: a network, a commission or a coordinators' list."""


class BulletinQuerySet(PageQuerySet):
    def sent(self) -> BulletinQuerySet:
        """Bulletins whose sending has been queued: the archive shows only these."""
        return self.filter(sending__isnull=False)

    def archive_of(self, page: Page) -> BulletinQuerySet:
        """Sent, live bulletins under a network or commission page, newest sending first."""
        return (
            self.live()
            .sent()
            .child_of(page)
            .select_related("sending")
            .order_by("-sending__requested_at")
        )


class BulletinPage(Page):
    """An email bulletin from a network's editors to the members who want it.

    Readable on the site at its own URL once it has been sent (editors and staff
    see it before that); in a members-only network only members can read it.
    """

    subject = models.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("The email's subject line. Keep it short and specific; members see it in their inbox."),
    )
    summary = models.TextField(
        max_length=300,
        help_text=_("One or two sentences shown at the top of the email, in the archive and in the RSS feed."),
    )
    body = StreamField(BulletinBodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("subject"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("subject"), index.SearchField("summary")]
    parent_page_types = ["networks.NetworkPage", "commissions.CommissionPage", "bulletins.CoordinatorBulletinsPage"]
    subpage_types: list[str] = []
    preview_modes = [("", "Web page"), ("email", "Email")]

    objects = PageManager.from_queryset(BulletinQuerySet)()

    template = "bulletins/bulletin_page.html"

    class Meta:
        verbose_name = "bulletin"

    @property
    def audience(self):
        """Who this bulletin is for, from the page it sits under (see bulletins.audiences)."""
        from bulletins.audiences import audience_under

        return audience_under(self.get_parent())

    @property
    def network(self) -> NetworkPage | None:
        return self.audience.network

    @property
    def sending_or_none(self) -> BulletinSending | None:
        try:
            return self.sending
        except BulletinSending.DoesNotExist:
            return None

    @property
    def is_sent(self) -> bool:
        return self.sending_or_none is not None

    def clean(self):
        super().clean()
        if self.slug in RESERVED_NETWORK_PATHS or self.slug in RESERVED_COMMISSION_PATHS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the site's own pages; choose another slug."})
        if "\n" in self.subject or "\r" in self.subject:
            raise ValidationError({"subject": gettext("The subject must fit on one line.")})

    def get_context(self, request, *args, **kwargs):
        from networks.permissions import can

        context = super().get_context(request, *args, **kwargs)
        audience = self.audience
        context["audience"] = audience
        context["network"] = audience.network  # the live blocks list this network's chats and threads
        context["bulletin_sending"] = self.sending_or_none if self.pk else None
        context["may_send"] = can(request.user, "send_bulletin", audience.page)
        context["may_see_report"] = can(request.user, "see_delivery_report", audience.page)
        return context

    def serve(self, request, *args, **kwargs):
        from networks.permissions import can
        from networks.refusals import refuse_unless

        audience = self.audience
        if audience.is_network:
            # The refusal names the network, never the bulletin: its subject is for members.
            refuse_unless(request.user, "view_network", audience.network)
        elif audience.is_coordinators:
            refuse_unless(request.user, "read_coordinator_bulletins", audience.coordinators_page, COORDINATORS_ONLY)
        if not self.is_sent and not can(request.user, "write_bulletin", audience.page):
            raise Http404(gettext("This bulletin has not been sent yet."))
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            from bulletins.emails import render_bulletin

            response = HttpResponse(render_bulletin(self, self.audience).preview_for(request.user))
            # Email clients need the email's inline styles, so the editor's preview of it keeps
            # them: Wagtail renders previews through the site's middleware (the page's own path,
            # not /admin/), whose policy refuses inline styles. Scripts stay refused.
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
            return response
        return super().serve_preview(request, mode_name)


COORDINATORS_ONLY = _("Updates to PiP coordinators are for the coordinators, their regional offices and party staff.")


class CoordinatorBulletinsPage(Page):
    """The PiP coordinators of one region (or, with no region, of every region) as a bulletin audience.

    The briefing promises coordinators "regular email updates". Staff write
    those updates as bulletins under this page; its page is their archive,
    readable by the coordinators it is for, regional offices and staff. Its
    circle is every coordinator (of the region) with an account.
    """

    region = models.OneToOneField(
        "networks.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="coordinator_bulletins",
        help_text=_("Empty for the national list: every coordinator in every region."),
    )
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("region"), FieldPanel("intro")]
    subpage_types = ["bulletins.BulletinPage", "bulletins.CoordinatorBulletinsPage"]
    template = "bulletins/coordinator_bulletins_page.html"

    class Meta:
        verbose_name = _("PiP coordinators' bulletins")

    def clean(self):
        super().clean()
        if self.region_id is None and CoordinatorBulletinsPage.objects.filter(region__isnull=True).exclude(pk=self.pk).exists():
            raise ValidationError({"region": _("There is already a national page for coordinators' bulletins; choose a region.")})

    def get_context(self, request, *args, **kwargs):
        from bulletins.audiences import Audience
        from bulletins.selectors import archive
        from networks.permissions import can

        context = super().get_context(request, *args, **kwargs)
        audience = Audience(coordinators_page=self)
        context.update({
            "audience": audience,
            "bulletins": archive(self),
            "may_write": can(request.user, "write_bulletin", audience),
            "may_send": can(request.user, "send_bulletin", audience),
            "regional_pages": self.get_children().live().type(CoordinatorBulletinsPage).specific() if self.region_id is None else [],
        })
        return context

    def serve(self, request, *args, **kwargs):
        from networks.refusals import refuse_unless

        refuse_unless(request.user, "read_coordinator_bulletins", self, COORDINATORS_ONLY)
        return super().serve(request, *args, **kwargs)


class BulletinSending(models.Model):
    """The decision to send one bulletin to its network's members: made once, never again.

    The one-to-one key is the guard against pressing "Send to members" twice:
    a second sending cannot be created, even by two requests at the same moment.
    """

    bulletin = models.OneToOneField(BulletinPage, on_delete=models.CASCADE, related_name="sending")
    network = models.ForeignKey(
        NetworkPage, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_sendings"
    )
    commission = models.ForeignKey(
        PolicyCommission, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_sendings"
    )
    coordinators = models.ForeignKey(
        CoordinatorBulletinsPage, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_sendings"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The published revision that members receive."),
    )
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    expected_recipients = models.PositiveIntegerField(
        help_text=_("How many members the confirmation page said would receive it.")
    )
    recipients_listed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a delivery row existed for every recipient.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_SENDER, name="bulletin_sending_names_one_sender_of_three")
        ]

    def __str__(self) -> str:
        return gettext("%(subject)s (%(audience)s)") % {
            "subject": self.subject, "audience": self.network or self.commission or self.coordinators}

    @property
    def audience(self):
        from bulletins.audiences import Audience

        if self.network_id:
            return Audience(network=self.network)
        if self.coordinators_id:
            return Audience(coordinators_page=self.coordinators)
        return Audience(commission_page=CommissionPage.objects.select_related("commission").get(commission=self.commission_id))

    def counts(self) -> dict[str, int]:
        """Deliveries by status in one query, every status present (0 when none)."""
        found = dict(
            self.deliveries.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        counts = {status: found.get(status, 0) for status in BulletinDelivery.Status.values}
        counts["total"] = sum(found.values())
        return counts


class BulletinDelivery(models.Model):
    """One member's copy of one bulletin: created once, claimed once, sent at most once.

    QUEUED rows wait for a worker. A worker claims a batch by moving it to
    SENDING in one conditional UPDATE, so two workers never hold the same row.
    A row still SENDING after its worker died is marked UNCONFIRMED and is
    never sent again automatically: it may already have reached the member.
    FAILED rows were refused by the mail server and may be retried by an editor.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNCONFIRMED = "unconfirmed", _("Not confirmed")
    sending = models.ForeignKey(BulletinSending, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulletin_deliveries")
    email = models.EmailField(help_text=_("The address used, as it was when the bulletin was sent."))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    claim = models.UUIDField(null=True, blank=True, help_text=_("The worker batch holding this row while SENDING."))
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sending", "user"], name="one_delivery_per_bulletin_member")]
        indexes = [
            models.Index(fields=["sending", "status"]),
            models.Index(fields=["claim"]),
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return gettext("%(sending)s to %(email)s: %(status)s") % {
            "sending": self.sending, "email": self.email, "status": self.get_status_display()}

    @property
    def explanation(self) -> str:
        """What the delivery report says about a row that was not delivered, in the reader's language."""
        if self.status == self.Status.UNCONFIRMED:
            return gettext("The worker stopped while sending this batch, so delivery was not confirmed. "
                           "It is not resent automatically because the member may already have it.")
        return self.error


class BulletinSettings(models.Model):
    """A network's bulletin defaults, chosen by its editors.

    `new_members_receive` is the choice a member starts with when they join. A
    member who has never chosen follows the current default, so changing it
    first records the old default for everyone already in the network.
    """

    network = models.OneToOneField(NetworkPage, on_delete=models.CASCADE, related_name="bulletin_settings")
    new_members_receive = models.BooleanField(
        default=True, verbose_name=_("New members receive bulletins"),
        help_text=_("Members can change this for themselves at any time on their email preferences page."),
    )

    def __str__(self) -> str:
        return gettext("Bulletin settings for %(network)s") % {"network": self.network}


class BulletinSubscription(models.Model):
    """A member's own choice about one network's (or one commission's) bulletins, once they have made one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulletin_choices")
    network = models.ForeignKey(
        NetworkPage, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_choices"
    )
    commission = models.ForeignKey(
        PolicyCommission, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_choices"
    )
    coordinators = models.ForeignKey(
        CoordinatorBulletinsPage, null=True, blank=True, on_delete=models.CASCADE, related_name="bulletin_choices"
    )
    receive = models.BooleanField()
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="one_bulletin_choice_per_network"),
            models.UniqueConstraint(fields=["user", "commission"], name="one_bulletin_choice_per_commission"),
            models.UniqueConstraint(fields=["user", "coordinators"], name="one_bulletin_choice_per_coordinators_list"),
            models.CheckConstraint(condition=ONE_SENDER, name="bulletin_choice_names_one_sender_of_three"),
        ]

    def __str__(self) -> str:
        about = self.network or self.commission or self.coordinators
        if self.receive:
            return gettext("%(member)s receives %(sender)s bulletins") % {"member": self.user, "sender": about}
        return gettext("%(member)s does not receive %(sender)s bulletins") % {"member": self.user, "sender": about}

