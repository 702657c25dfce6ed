"""Other party units backing a submission: "Warrington North CLP and 11 others back this".

A unit backs a submission once (a constraint, not only a check), never its
own, and may withdraw its backing. The backing unit's members follow the
submission and hear its outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Backing(models.Model):
    submission = models.ForeignKey("commissions.Submission", on_delete=models.CASCADE, related_name="backings")
    unit = models.ForeignKey("networks.PartyUnit", on_delete=models.CASCADE, related_name="backings")
    backed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    statement = models.TextField(_("statement"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "unit"], name="one_backing_per_unit")]

    def __str__(self) -> str:
        return _("%(unit)s backs submission %(submission)s") % {"unit": self.unit, "submission": self.submission_id}


class AmendmentBacking(models.Model):
    """Another party unit's support for an amendment: shown on the paper, and told of the outcome."""

    amendment = models.ForeignKey("commissions.Amendment", on_delete=models.CASCADE, related_name="backings")
    unit = models.ForeignKey("networks.PartyUnit", on_delete=models.CASCADE, related_name="amendment_backings")
    backed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["amendment", "unit"], name="one_amendment_backing_per_unit")]

    def __str__(self) -> str:
        return _("%(unit)s backs amendment %(amendment)s") % {"unit": self.unit, "amendment": self.amendment_id}
