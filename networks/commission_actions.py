"""Coordinator sign-ups, a member's data download and account deletion, one function per event."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from networks.actions import ActionRefused, sync_editor_access
from networks.emails import email_member
from networks.models import (
    BulletinDelivery,
    BulletinSubscription,
    CommissionMembership,
    Coordinator,
    NetworkMembership,
    Profile,
    Region,
    UnitMembership,
)

FORMER_MEMBER = "Former member"


def sign_up_coordinator(user, coordinator: Coordinator) -> Coordinator:
    """Save a validated sign-up, routed to its constituency's region, and tell that region's staff."""
    if not user.is_authenticated:
        raise ActionRefused("Please sign in to join the Coordinators Network.")
    if Coordinator.objects.filter(email__iexact=coordinator.email, constituency=coordinator.constituency).exists():
        raise ActionRefused(
            f"{coordinator.email} is already signed up as a coordinator for {coordinator.constituency}."
        )
    coordinator.user = user
    try:
        with transaction.atomic():
            coordinator.save()
    except IntegrityError:
        raise ActionRefused(
            f"{coordinator.email} is already signed up as a coordinator for {coordinator.constituency}."
        ) from None
    region = coordinator.region
    for staff_member in region.staff.all():
        email_member(
            staff_member,
            f"New PiP coordinator for {coordinator.constituency}",
            "networks/commissions/email/coordinator_signed_up",
            {"coordinator": coordinator, "region": region, "coverage_url": reverse("commissions:coverage")},
        )
    return coordinator


def export_member_data(user) -> dict[str, Any]:
    """Everything the platform holds about the member, as JSON-ready data (their right of access)."""
    profile = Profile.objects.filter(user=user).select_related("region").first()
    data: dict[str, Any] = {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        },
        "profile": {
            "display_name": profile.display_name,
            "party_unit": profile.party_unit,
            "position": profile.position,
            "region": profile.region.name if profile.region else None,
        }
        if profile
        else None,
        "networks": [
            {"network": m.network.title, "role": m.role, "status": m.status, "joined_at": m.joined_at.isoformat()}
            for m in NetworkMembership.objects.filter(user=user).select_related("network")
        ],
        "party_units": [
            {"unit": m.unit.name, "kind": m.unit.get_kind_display(), "position": m.position}
            for m in UnitMembership.objects.filter(user=user).select_related("unit")
        ],
        "commission_seats": [
            {"commission": m.commission.name, "seat": m.get_seat_display()}
            for m in CommissionMembership.objects.filter(user=user).select_related("commission")
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
        "bulletin_choices": [
            {
                "from": choice.network.title if choice.network_id else choice.commission.name,
                "receive": choice.receive,
                "changed_at": choice.changed_at.isoformat(),
            }
            for choice in BulletinSubscription.objects.filter(user=user).select_related("network", "commission")
        ],
        "bulletins_received": [
            {"bulletin": d.sending.bulletin.subject, "email": d.email, "status": d.status}
            for d in BulletinDelivery.objects.filter(user=user).select_related("sending__bulletin")
        ],
    }
    data.update(_discussions_data(user))
    return data


def _discussions_data(user) -> dict[str, Any]:
    Submission = apps.get_model("discussions", "Submission")
    Amendment = apps.get_model("discussions", "Amendment")
    Post = apps.get_model("discussions", "Post")
    return {
        "submissions": [
            {
                "reference": s.reference,
                "commission": s.commission.name,
                "unit": s.unit.name if s.unit else None,
                "kind": s.get_kind_display(),
                "title": s.title,
                "text": s.text,
                "status": s.get_status_display(),
                "submitted_at": s.created_at.isoformat(),
                "timeline": [
                    {"status": e.get_status_display() or e.get_kind_display(), "at": e.created_at.isoformat(), "note": e.note}
                    for e in s.events.all()
                ],
            }
            for s in Submission.objects.filter(submitter=user).select_related("commission", "unit").prefetch_related("events")
        ],
        "amendments": [
            {
                "document": a.document.title,
                "paragraph": a.paragraph.number,
                "kind": a.get_kind_display(),
                "target_text": a.target_text,
                "new_text": a.new_text,
                "reason": a.reason,
                "status": a.get_status_display(),
            }
            for a in Amendment.objects.filter(proposer=user).select_related("document", "paragraph")
        ],
        "posts": [
            {"thread": p.thread.title, "text": p.body, "written_at": p.created_at.isoformat()}
            for p in Post.objects.filter(author=user, is_deleted=False).select_related("thread")
        ],
    }


def erase_member(user) -> None:
    """Delete a member's account at their request.

    Their posts, submissions and amendments stay, because they are part of other
    members' conversations and a unit's record, but are attributed to "former
    member": the account row is kept only as an anonymous author, with no name,
    email, password, memberships or contact details left.
    """
    if not user.is_authenticated:
        raise ActionRefused("Please sign in to delete your account.")
    with transaction.atomic():
        networks = [m.network for m in NetworkMembership.objects.filter(user=user).select_related("network")]
        NetworkMembership.objects.filter(user=user).delete()
        for network in networks:
            sync_editor_access(user, network)
        UnitMembership.objects.filter(user=user).delete()
        CommissionMembership.objects.filter(user=user).delete()
        Coordinator.objects.filter(user=user).delete()
        Region.staff.through.objects.filter(user=user).delete()
        Region.npf_representatives.through.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Submission = apps.get_model("discussions", "Submission")
        Submission.followers.through.objects.filter(user=user).delete()
        Submission.objects.filter(assigned_to=user).update(assigned_to=None)
        # The delivery records keep the bulletin's counts right, but not the address it went to.
        BulletinDelivery.objects.filter(user=user).update(email="")
        BulletinSubscription.objects.filter(user=user).delete()
        for model_name, field in (
            ("Notification", "recipient"),
            ("EmailPreference", "user"),
            ("ThreadFollow", "user"),
            ("NetworkFollow", "user"),
            ("ThreadVisit", "user"),
        ):
            try:
                model = apps.get_model("discussions", model_name)
            except LookupError:
                continue
            model.objects.filter(**{field: user}).delete()
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": FORMER_MEMBER, "party_unit": "", "position": "", "region": None}
        )
        user.groups.clear()
        user.username = f"former-member-{user.pk}"
        user.email = ""
        user.first_name = user.last_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
