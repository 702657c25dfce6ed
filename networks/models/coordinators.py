"""The Partnership in Power Coordinators Network: sign-ups and the constituencies they cover."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Constituency(models.Model):
    """A parliamentary constituency, held as data so staff can see which have no coordinator yet."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.ForeignKey("networks.Region", on_delete=models.PROTECT, related_name="constituencies")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("region")]

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name_plural = "constituencies"

    def __str__(self) -> str:
        return self.name


class CoordinatorQuerySet(models.QuerySet):
    def for_region(self, region):
        return self.filter(region=region)


class Coordinator(models.Model):
    """A member who joined the PiP Coordinators Network, with the details the briefing asks for.

    The postal address and phone numbers are personal data: only staff see them.
    The sign-up is routed to the region of the constituency it covers.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="coordinator_signups"
    )
    full_name = models.CharField(max_length=120)
    address = models.TextField("postal address", max_length=400)
    postcode = models.CharField("post code", max_length=10)
    unit = models.ForeignKey(
        "networks.PartyUnit", on_delete=models.PROTECT, related_name="coordinators", verbose_name=_("party unit")
    )
    position = models.CharField(max_length=120)
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="coordinators")
    region = models.ForeignKey("networks.Region", on_delete=models.PROTECT, related_name="coordinators")
    email = models.EmailField()
    mobile_phone = models.CharField(max_length=20, blank=True)
    home_phone = models.CharField(max_length=20, blank=True)
    office_phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoordinatorQuerySet.as_manager()

    panels = [
        FieldPanel("full_name"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("unit"),
        FieldPanel("position"),
        FieldPanel("constituency"),
        FieldPanel("email"),
        FieldPanel("mobile_phone"),
        FieldPanel("home_phone"),
        FieldPanel("office_phone"),
    ]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "constituency"],
                name="one_signup_per_constituency",
                violation_error_message="This email address is already signed up as a coordinator for that constituency.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.constituency})"

    def save(self, *args, **kwargs):
        # Routing: a coordinator always belongs to the region of the constituency they cover.
        self.region_id = self.constituency.region_id
        super().save(*args, **kwargs)

    @property
    def phones(self) -> list[tuple[str, str]]:
        """(label, number written for reading) for each phone given, e.g. ("Mobile", "07700 900123")."""
        numbers = [("Mobile", self.mobile_phone), ("Home", self.home_phone), ("Office", self.office_phone)]
        return [(label, readable_phone(number)) for label, number in numbers if number]


def readable_phone(digits: str) -> str:
    """Group a stored UK number as people write it: 029 2087 7700, 0161 496 0000, 01925 574913, 07700 900123."""
    if len(digits) == 11 and digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) == 11 and digits.startswith("01") and "1" in (digits[2], digits[3]):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}" if len(digits) > 5 else digits
