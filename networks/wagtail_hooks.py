"""Wagtail admin for the ground floor: network roles, and the party's own records.

Staff manage memberships and roles ("Network roles"), and find party units,
unit members, constituencies, coordinators and regional offices in one
"Partnership in Power" menu, which the apps above add their own items to
through the `PARTNERSHIP_IN_POWER_MENU` hook (commissions add the policy
commissions and their documents). Page editing needs no code here: editors get
Wagtail page permissions over their own network's subtree through the group
`networks.actions.editor_group` manages.
"""

from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from networks.actions import sync_editor_access
from networks.media import network_collection
from networks.models import (
    Constituency,
    Coordinator,
    MembershipImport,
    MembershipRecord,
    NetworkMembership,
    NetworkPage,
    PartyUnit,
    Region,
    UnitMembership,
)
from networks.permissions import can
from networks.views.membership_admin import MembershipListImportView


class RulePolicy(BasePermissionPolicy):
    """Asks networks.permissions: only those the staff-only rule `rule` allows see this part of the admin."""

    rule = "administer_memberships"

    def user_has_permission(self, user, action):
        return can(user, self.rule)

    def user_has_any_permission(self, user, actions):
        return can(user, self.rule)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_staff=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class MembershipAdminPolicy(RulePolicy):
    """Network roles: only those who may `administer_memberships`."""

    rule = "administer_memberships"


class NetworkMembershipViewSet(SnippetViewSet):
    model = NetworkMembership
    icon = "group"
    menu_label = gettext_lazy("Network roles")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["user", "network", "role", "status", "joined_at"]
    list_filter = ["role", "status", "network"]
    search_fields = ["user__email", "user__profile__display_name"]
    panels = [FieldPanel("user"), FieldPanel("network"), FieldPanel("role"), FieldPanel("status")]


register_permission_policy(NetworkMembership, MembershipAdminPolicy(NetworkMembership))
register_snippet(NetworkMembershipViewSet)


def _sync(memberships) -> None:
    for membership in memberships:
        if isinstance(membership, NetworkMembership):
            sync_editor_access(membership.user, membership.network)


@hooks.register("after_create_snippet")
def grant_editor_access_after_create(request, instance):
    _sync([instance])


@hooks.register("after_edit_snippet")
def sync_editor_access_after_edit(request, instance):
    _sync([instance])


@hooks.register("after_delete_snippet")
def revoke_editor_access_after_delete(request, instances):
    _sync(instances)


@hooks.register("after_create_page")
def give_a_new_network_its_collection(request, page):
    """A network has its collection from the start, so its files can be filed there before it has an editor."""
    if isinstance(page.specific, NetworkPage):
        network_collection(page.specific)


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_the_editor_may_read(pages, request):
    """The admin's page chooser (links, call-to-action blocks) lists a members-only network's pages only
    to those who may read the network; its own page, whose title and summary are public, stays."""
    hidden = [network for network in NetworkPage.objects.filter(visibility=NetworkPage.Visibility.MEMBERS_ONLY)
              if not can(request.user, "view_network", network)]
    for network in hidden:
        pages = pages.exclude(path__startswith=network.path, depth__gt=network.depth)
    return pages


class ContactDetailsPolicy(ModelPermissionPolicy):
    """Coordinators' addresses and phone numbers: Django's model permissions and `view_contact_details` too.

    So a group given "can view coordinator" by mistake still shows them only to staff.
    """

    def user_has_permission(self, user, action):
        return can(user, "view_contact_details") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return can(user, "view_contact_details") and super().user_has_any_permission(user, actions)


register_permission_policy(Coordinator, ContactDetailsPolicy(Coordinator))


class MembershipListPolicy(RulePolicy):
    """The membership list holds members' names, post codes and emails: only who may `administer_membership_list`."""

    rule = "administer_membership_list"


register_permission_policy(MembershipRecord, MembershipListPolicy(MembershipRecord))
register_permission_policy(MembershipImport, MembershipListPolicy(MembershipImport))


class MembershipRecordViewSet(SnippetViewSet):
    """The imported list: find a member, see whether and when their account verified."""

    menu_order = 8
    model = MembershipRecord
    icon = "group"
    menu_label = _("Membership list")
    list_display = ["membership_number", "last_name", "first_name", "clp", "status", "expires_on", "user"]
    list_filter = ["status"]
    search_fields = ["membership_number", "last_name"]


@hooks.register("register_admin_urls")
def register_membership_list_import_url():
    return [path("membership-list/import/", MembershipListImportView.as_view(), name="membership_list_import")]


class MembershipImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can(request.user, "administer_membership_list")


class PartyUnitViewSet(SnippetViewSet):
    menu_order = 3
    model = PartyUnit
    icon = "site"
    menu_label = "Party units"
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


class UnitMembershipViewSet(SnippetViewSet):
    menu_order = 4
    model = UnitMembership
    icon = "user"
    menu_label = gettext_lazy("Unit members")
    list_display = ["user", "unit", "position", "is_officer"]
    list_filter = ["unit__kind", "is_officer"]


class ConstituencyViewSet(SnippetViewSet):
    menu_order = 5
    model = Constituency
    icon = "pick"
    menu_label = "Constituencies"
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


class CoordinatorViewSet(SnippetViewSet):
    menu_order = 6
    model = Coordinator
    icon = "mail"
    menu_label = "PiP coordinators"
    list_display = ["full_name", "constituency", "unit", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["full_name", "email"]


class RegionViewSet(SnippetViewSet):
    menu_order = 7
    model = Region
    icon = "globe"
    menu_label = gettext_lazy("Regional offices")
    list_display = ["name", "phone", "email"]
    search_fields = ["name"]


PARTNERSHIP_IN_POWER_MENU = "register_partnership_in_power_menu_item"
"""The hook the apps above register their items in the "Partnership in Power" menu with (`menu_hook = …`)."""


class PartnershipInPowerGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Partnership in Power")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    submenu_hook = PARTNERSHIP_IN_POWER_MENU
    items = (
        PartyUnitViewSet,
        UnitMembershipViewSet,
        ConstituencyViewSet,
        CoordinatorViewSet,
        RegionViewSet,
        MembershipRecordViewSet,
    )


register_snippet(PartnershipInPowerGroup)


@hooks.register(PARTNERSHIP_IN_POWER_MENU)
def register_membership_import_menu_item():
    return MembershipImportMenuItem(
        _("Import the membership list"), reverse("membership_list_import"), icon_name="upload", order=9
    )


class SuspensionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can(request.user, "manage_suspensions")


@hooks.register(PARTNERSHIP_IN_POWER_MENU)
def register_suspensions_menu_item():
    """Staff reach the suspensions and the moderators' requests from the admin, where they keep the watched words."""
    return SuspensionsMenuItem(_("Suspensions"), reverse("networks:suspensions"), icon_name="warning", order=10)
