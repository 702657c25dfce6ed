"""The amendments paper an NPF meeting works from, and the final document it leaves.

`amendments_paper(document)` compiles, paragraph by paragraph, the text and
every amendment forwarded to the NPF (with composites and their originals),
each numbered as the meeting refers to it ("Health 2026, para 12, amendment
3"), with its diff, proposing units and region, backing and status, in a fixed
number of queries. The same compiled paper renders as a printable page and,
through WeasyPrint, as a PDF; fonts come from the machine's packages
(fonts-dejavu-core), so nothing is fetched while rendering.

The same compilation carries the NPF's outcomes for the final document: each
paragraph's agreed wording, a word diff from the draft, and the amendments
that changed it and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from commissions.models import (
    Amendment,
    AmendmentBacking,
    AmendmentEvent,
    ConsultationDocument,
    ConsultationParagraph,
    agreed_wording,
    word_diff,
)

ON_THE_PAPER = [status for status in Amendment.Status.values if status not in (Amendment.Status.SUBMITTED, Amendment.Status.RETURNED)]
"""What the paper lists: every amendment its NPF representative forwarded, whatever became of it since."""


@dataclass
class PaperParagraph:
    paragraph: ConsultationParagraph
    amendments: list[Amendment]
    agreed_text: str = ""
    changed_by: list[Amendment] = field(default_factory=list)

    @property
    def is_changed(self) -> bool:
        return self.agreed_text != self.paragraph.text

    @property
    def diff(self) -> list[tuple[str, str]]:
        return word_diff(self.paragraph.text, self.agreed_text)

    @property
    def waiting(self) -> list[Amendment]:
        return [a for a in self.amendments if a.status == Amendment.Status.FORWARDED]


@dataclass
class Paper:
    document: ConsultationDocument
    compiled_at: datetime
    paragraphs: list[PaperParagraph]

    @property
    def amendment_count(self) -> int:
        return sum(len(p.amendments) for p in self.paragraphs)

    @property
    def decided_count(self) -> int:
        return sum(1 for p in self.paragraphs for a in p.amendments if a.is_decided)


def _describe(amendment: Amendment) -> None:
    """Who proposed it and from where (a composite: its originals'), and who backs it, for the paper."""
    if amendment.is_composite:
        originals = list(amendment.originals.all())
        amendment.proposers = [o.unit.name for o in originals if o.unit_id]
        amendment.regions = sorted({o.region.name for o in originals if o.region_id})
        amendment.original_list = originals
    else:
        amendment.proposers = [amendment.unit.name] if amendment.unit_id else []
        amendment.regions = [amendment.region.name] if amendment.region_id else []
        amendment.original_list = []
    amendment.backers = [b.unit.name for b in amendment.backings.all()]


def amendments_paper(document: ConsultationDocument, *, statuses=ON_THE_PAPER) -> Paper:
    """The compiled paper for a stage-3 document (a fixed number of queries, however many amendments)."""
    amendments = (
        Amendment.objects.filter(document=document, status__in=statuses)
        .select_related("unit", "region", "composite")
        .prefetch_related(
            Prefetch("backings", queryset=AmendmentBacking.objects.select_related("unit")),
            Prefetch("originals", queryset=Amendment.objects.select_related("unit", "region").order_by("number", "id")),
            Prefetch("events", queryset=AmendmentEvent.objects.select_related("actor__profile")),
        )
        .order_by("number", "created_at", "id")
    )
    paragraphs = list(document.paragraphs.prefetch_related(Prefetch("amendments", queryset=amendments)))
    compiled = []
    for paragraph in paragraphs:
        listed = list(paragraph.amendments.all())
        for amendment in listed:
            # The objects already in hand, so `reference` and `diff` ask nothing more of the database.
            amendment.paragraph, amendment.document = paragraph, document
            if amendment.composite is not None:
                amendment.composite.paragraph, amendment.composite.document = paragraph, document
            _describe(amendment)
        for amendment in listed:
            for original in getattr(amendment, "original_list", []):
                original.paragraph, original.document = paragraph, document
        agreed, changed = agreed_wording(paragraph, listed)
        compiled.append(PaperParagraph(paragraph, listed, agreed, changed))
    return Paper(document=document, compiled_at=timezone.now(), paragraphs=compiled)


def paper_stylesheet() -> str:
    path = finders.find("commissions/paper.css")
    if path is None:
        raise FileNotFoundError("commissions/paper.css is missing from the static files")
    return path


def paper_pdf(paper: Paper) -> bytes:
    """The paper as a PDF (WeasyPrint), laid out by the same template and stylesheet as the printed page."""
    from weasyprint import (  # imported here: it loads Pango, which only this download needs
        CSS,
        HTML,
    )

    html = render_to_string("commissions/paper/pdf.html", {"paper": paper})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=paper_stylesheet())])
