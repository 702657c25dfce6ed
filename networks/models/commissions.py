"""The six policy commissions and who sits on them: a commission seat is a role the whole site asks about.

The commissions' pages, work programmes, documents and submissions are the
`commissions` app's; here is only who the commissions are and who is on them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel


class PolicyCommission(ClusterableModel):
    """One of the six policy commissions that draw up policy for the NPF.

    Its members take part in every network's dialogue and are shown with a
    badge naming the commission. Its annual work programme (the topical issues
    it wants local parties to discuss) is curated with it in the admin.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    code = models.CharField(
        max_length=3, unique=True, help_text=_("Three letters used in submission references, e.g. HEA.")
    )
    remit = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.code and (len(self.code) != 3 or not self.code.isalpha()):
            raise ValidationError({"code": gettext("Use exactly three letters, e.g. HEA.")})
        self.code = (self.code or "").upper()


class CommissionMembership(models.Model):
    class Seat(models.TextChoices):
        CHAIR = "chair", _("Chair")
        GOVERNMENT = "government", _("Government")
        NEC = "nec", _("National Executive Committee")
        NPF = "npf", _("National Policy Forum")
        # Party staff who support a commission: with the chair, they hear of submissions left unacknowledged.
        OFFICER = "officer", _("Policy officer")
    commission = ParentalKey(PolicyCommission, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commission_memberships")
    seat = models.CharField(max_length=20, choices=Seat.choices, default=Seat.NPF)

    panels = [FieldPanel("user"), FieldPanel("seat")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commission", "user"], name="one_seat_per_commission")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_seat_display()}, {self.commission})"
