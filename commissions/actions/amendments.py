"""Everything that happens to an amendment of a final-draft document, one function per event.

A unit proposes; its region's NPF representatives forward or return it; the
commission accepts, composites or rejects it. Each step checks `can()`, writes
in a transaction and notifies the unit after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commissions.models import Amendment, ConsultationParagraph
from discussions.notifications import notify
from discussions.text import plain_excerpt
from networks.actions import ActionRefused
from networks.models import CommissionMembership, PartyUnit
from networks.permissions import can


def propose_amendment(
    user,
    paragraph: ConsultationParagraph,
    *,
    unit: PartyUnit,
    kind: str,
    target_text: str,
    new_text: str,
    reason: str,
) -> Amendment:
    """A unit amends one numbered paragraph; the amendment goes to its region's NPF representatives."""
    document = paragraph.document
    if not document.is_final_draft:
        raise ActionRefused("Only a stage 3 final draft takes amendments.")
    if not document.is_open:
        raise ActionRefused(f"“{document.title}” is closed: it takes no more amendments. Your text is kept below.")
    if not can(user, "propose_amendment", document) or not can(user, "speak_for_unit", unit):
        raise ActionRefused(
            _("Amendments come from party units, proposed by their officers: choose a unit where you are an officer.")
        )
    target_text, new_text, reason = target_text.strip(), new_text.strip(), reason.strip()
    if kind not in Amendment.Kind.values:
        raise ActionRefused("Choose whether to delete, insert or replace text.")
    if kind in (Amendment.Kind.DELETE, Amendment.Kind.REPLACE) and not target_text:
        raise ActionRefused("Copy the words of the paragraph you want to change into “Words in the paragraph”.")
    if target_text and target_text not in paragraph.text:
        raise ActionRefused(
            f"Paragraph {paragraph.number} does not contain the words “{target_text[:80]}”. Copy them exactly from the paragraph."
        )
    if kind in (Amendment.Kind.INSERT, Amendment.Kind.REPLACE) and not new_text:
        raise ActionRefused("Write the new words to insert.")
    if not reason:
        raise ActionRefused("Say why your unit proposes this amendment.")
    with transaction.atomic():
        amendment = Amendment.objects.create(
            document=document,
            paragraph=paragraph,
            unit=unit,
            region=unit.region,
            proposer=user,
            kind=kind,
            target_text=target_text,
            new_text=new_text if kind != Amendment.Kind.DELETE else "",
            reason=reason,
        )
        notify(
            unit.region.npf_representatives.all(),
            kind="amendment_submitted",
            title=f"{unit} proposes an amendment to paragraph {paragraph.number} of “{document.title}”",
            url=amendment_url(amendment),
            actor=user,
            text=plain_excerpt(reason),
        )
    return amendment


def amendment_url(amendment: Amendment) -> str:
    return (
        reverse("commissions:document", kwargs={"slug": amendment.document.commission.slug, "pk": amendment.document_id})
        + f"#amendment-{amendment.pk}"
    )


def forward_amendment(actor, amendment: Amendment) -> Amendment:
    return _decide(actor, amendment, Amendment.Status.FORWARDED, "", rule="forward_amendment")


def return_amendment(actor, amendment: Amendment, reason: str) -> Amendment:
    if not (reason or "").strip():
        raise ActionRefused("Give the unit a reason for returning its amendment.")
    return _decide(actor, amendment, Amendment.Status.RETURNED, reason, rule="forward_amendment")


def decide_amendment(actor, amendment: Amendment, status: str, note: str = "") -> Amendment:
    if status not in (Amendment.Status.ACCEPTED, Amendment.Status.COMPOSITED, Amendment.Status.REJECTED):
        raise ActionRefused("Choose accept, composite or reject.")
    return _decide(actor, amendment, status, note, rule="decide_amendment")


AMENDMENT_FROM = {
    Amendment.Status.FORWARDED: (Amendment.Status.SUBMITTED,),
    Amendment.Status.RETURNED: (Amendment.Status.SUBMITTED,),
    Amendment.Status.ACCEPTED: (Amendment.Status.FORWARDED,),
    Amendment.Status.COMPOSITED: (Amendment.Status.FORWARDED,),
    Amendment.Status.REJECTED: (Amendment.Status.FORWARDED,),
}


def _decide(actor, amendment: Amendment, status: str, note: str, *, rule: str) -> Amendment:
    if not can(actor, rule, amendment):
        if rule == "forward_amendment":
            raise ActionRefused(f"Only the {amendment.region} NPF representatives can forward or return this amendment.")
        raise ActionRefused(f"Only members of {amendment.document.commission.name} can decide on this amendment.")
    with transaction.atomic():
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if current.status not in AMENDMENT_FROM[status]:
            raise ActionRefused(
                f"This amendment is “{current.get_status_display()}”, so it cannot be marked "
                f"“{Amendment.Status(status).label}” now."
            )
        current.status = status
        current.decision_note = (note or "").strip()
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
        recipients = list(current.unit.memberships.select_related("user").values_list("user", flat=True))
        users = get_user_model().objects.filter(pk__in=[*recipients, current.proposer_id])
        notify(
            users,
            kind="amendment_status",
            title=f"Your amendment to paragraph {current.paragraph.number} of “{current.document.title}”: "
            f"{current.get_status_display()}",
            url=amendment_url(current),
            actor=actor,
            text=current.decision_note,
        )
        if status == Amendment.Status.FORWARDED:
            _tell_the_chair(actor, current)
    amendment.refresh_from_db()
    return amendment


def _tell_the_chair(actor, amendment: Amendment) -> None:
    """A forwarded amendment now waits for the commission: its chair hears of it, with a link to decide."""
    commission = amendment.document.commission
    chairs = get_user_model().objects.filter(
        commission_memberships__commission=commission, commission_memberships__seat=CommissionMembership.Seat.CHAIR
    )
    notify(
        chairs,
        kind="amendment_forwarded",
        title=_("%(region)s forwarded an amendment from %(unit)s to paragraph %(paragraph)s of “%(document)s”")
        % {
            "region": amendment.region,
            "unit": amendment.unit,
            "paragraph": amendment.paragraph.number,
            "document": amendment.document.title,
        },
        url=amendment_url(amendment),
        actor=actor,
        text=plain_excerpt(amendment.reason),
    )
