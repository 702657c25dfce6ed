"""Which constituency a post code is in, from data the project holds (no lookup service is called)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostcodeDistrict(models.Model):
    """A post-code district (the first half of a post code, e.g. WA2) and a constituency it lies in.

    A district can straddle constituencies, so it may have several rows; finding a
    forum by post code then offers each. Loaded from a CSV with
    `manage.py load_postcode_districts` (the repository ships
    `networks/data/postcode_districts.csv` for the demo's constituencies).
    """

    district = models.CharField(_("post-code district"), max_length=4, db_index=True)
    constituency = models.ForeignKey(
        "networks.Constituency", on_delete=models.CASCADE, related_name="postcode_districts"
    )

    class Meta:
        ordering = ["district", "constituency__name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "constituency"], name="one_row_per_district_and_constituency")
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.constituency}"
