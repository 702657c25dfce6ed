"""A member's own account: their data to download, and deleting the account at their request.

What each app holds about a member is exported and erased by that app, through
`networks.member_data`; this module does the ground floor's share (the account,
the profile, memberships, units, seats and coordinator sign-ups) and is the
action the account pages call.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from networks.actions.memberships import sync_editor_access
from networks.member_data import (
    ERASED,
    FORMER_MEMBER,
    KEPT_AS_FORMER_MEMBER,
    KEPT_FOR_THE_RECORD,
    erase_member,
    identity_of,
)
from networks.models import (
    CommissionMembership,
    Coordinator,
    IdempotencyKey,
    MembershipRecord,
    NetworkMembership,
    Profile,
    Region,
    Suspension,
    SuspensionRequest,
    UnitMembership,
)
from networks.refusals import ActionRefused


def delete_account(user) -> None:
    """Delete a member's account at their request.

    Their posts, submissions and amendments stay, because they are part of other
    members' conversations and a unit's record, but are attributed to "former
    member": the account row is kept only as an anonymous author, with no name,
    email, password, memberships or contact details left. Every app erases its
    own share first (see each app's `covers` in `networks.member_data`).
    """
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to delete your account."))
    erase_member(user)


def export_account(user) -> dict[str, Any]:
    """The ground floor's sections of a member's data download."""
    profile = Profile.objects.filter(user=user).select_related("region").first()
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        },
        "profile": {
            "display_name": profile.display_name,
            "region": profile.region.name if profile.region else None,
        }
        if profile
        else None,
        "networks": [
            {"network": m.network.title, "role": m.role, "status": m.status, "joined_at": m.joined_at.isoformat()}
            for m in NetworkMembership.objects.filter(user=user).select_related("network")
        ],
        "party_units": [
            {"unit": m.unit.name, "kind": m.unit.get_kind_display(), "position": m.position, "officer": m.is_officer}
            for m in UnitMembership.objects.filter(user=user).select_related("unit")
        ],
        "commission_seats": [
            {"commission": m.commission.name, "seat": m.get_seat_display()}
            for m in CommissionMembership.objects.filter(user=user).select_related("commission")
        ],
        "regional_roles": [
            {"region": region.name, "role": "regional office staff"} for region in Region.objects.filter(staff=user)
        ]
        + [
            {"region": region.name, "role": "NPF representative"}
            for region in Region.objects.filter(npf_representatives=user)
        ],
        "party_membership": [
            {
                "membership_number": record.membership_number,
                "first_name": record.first_name,
                "surname": record.last_name,
                "postcode": record.postcode,
                "email": record.email,
                "clp": record.clp.name if record.clp else None,
                "branch": record.branch.name if record.branch else None,
                "status": record.status,
                "expires_on": record.expires_on.isoformat() if record.expires_on else None,
                "verified_at": record.verified_at.isoformat() if record.verified_at else None,
            }
            for record in MembershipRecord.objects.filter(user=user).select_related("clp", "branch")
        ],
        "two_factor": [
            {"type": authenticator.type, "added": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "single_sign_on": [
            {"provider": account.provider, "uid": account.uid, "last_login": account.last_login.isoformat()}
            for account in SocialAccount.objects.filter(user=user)
        ],
        "coordinator_signups": [
            {
                "full_name": c.full_name,
                "address": c.address,
                "postcode": c.postcode,
                "unit": c.unit.name,
                "position": c.position,
                "constituency": c.constituency.name,
                "email": c.email,
                "mobile_phone": c.mobile_phone,
                "home_phone": c.home_phone,
                "office_phone": c.office_phone,
                "signed_up_at": c.created_at.isoformat(),
            }
            for c in Coordinator.objects.filter(user=user).select_related("unit", "constituency")
        ],
        "suspensions": [
            {
                "reason": s.reason,
                "from": s.starts_at.isoformat(),
                "until": s.ends_at.isoformat() if s.ends_at else None,
                "ended_at": s.lifted_at.isoformat() if s.lifted_at else None,
            }
            for s in Suspension.objects.filter(member=user)
        ],
    }


def erase_account(user) -> None:
    """The ground floor's share of deleting an account, run last: memberships, roles, then the account itself."""
    networks = [m.network for m in NetworkMembership.objects.filter(user=user).select_related("network")]
    NetworkMembership.objects.filter(user=user).delete()
    for network in networks:
        sync_editor_access(user, network)
    UnitMembership.objects.filter(user=user).delete()
    CommissionMembership.objects.filter(user=user).delete()
    Coordinator.objects.filter(user=user).delete()
    # The membership list is the party's record, re-imported from its membership system: the
    # row stays, only its link to the deleted account goes.
    MembershipRecord.objects.filter(user=user).update(user=None, verified_at=None, lapse_noticed_at=None)
    Region.staff.through.objects.filter(user=user).delete()
    Region.npf_representatives.through.objects.filter(user=user).delete()
    _erase_queued_email(user)
    EmailAddress.objects.filter(user=user).delete()
    IdempotencyKey.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    _erase_admin_traces(user)
    identity_of(user).scrub_rows(Suspension.objects.all(), "reason", "lift_reason")
    identity_of(user).scrub_rows(SuspensionRequest.objects.all(), "reason")
    Profile.objects.update_or_create(user=user, defaults={"display_name": FORMER_MEMBER, "region": None})
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"former-member-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()


def _erase_queued_email(user) -> None:
    """Email in the task queue (waiting, sent or failed): what was addressed to the member goes; what names them is scrubbed.

    The queue keeps each email's subject and text until the rows are pruned, so
    "Nadia mentioned you", sent to someone else, would otherwise keep the name.
    """
    identity = identity_of(user)
    addressed = {email.lower() for email in identity.emails}
    for row in identity.mentioned_in(DBTaskResult.objects.all(), "args_kwargs", "traceback"):
        recipients = (row.args_kwargs or {}).get("kwargs", {}).get("to") or []
        if any(str(address).lower() in addressed for address in recipients):
            row.delete()
            continue
        row.args_kwargs = identity.scrub_json(row.args_kwargs)
        row.traceback = identity.scrub(row.traceback)
        row.save(update_fields=["args_kwargs", "traceback"])


def _erase_admin_traces(user) -> None:
    """An editor's or staff member's own settings in the Wagtail admin go; what they edited stays on the record.

    The admins' logs keep who did what, but the labels they wrote ("Nadia Newcomer"
    as the object a staff member edited) lose the name.
    """
    from django.contrib.admin.models import LogEntry
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, ModelLogEntry, Page, PageLogEntry, PageSubscription
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=user).delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    Page.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)
    identity = identity_of(user)
    identity.scrub_rows(ModelLogEntry.objects.all(), "label", "data")
    identity.scrub_rows(PageLogEntry.objects.all(), "label", "data")
    identity.scrub_rows(LogEntry.objects.all(), "object_repr", "change_message")


ACCOUNT_REFERENCES = {
    "networks.Profile.user": KEPT_AS_FORMER_MEMBER,
    "networks.NetworkMembership.user": ERASED,
    "networks.NetworkMembership.decided_by": KEPT_FOR_THE_RECORD,
    "networks.UnitMembership.user": ERASED,
    "networks.CommissionMembership.user": ERASED,
    "networks.Coordinator.user": ERASED,
    "networks.MembershipRecord.user": ERASED,
    "networks.MembershipImport.imported_by": KEPT_FOR_THE_RECORD,
    "networks.Region.staff": ERASED,
    "networks.Region.npf_representatives": ERASED,
    "networks.IdempotencyKey.user": ERASED,
    # Suspensions and the moderators' requests for them are the moderation record: they stay, with no name in them.
    "networks.Suspension.member": KEPT_FOR_THE_RECORD,
    "networks.Suspension.suspended_by": KEPT_FOR_THE_RECORD,
    "networks.Suspension.lifted_by": KEPT_FOR_THE_RECORD,
    "networks.SuspensionRequest.member": KEPT_FOR_THE_RECORD,
    "networks.SuspensionRequest.requested_by": KEPT_FOR_THE_RECORD,
    "networks.SuspensionRequest.decided_by": KEPT_FOR_THE_RECORD,
    "account.EmailAddress.user": ERASED,
    "mfa.Authenticator.user": ERASED,
    "socialaccount.SocialAccount.user": ERASED,
    # The Wagtail admin's and Django admin's own records, for editors and staff.
    "wagtailusers.UserProfile.user": ERASED,
    "wagtailadmin.EditingSession.user": ERASED,
    "wagtailadmin.FormState.user": ERASED,
    "wagtailcore.APIToken.user": ERASED,
    "wagtailcore.PageSubscription.user": ERASED,
    "wagtailcore.Page.locked_by": ERASED,
    "wagtailcore.Page.owner": KEPT_FOR_THE_RECORD,
    "wagtailcore.Revision.user": KEPT_FOR_THE_RECORD,
    "wagtailcore.PageLogEntry.user": KEPT_FOR_THE_RECORD,
    "wagtailcore.ModelLogEntry.user": KEPT_FOR_THE_RECORD,
    "wagtailcore.WorkflowState.requested_by": KEPT_FOR_THE_RECORD,
    "wagtailcore.TaskState.finished_by": KEPT_FOR_THE_RECORD,
    "wagtailcore.Comment.user": KEPT_AS_FORMER_MEMBER,
    "wagtailcore.Comment.resolved_by": KEPT_FOR_THE_RECORD,
    "wagtailcore.CommentReply.user": KEPT_AS_FORMER_MEMBER,
    "wagtailcore.UploadedFile.uploaded_by_user": KEPT_FOR_THE_RECORD,
    "wagtaildocs.Document.uploaded_by_user": KEPT_FOR_THE_RECORD,
    "wagtailimages.Image.uploaded_by_user": KEPT_FOR_THE_RECORD,
    "admin.LogEntry.user": KEPT_FOR_THE_RECORD,
}
"""What deletion does with each reference to the account: the ground floor's models, allauth's, and the admins'."""
