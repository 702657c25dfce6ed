"""Wagtail admin for commissions, party units, regions and coordinators.

Everything Partnership in Power keeps as data sits in one "Partnership in Power"
menu, so staff find commissions, documents, units, constituencies, coordinators
and regional offices together.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from networks.models import (
    Constituency,
    ConsultationDocument,
    Coordinator,
    PartyUnit,
    PolicyCommission,
    Region,
    UnitMembership,
)
from networks.permissions import can


class ContactDetailsPolicy(ModelPermissionPolicy):
    """Coordinators' addresses and phone numbers: Django's model permissions and `view_contact_details` too.

    So a group given "can view coordinator" by mistake still shows them only to staff.
    """

    def user_has_permission(self, user, action):
        return can(user, "view_contact_details") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return can(user, "view_contact_details") and super().user_has_any_permission(user, actions)


register_permission_policy(Coordinator, ContactDetailsPolicy(Coordinator))


class PolicyCommissionViewSet(SnippetViewSet):
    model = PolicyCommission
    icon = "group"
    menu_label = "Policy commissions"
    list_display = ["name", "code"]
    search_fields = ["name"]


class ConsultationDocumentViewSet(SnippetViewSet):
    model = ConsultationDocument
    icon = "doc-full"
    menu_label = "Consultation documents"
    list_display = ["title", "commission", "stage", "year", "is_open"]
    list_filter = ["commission", "stage", "is_open"]
    search_fields = ["title"]


class PartyUnitViewSet(SnippetViewSet):
    model = PartyUnit
    icon = "site"
    menu_label = "Party units"
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


class UnitMembershipViewSet(SnippetViewSet):
    model = UnitMembership
    icon = "user"
    menu_label = "Unit members"
    list_display = ["user", "unit", "position"]
    list_filter = ["unit__kind"]


class ConstituencyViewSet(SnippetViewSet):
    model = Constituency
    icon = "pick"
    menu_label = "Constituencies"
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


class CoordinatorViewSet(SnippetViewSet):
    model = Coordinator
    icon = "mail"
    menu_label = "PiP coordinators"
    list_display = ["full_name", "constituency", "unit", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["full_name", "email"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    menu_label = "Regional offices"
    list_display = ["name", "phone", "email"]
    search_fields = ["name"]


class PartnershipInPowerGroup(SnippetViewSetGroup):
    menu_label = "Partnership in Power"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        PolicyCommissionViewSet,
        ConsultationDocumentViewSet,
        PartyUnitViewSet,
        UnitMembershipViewSet,
        ConstituencyViewSet,
        CoordinatorViewSet,
        RegionViewSet,
    )


register_snippet(PartnershipInPowerGroup)
