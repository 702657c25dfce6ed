"""Everything that changes who belongs to a network, one function per event.

Each action checks permission through `networks.permissions`, validates, writes
in a transaction and queues its emails after commit. Views, the Wagtail admin
and management commands call these; none of them repeats the rules.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from networks.emails import email_member
from networks.media import network_collection
from networks.models import NetworkMembership, NetworkPage
from networks.notices import tell
from networks.permissions import MODERATING_ROLES, can, forget_roles
from networks.refusals import ActionRefused

Role = NetworkMembership.Role
Status = NetworkMembership.Status

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def join_network(user, network: NetworkPage) -> NetworkMembership:
    """Join a public network at once, or ask to join a members-only one."""
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to join a network."))
    if (
        network.is_members_only
        and not can(user, "act_as_party_member")
        and not NetworkMembership.objects.filter(user=user, network=network).exists()
    ):
        raise ActionRefused(
            _("%(network)s is for verified party members: verify your membership, then ask to join.")
            % {"network": network.title}
        )
    if not can(user, "join_network", network):
        existing = NetworkMembership.objects.filter(user=user, network=network).first()
        if existing and existing.status == Status.PENDING:
            raise ActionRefused(_("Your request to join %(title)s is already waiting for approval.") % {"title": network.title})
        raise ActionRefused(_("You are already a member of %(title)s.") % {"title": network.title})
    status = Status.PENDING if network.is_members_only else Status.ACTIVE
    try:
        with transaction.atomic():
            membership = NetworkMembership.objects.create(user=user, network=network, status=status)
    except IntegrityError:
        raise ActionRefused(_("You are already a member of %(title)s.") % {"title": network.title}) from None
    forget_roles(user)
    if status == Status.PENDING:
        approvers = list(network_approvers(network))
        tell(
            approvers,
            kind="join_request",
            title=_("%(member)s asked to join %(network)s") % {"member": member_label(user), "network": network.title},
            url=reverse("networks:members", kwargs={"slug": network.slug}),
            actor=user,
            email=False,
        )
        for approver in approvers:
            email_member(
                approver,
                format_lazy(gettext_lazy("Request to join {network}"), network=network.title),
                "networks/email/join_requested",
                {"network": network, "requester": user},
            )
    return membership


def leave_network(user, network: NetworkPage) -> None:
    """Leave a network, or withdraw a request to join it."""
    if not user.is_authenticated or not can(user, "leave_network", network):
        raise ActionRefused(_("You are not a member of %(network)s.") % {"network": network.title})
    with transaction.atomic():
        NetworkMembership.objects.filter(user=user, network=network).delete()
        sync_editor_access(user, network)
    forget_roles(user)


def approve_membership(actor, membership: NetworkMembership) -> NetworkMembership:
    network = membership.network
    if not can(actor, "approve_membership", network):
        raise ActionRefused(_("Only this network's moderators and editors can approve requests."))
    if membership.status != Status.PENDING:
        raise ActionRefused(_("%(member)s is already a member.") % {"member": member_label(membership.user)})
    with transaction.atomic():
        membership.status = Status.ACTIVE
        membership.decided_at = timezone.now()
        membership.decided_by = actor
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        tell(
            [membership.user],
            kind="join_approved",
            title=_("Your request to join %(network)s has been approved: welcome!") % {"network": network.title},
            url=network.url,
            actor=actor,
            email=False,
        )
    email_member(
        membership.user,
        format_lazy(gettext_lazy("Welcome to {network}"), network=network.title),
        "networks/email/join_approved",
        {"network": network},
    )
    return membership


def decline_membership(actor, membership: NetworkMembership, reason: str = "") -> None:
    network = membership.network
    if not can(actor, "approve_membership", network):
        raise ActionRefused(_("Only this network's moderators and editors can decline requests."))
    if membership.status != Status.PENDING:
        raise ActionRefused(_("That request has already been decided."))
    user = membership.user
    with transaction.atomic():
        membership.delete()
        tell(
            [user],
            kind="join_declined",
            title=_("Your request to join %(network)s was declined") % {"network": network.title},
            url=network.url,
            actor=actor,
            text=reason.strip(),
            email=False,
        )
    email_member(
        user,
        format_lazy(gettext_lazy("Your request to join {network}"), network=network.title),
        "networks/email/join_declined",
        {"network": network, "reason": reason.strip()},
    )


def set_member_role(actor, membership: NetworkMembership, role: str) -> NetworkMembership:
    """Give a member a role; editors gain or lose page permissions with it."""
    network = membership.network
    if role not in Role.values:
        raise ActionRefused(_("Choose one of the listed roles."))
    if not can(actor, "manage_members", network):
        raise ActionRefused(_("Only this network's editors and staff can change roles."))
    if Role.EDITOR in (role, membership.role) and not can(actor, "assign_editor", network):
        raise ActionRefused(_("Only staff can make or unmake editors."))
    if membership.status != Status.ACTIVE:
        raise ActionRefused(_("Approve the request before giving a role."))
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        sync_editor_access(membership.user, network)
    forget_roles(membership.user)
    return membership


def remove_member(actor, membership: NetworkMembership) -> None:
    network = membership.network
    if not can(actor, "manage_members", network):
        raise ActionRefused(_("Only this network's editors and staff can remove members."))
    if membership.role == Role.EDITOR and not can(actor, "assign_editor", network):
        raise ActionRefused(_("Only staff can remove an editor."))
    with transaction.atomic():
        user = membership.user
        membership.delete()
        sync_editor_access(user, network)


def network_approvers(network: NetworkPage):
    """The network's own moderators and editors: who is emailed about a request to join (staff are not)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        network_memberships__network=network,
        network_memberships__status=Status.ACTIVE,
        network_memberships__role__in=MODERATING_ROLES,
    ).distinct()


def member_label(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile and profile.display_name else user.get_username()


# Editor access in the Wagtail admin -------------------------------------------


def editor_group(network: NetworkPage) -> Group:
    """The Wagtail group whose page permissions cover exactly this network's subtree."""
    if network.editor_group_id:
        return network.editor_group
    group, _ = Group.objects.get_or_create(name=f"Editors: {network.title} (network {network.pk})")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=network.page_ptr, permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
        )
    # Documents and images: the network's own collection only, so an editor's choosers and uploads
    # hold their network's files, with its privacy (networks.media), and never another network's.
    collection = network_collection(network)
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    NetworkPage.objects.filter(pk=network.pk).update(editor_group=group)
    network.editor_group = group
    return group


def sync_editor_access(user, network: NetworkPage) -> None:
    """Put the user in the network's editor group if and only if they are its active editor.

    Idempotent: called after every change to a membership, from actions and the admin.
    """
    is_editor = NetworkMembership.objects.filter(
        user=user, network=network, role=Role.EDITOR, status=Status.ACTIVE
    ).exists()
    group = editor_group(network)
    if is_editor:
        user.groups.add(group)
    else:
        user.groups.remove(group)
