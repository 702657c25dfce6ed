"""Everything that changes who is who, one function per event (see each module)."""

from networks.actions.accounts import FORMER_MEMBER, delete_account, erase_account, export_account
from networks.actions.coordinators import sign_up_coordinator
from networks.actions.memberships import (
    approve_membership,
    decline_membership,
    editor_group,
    join_network,
    leave_network,
    member_label,
    network_approvers,
    remove_member,
    set_member_role,
    sync_editor_access,
)
from networks.refusals import ActionRefused

__all__ = [
    "FORMER_MEMBER",
    "ActionRefused",
    "approve_membership",
    "decline_membership",
    "delete_account",
    "editor_group",
    "erase_account",
    "export_account",
    "join_network",
    "leave_network",
    "member_label",
    "network_approvers",
    "remove_member",
    "set_member_role",
    "sign_up_coordinator",
    "sync_editor_access",
]
