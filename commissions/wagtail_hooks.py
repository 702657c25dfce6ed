"""Wagtail admin for the policy commissions: each commission with its members and work programme, and its documents.

Both sit in the ground floor's "Partnership in Power" menu, beside the party
units, constituencies, coordinators and regional offices.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from commissions.models import ConsultationDocument
from networks.models import PolicyCommission
from networks.wagtail_hooks import PARTNERSHIP_IN_POWER_MENU


class PolicyCommissionViewSet(SnippetViewSet):
    model = PolicyCommission
    icon = "group"
    menu_label = gettext_lazy("Policy commissions")
    menu_hook = PARTNERSHIP_IN_POWER_MENU
    menu_order = 1
    list_display = ["name", "code"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("code"),
        FieldPanel("remit"),
        InlinePanel("memberships", label=_("Members")),
        InlinePanel("work_programme", label=_("Work programme issues")),
    ]


class ConsultationDocumentViewSet(SnippetViewSet):
    model = ConsultationDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Consultation documents")
    menu_hook = PARTNERSHIP_IN_POWER_MENU
    menu_order = 2
    list_display = ["title", "commission", "stage", "year", "is_open"]
    list_filter = ["commission", "stage", "is_open"]
    search_fields = ["title"]


register_snippet(PolicyCommissionViewSet)
register_snippet(ConsultationDocumentViewSet)
