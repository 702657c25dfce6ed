from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Region(models.Model):
    """One of the party's eleven regions, with its regional office's contact details.

    Every submission and coordinator sign-up is routed to a region; the region's
    staff see that region's queue, and its NPF representatives forward the
    amendments its party units propose.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staffed_regions",
        help_text=_("Regional office staff: they see this region's submissions and coordinators."),
    )
    npf_representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="represented_regions",
        verbose_name=_("NPF representatives"),
        help_text=_("National Policy Forum representatives who forward this region's amendments."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("phone"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("staff"),
        FieldPanel("npf_representatives"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
