"""Party units: the CLPs, branches and affiliates that hold local policy forums and make submissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PartyUnit(index.Indexed, models.Model):
    """A constituency Labour party, branch, affiliated trade union or socialist society.

    Every unit belongs to a region, so its submissions are routed to that
    region's office and its amendments to that region's NPF representatives.
    """

    class Kind(models.TextChoices):
        CLP = "clp", _("Constituency Labour Party")
        BRANCH = "branch", _("Branch")
        UNION = "union", _("Affiliated trade union")
        SOCIETY = "society", _("Socialist society")
    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLP)
    region = models.ForeignKey("networks.Region", on_delete=models.PROTECT, related_name="units")
    constituency = models.ForeignKey(
        "networks.Constituency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text=_("For CLPs and branches: the constituency they organise in."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("region"), FieldPanel("constituency")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitMembership(models.Model):
    """A member's place in a party unit, with the position they hold there (secretary, policy officer…).

    Officers speak for the unit: they send its submissions, propose its amendments,
    organise its local policy forums and answer a commission's invitation to a
    dialogue session on its behalf. Every member of a unit sees what it has sent.
    Whether a position is an office is recorded, not guessed from its wording.
    """

    unit = models.ForeignKey(PartyUnit, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_memberships")
    position = models.CharField(max_length=120, default="Member", help_text=_("E.g. secretary, policy officer, member."))
    is_officer = models.BooleanField(
        "officer",
        default=False,
        help_text=_("Officers (secretary, chair, policy officer…) send the unit's submissions and propose its amendments."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    from_membership_list = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("Linked when the member verified against the membership list; a lapse or a move takes it back."),
    )

    panels = [FieldPanel("unit"), FieldPanel("user"), FieldPanel("position"), FieldPanel("is_officer")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="one_position_per_unit")]
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.position}, {self.unit})"
