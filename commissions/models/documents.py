"""What each policy commission asks members about: its work programme and its consultation documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from networks.models import PolicyCommission


class WorkProgrammeIssue(Orderable):
    """A topical issue in a commission's annual work programme: what it asks local parties to discuss."""

    commission = ParentalKey(PolicyCommission, on_delete=models.CASCADE, related_name="work_programme")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    brief = models.TextField(max_length=1500, help_text=_("A short brief: the question and why it matters now."))

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
        MultiFieldPanel([InlinePanel("paragraphs", label=_("Paragraph"))], heading=gettext_lazy("Numbered paragraphs (stage 3)")),
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
    number = models.PositiveSmallIntegerField(help_text=_("The paragraph number amendments refer to."))
    text = models.TextField(max_length=4000)

    panels = [FieldPanel("number"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["number"]

    def __str__(self) -> str:
        return _("Paragraph %(number)s") % {"number": self.number}
