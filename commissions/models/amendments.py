"""Amendments to the numbered paragraphs of final-draft (stage 3) documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Amendment(models.Model):
    """A party unit's amendment to one numbered paragraph of a final-draft document.

    It goes to the unit's region's NPF representative, who forwards it to the
    commission or returns it with a reason; the commission then accepts it,
    composites it with others, or rejects it.
    """

    class Kind(models.TextChoices):
        DELETE = "delete", "Delete text"
        INSERT = "insert", "Insert text"
        REPLACE = "replace", "Replace text"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        FORWARDED = "forwarded", "Forwarded"
        ACCEPTED = "accepted", "Accepted"
        COMPOSITED = "composited", "Composited"
        REJECTED = "rejected", "Rejected"

    document = models.ForeignKey("commissions.ConsultationDocument", on_delete=models.CASCADE, related_name="amendments")
    paragraph = models.ForeignKey("commissions.ConsultationParagraph", on_delete=models.CASCADE, related_name="amendments")
    unit = models.ForeignKey("networks.PartyUnit", on_delete=models.PROTECT, related_name="amendments")
    region = models.ForeignKey("networks.Region", on_delete=models.PROTECT, related_name="amendments")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target_text = models.TextField(
        blank=True, help_text="The words of the paragraph to delete or replace, or to insert after."
    )
    new_text = models.TextField(blank=True, help_text="The words to insert, or to put in place of the target.")
    reason = models.TextField("why this amendment", max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paragraph__number", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in paragraph {self.paragraph.number} ({self.unit})"

    def diff(self) -> list[tuple[str, str]]:
        """The paragraph as (kind, text) pieces: "same", "del" and "ins", in reading order.

        Plain strings only: the template escapes each piece, so no member text is
        ever marked safe.
        """
        text = self.paragraph.text
        target = self.target_text
        at = text.find(target) if target else -1
        if self.kind == self.Kind.INSERT:
            end = at + len(target) if at >= 0 else len(text)
            before, after = text[:end], text[end:]
            inserted = self.new_text
            if before and not before[-1].isspace() and inserted[:1] not in tuple(",.;:!?) ") + ("",):
                inserted = " " + inserted
            return [piece for piece in [("same", before), ("ins", inserted), ("same", after)] if piece[1]]
        if at < 0:
            return [("same", text)]
        pieces = [("same", text[:at]), ("del", target)]
        if self.kind == self.Kind.REPLACE:
            pieces.append(("ins", self.new_text))
        pieces.append(("same", text[at + len(target):]))
        return [piece for piece in pieces if piece[1]]
