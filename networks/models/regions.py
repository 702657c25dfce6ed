from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


@register_snippet
class Region(models.Model):
    """One of the party's eleven regions, with its regional office's contact details."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
