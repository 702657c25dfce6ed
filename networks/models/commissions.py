"""The six policy commissions, their pages, work programmes and consultation documents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

# Paths under /commissions/<slug>/ that belong to views, not to child pages.
RESERVED_COMMISSION_PATHS = frozenset({"submit", "queue", "figures", "documents"})


class PolicyCommission(ClusterableModel):
    """One of the six policy commissions that draw up policy for the NPF.

    Its members take part in every network's dialogue and are shown with a
    badge naming the commission. Its annual work programme (the topical issues
    it wants local parties to discuss) is curated here by editors.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    code = models.CharField(
        max_length=3, unique=True, help_text="Three letters used in submission references, e.g. HEA."
    )
    remit = models.TextField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("code"),
        FieldPanel("remit"),
        InlinePanel("memberships", label="Members"),
        InlinePanel("work_programme", label="Work programme issues"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.code and (len(self.code) != 3 or not self.code.isalpha()):
            raise ValidationError({"code": "Use exactly three letters, e.g. HEA."})
        self.code = (self.code or "").upper()


class CommissionMembership(models.Model):
    class Seat(models.TextChoices):
        CHAIR = "chair", "Chair"
        GOVERNMENT = "government", "Government"
        NEC = "nec", "National Executive Committee"
        NPF = "npf", "National Policy Forum"

    commission = ParentalKey(PolicyCommission, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commission_memberships")
    seat = models.CharField(max_length=20, choices=Seat.choices, default=Seat.NPF)

    panels = [FieldPanel("user"), FieldPanel("seat")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commission", "user"], name="one_seat_per_commission")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_seat_display()}, {self.commission})"


class WorkProgrammeIssue(Orderable):
    """A topical issue in a commission's annual work programme: what it asks local parties to discuss."""

    commission = ParentalKey(PolicyCommission, on_delete=models.CASCADE, related_name="work_programme")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    brief = models.TextField(max_length=1500, help_text="A short brief: the question and why it matters now.")

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("title")]), FieldPanel("brief")]

    class Meta(Orderable.Meta):
        ordering = ["-year", "sort_order"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ConsultationDocument(ClusterableModel):
    """A policy consultation document at one of the three stages of the rolling programme.

    Stage 1 is the "Big Conversation" document, stage 2 sets out policy choices,
    and stage 3 is the final draft, whose numbered paragraphs party units may
    amend through their NPF representatives while it is open.
    """

    class Stage(models.IntegerChoices):
        BIG_CONVERSATION = 1, "Stage 1: big conversation"
        POLICY_CHOICES = 2, "Stage 2: policy choices"
        FINAL_DRAFT = 3, "Stage 3: final draft for amendment"

    commission = models.ForeignKey(PolicyCommission, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.BIG_CONVERSATION)
    year = models.PositiveSmallIntegerField()
    is_open = models.BooleanField("open for submissions", default=True)
    summary = models.TextField(max_length=2000, blank=True)

    panels = [
        FieldPanel("commission"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("year"), FieldPanel("is_open")]),
        FieldPanel("summary"),
        MultiFieldPanel([InlinePanel("paragraphs", label="Paragraph")], heading="Numbered paragraphs (stage 3)"),
    ]

    class Meta:
        ordering = ["-year", "stage", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_final_draft(self) -> bool:
        return self.stage == self.Stage.FINAL_DRAFT

    @property
    def state_label(self) -> str:
        return "Open" if self.is_open else "Closed"


class ConsultationParagraph(Orderable):
    """One numbered paragraph of a final-draft document: the unit an amendment refers to."""

    document = ParentalKey(ConsultationDocument, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField(help_text="The paragraph number amendments refer to.")
    text = models.TextField(max_length=4000)

    panels = [FieldPanel("number"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Paragraph {self.number}"


class CommissionIndexPage(Page):
    """`/commissions/`: the six policy commissions, with their accountability figures."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "networks/commissions/commission_index_page.html"
    subpage_types = ["networks.CommissionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from networks.commission_selectors import commission_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(commission_index_context(self, request.user))
        return context


class CommissionPage(Page):
    """A commission's public page: members and seats, work programme, documents and figures."""

    commission = models.OneToOneField(PolicyCommission, on_delete=models.PROTECT, related_name="page")
    intro = models.TextField(blank=True, help_text="What the commission is working on this year.")

    content_panels = Page.content_panels + [FieldPanel("commission"), FieldPanel("intro")]
    template = "networks/commissions/commission_page.html"
    parent_page_types = ["networks.CommissionIndexPage"]
    subpage_types = ["networks.BulletinPage"]

    def get_context(self, request, *args, **kwargs):
        from networks.commission_selectors import commission_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(commission_page_context(self.commission, request.user))
        return context

    def clean(self):
        super().clean()
        if self.slug in RESERVED_COMMISSION_PATHS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the commission's own pages; choose another slug."})
