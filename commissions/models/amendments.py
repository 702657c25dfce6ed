"""Amendments to the numbered paragraphs of final-draft (stage 3) documents, and their timeline."""

from __future__ import annotations

import difflib
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Amendment(models.Model):
    """A party unit's amendment to one numbered paragraph of a final-draft document.

    It goes to the unit's region's NPF representative, who forwards it to the
    commission or returns it with a reason. Forwarded, it gets its number on the
    amendments paper ("Health 2026, para 12, amendment 3"), and its outcome at the
    NPF is recorded: accepted, accepted as amended, composited (merged with
    others into a composite, itself a new amendment that rewrites the paragraph
    and links the originals), remitted, withdrawn or rejected.
    """

    class Kind(models.TextChoices):
        DELETE = "delete", _("Delete text")
        INSERT = "insert", _("Insert text")
        REPLACE = "replace", _("Replace text")
        REWRITE = "rewrite", _("Composite wording")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        FORWARDED = "forwarded", _("Forwarded")
        ACCEPTED = "accepted", _("Accepted")
        ACCEPTED_AS_AMENDED = "accepted_amended", _("Accepted as amended")
        COMPOSITED = "composited", _("Composited")
        REMITTED = "remitted", _("Remitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    document = models.ForeignKey("commissions.ConsultationDocument", on_delete=models.CASCADE, related_name="amendments")
    paragraph = models.ForeignKey("commissions.ConsultationParagraph", on_delete=models.CASCADE, related_name="amendments")
    unit = models.ForeignKey(
        "networks.PartyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
        help_text=_("Empty for a composite: its proposing units are those of the amendments it merges."),
    )
    region = models.ForeignKey("networks.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target_text = models.TextField(
        blank=True, help_text=_("The words of the paragraph to delete or replace, or to insert after.")
    )
    new_text = models.TextField(blank=True, help_text=_("The words to insert, or to put in place of the target."))
    reason = models.TextField("why this amendment", max_length=2000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Its number among the paragraph's amendments on the amendments paper.")
    )
    composite = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="originals",
        help_text=_("The composite this amendment was merged into."),
    )
    agreed_text = models.TextField(
        blank=True, help_text=_("Accepted as amended: the paragraph's wording as the NPF agreed it.")
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paragraph__number", "created_at", "id"]

    def __str__(self) -> str:
        return _("%(kind)s in paragraph %(number)s (%(unit)s)") % {
            "kind": self.get_kind_display(), "number": self.paragraph.number, "unit": self.unit or _("composite")}

    @property
    def is_composite(self) -> bool:
        return self.kind == self.Kind.REWRITE

    @property
    def is_decided(self) -> bool:
        """Whether the NPF has recorded its outcome."""
        return self.status in OUTCOMES

    @property
    def reference(self) -> str:
        """How the meeting refers to it: "Health 2026, para 12, amendment 3" (numbered once forwarded)."""
        if self.number is None:
            return ""
        return _("%(commission)s %(year)s, para %(paragraph)s, amendment %(number)s") % {
            "commission": self.document.commission.name,
            "year": self.document.year,
            "paragraph": self.paragraph.number,
            "number": self.number,
        }

    def apply_to(self, text: str) -> str | None:
        """`text` with this amendment made, or None when the words it changes are not in `text`."""
        if self.kind == self.Kind.REWRITE:
            return self.new_text
        target = self.target_text
        if self.kind == self.Kind.INSERT:
            if target and target not in text:
                return None
            end = text.find(target) + len(target) if target else len(text)
            return text[:end] + _joined(text[:end], self.new_text) + text[end:]
        if not target or target not in text:
            return None
        replacement = self.new_text if self.kind == self.Kind.REPLACE else ""
        at = text.find(target)
        return text[:at] + replacement + text[at + len(target):]

    def diff(self) -> list[tuple[str, str]]:
        """The paragraph as (kind, text) pieces: "same", "del" and "ins", in reading order.

        Plain strings only: the template escapes each piece, so no member text is
        ever marked safe.
        """
        text = self.paragraph.text
        if self.kind == self.Kind.REWRITE:
            return word_diff(text, self.new_text)
        target = self.target_text
        at = text.find(target) if target else -1
        if self.kind == self.Kind.INSERT:
            end = at + len(target) if at >= 0 else len(text)
            before, after = text[:end], text[end:]
            inserted = _joined(before, self.new_text)
            return [piece for piece in [("same", before), ("ins", inserted), ("same", after)] if piece[1]]
        if at < 0:
            return [("same", text)]
        pieces = [("same", text[:at]), ("del", target)]
        if self.kind == self.Kind.REPLACE:
            pieces.append(("ins", self.new_text))
        pieces.append(("same", text[at + len(target):]))
        return [piece for piece in pieces if piece[1]]


OUTCOMES = (
    Amendment.Status.ACCEPTED,
    Amendment.Status.ACCEPTED_AS_AMENDED,
    Amendment.Status.COMPOSITED,
    Amendment.Status.REMITTED,
    Amendment.Status.WITHDRAWN,
    Amendment.Status.REJECTED,
)
"""The outcomes the NPF records for a forwarded amendment."""


def _joined(before: str, inserted: str) -> str:
    """Inserted words with the space they need after `before` (none before punctuation)."""
    if before and not before[-1].isspace() and inserted[:1] not in tuple(",.;:!?) ") + ("",):
        return " " + inserted
    return inserted


_WORDS = re.compile(r"^\s+|\S+\s*")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word by word, the pieces that stay, go ("del") and come ("ins") from `old` to `new` (difflib)."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[tuple[str, str]] = []

    def add(kind: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        else:
            pieces.append((kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", before[i1:i2])
        else:
            add("del", before[i1:i2])
            add("ins", after[j1:j2])
    return pieces


class AmendmentEvent(models.Model):
    """One entry on an amendment's timeline: proposed, forwarded or returned, composited, its outcome."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Amendment.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("Amendment %(amendment)s: %(status)s") % {"amendment": self.amendment_id, "status": self.get_status_display()}


def agreed_wording(paragraph, amendments) -> tuple[str, list[Amendment]]:
    """The paragraph as the NPF agreed it, and the amendments that changed it, in the order decided.

    `amendments` are the paragraph's (already fetched); those accepted apply in
    turn to the text as already amended, and one accepted as amended sets the
    wording the meeting agreed.
    """
    text, changed = paragraph.text, []
    decided = sorted(
        (a for a in amendments if a.status in (Amendment.Status.ACCEPTED, Amendment.Status.ACCEPTED_AS_AMENDED)),
        key=lambda a: (a.decided_at or a.created_at, a.pk),
    )
    for amendment in decided:
        if amendment.status == Amendment.Status.ACCEPTED_AS_AMENDED:
            text = amendment.agreed_text
        else:
            text = amendment.apply_to(text) or text
        changed.append(amendment)
    return text, changed
