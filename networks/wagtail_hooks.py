"""Wagtail admin for networks: staff manage memberships and roles here.

Other concerns keep their admin in their own modules, imported below. Page
editing needs no code here: editors get Wagtail page permissions over their own
network's subtree through the group `networks.actions.editor_group` manages.
"""

from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from networks import bulletin_admin, commission_admin  # noqa: F401
from networks.actions import sync_editor_access
from networks.models import NetworkMembership
from networks.permissions import can


class MembershipAdminPolicy(BasePermissionPolicy):
    """Asks networks.permissions: only those who may `administer_memberships` see this admin."""

    def user_has_permission(self, user, action):
        return can(user, "administer_memberships")

    def user_has_any_permission(self, user, actions):
        return can(user, "administer_memberships")

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_staff=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class NetworkMembershipViewSet(SnippetViewSet):
    model = NetworkMembership
    icon = "group"
    menu_label = "Network roles"
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
