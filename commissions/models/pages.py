"""The commissions' pages: `/commissions/` and one page per policy commission."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from networks.models import PolicyCommission
from networks.pagetypes import ChildrenNameTheirParent, ReservedPaths

RESERVED_COMMISSION_PATHS = ReservedPaths("submit", "queue", "figures", "documents", "dialogue")
"""Words under /commissions/<slug>/ that belong to views, not to child pages; apps above add their own."""


class CommissionIndexPage(Page):
    """`/commissions/`: the six policy commissions, with their accountability figures."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "commissions/commission_index_page.html"
    subpage_types = ["commissions.CommissionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from commissions.selectors import commission_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(commission_index_context(self, request.user))
        return context


class CommissionPage(ChildrenNameTheirParent, Page):
    """A commission's public page: members and seats, work programme, documents and figures.

    Its child page types (bulletins) name it in their `parent_page_types`.
    """

    commission = models.OneToOneField(PolicyCommission, on_delete=models.PROTECT, related_name="page")
    intro = models.TextField(blank=True, help_text=_("What the commission is working on this year."))

    content_panels = Page.content_panels + [FieldPanel("commission"), FieldPanel("intro")]
    template = "commissions/commission_page.html"
    parent_page_types = ["commissions.CommissionIndexPage"]

    def get_context(self, request, *args, **kwargs):
        from commissions.selectors import commission_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(commission_page_context(self.commission, request.user))
        return context

    def clean(self):
        super().clean()
        if self.slug in RESERVED_COMMISSION_PATHS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the commission's own pages; choose another slug."})
