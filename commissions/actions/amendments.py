"""Everything that happens to an amendment of a final-draft document, one function per event.

A unit proposes; its region's NPF representatives forward or return it (a
forwarded amendment gets its number on the amendments paper); the commission
and staff merge amendments into composites and record each outcome at the
NPF. Each step checks `can()`, writes in a transaction, records the step on
the amendment's timeline and tells every unit it concerns after commit: the
proposing units (a composite's are those of the amendments it merges) and the
units that back it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from commissions.models import (
    OUTCOMES,
    Amendment,
    AmendmentBacking,
    AmendmentEvent,
    ConsultationDocument,
    ConsultationParagraph,
    agreed_wording,
)
from discussions.notifications import notify
from discussions.text import plain_excerpt
from networks.actions import ActionRefused
from networks.models import CommissionMembership, PartyUnit, UnitMembership
from networks.permissions import can

Status = Amendment.Status
WORDING_MAX_CHARS = 4000


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
        raise ActionRefused(_("Only a stage 3 final draft takes amendments."))
    if not document.is_open:
        raise ActionRefused(_("“%(title)s” is closed: it takes no more amendments. Your text is kept below.") % {"title": document.title})
    if not can(user, "propose_amendment", document) or not can(user, "speak_for_unit", unit):
        raise ActionRefused(
            _("Amendments come from party units, proposed by their officers: choose a unit where you are an officer.")
        )
    target_text, new_text, reason = target_text.strip(), new_text.strip(), reason.strip()
    if kind not in (Amendment.Kind.DELETE, Amendment.Kind.INSERT, Amendment.Kind.REPLACE):
        raise ActionRefused(_("Choose whether to delete, insert or replace text."))
    if kind in (Amendment.Kind.DELETE, Amendment.Kind.REPLACE) and not target_text:
        raise ActionRefused(_("Copy the words of the paragraph you want to change into “Words in the paragraph”."))
    if target_text and target_text not in paragraph.text:
        raise ActionRefused(
            f"Paragraph {paragraph.number} does not contain the words “{target_text[:80]}”. Copy them exactly from the paragraph."
        )
    if kind in (Amendment.Kind.INSERT, Amendment.Kind.REPLACE) and not new_text:
        raise ActionRefused(_("Write the new words to insert."))
    if not reason:
        raise ActionRefused(_("Say why your unit proposes this amendment."))
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
        AmendmentEvent.objects.create(amendment=amendment, status=Status.SUBMITTED, actor=user, created_at=amendment.created_at)
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
    return _decide(actor, amendment, Status.FORWARDED, "", rule="forward_amendment")


def return_amendment(actor, amendment: Amendment, reason: str) -> Amendment:
    if not (reason or "").strip():
        raise ActionRefused(_("Give the unit a reason for returning its amendment."))
    return _decide(actor, amendment, Status.RETURNED, reason, rule="forward_amendment")


def decide_amendment(actor, amendment: Amendment, status: str, note: str = "", agreed_text: str = "") -> Amendment:
    """Record the NPF's outcome for a forwarded amendment (compositing has its own action, `composite_amendments`).

    Accepted, it must still fit the paragraph as already amended by those
    accepted before it; accepted as amended, the paragraph's agreed wording is
    required. Remitted and rejected outcomes need no more than a note.
    """
    if status == Status.COMPOSITED:
        raise ActionRefused(_("To composite, choose the amendments to merge and write the composite wording on the compositing page."))
    if status not in OUTCOMES:
        raise ActionRefused(_("Choose accepted, accepted as amended, remitted, withdrawn or rejected."))
    agreed_text = " ".join((agreed_text or "").split())
    if status == Status.ACCEPTED_AS_AMENDED:
        if not agreed_text:
            raise ActionRefused(_("Write the paragraph as the NPF agreed it: it becomes the paragraph's wording."))
        if len(agreed_text) > WORDING_MAX_CHARS:
            raise ActionRefused(_("The agreed wording can be at most %(max)d characters.") % {"max": WORDING_MAX_CHARS})
    return _decide(actor, amendment, status, note, rule="decide_amendment", agreed_text=agreed_text)


AMENDMENT_FROM = {
    Status.FORWARDED: (Status.SUBMITTED,),
    Status.RETURNED: (Status.SUBMITTED,),
    **{outcome: (Status.FORWARDED,) for outcome in OUTCOMES},
}


def _refuse_unless_may(actor, amendment: Amendment, rule: str) -> None:
    if can(actor, rule, amendment):
        return
    if rule == "forward_amendment":
        raise ActionRefused(_("Only the %(region)s NPF representatives can forward or return this amendment.") % {"region": amendment.region})
    raise ActionRefused(_("Only members of %(name)s can decide on this amendment.") % {"name": amendment.document.commission.name})


def _refuse_out_of_order(current: Amendment, status: str) -> None:
    if current.status in AMENDMENT_FROM[status]:
        return
    if current.status in OUTCOMES:
        raise ActionRefused(
            _("This amendment's outcome is already recorded (“%(current)s”), so it cannot be marked “%(new)s”.")
            % {"current": current.get_status_display(), "new": Status(status).label}
        )
    raise ActionRefused(
        gettext("This amendment is “%(current)s”, so it cannot be marked “%(new)s” now.")
        % {"current": current.get_status_display(), "new": Status(status).label}
    )


def _next_number(paragraph_id: int) -> int:
    top = Amendment.objects.filter(paragraph_id=paragraph_id).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _decide(actor, amendment: Amendment, status: str, note: str, *, rule: str, agreed_text: str = "") -> Amendment:
    _refuse_unless_may(actor, amendment, rule)
    with transaction.atomic():
        # The paragraph's row is the lock: numbers and the agreed wording are decided one at a time per paragraph.
        ConsultationParagraph.objects.select_for_update().filter(pk=amendment.paragraph_id).first()
        current = Amendment.objects.select_for_update().select_related("paragraph", "document__commission").get(pk=amendment.pk)
        _refuse_out_of_order(current, status)
        if status == Status.ACCEPTED:
            _refuse_unless_it_fits(current)
        now = timezone.now()
        current.status = status
        current.decision_note = (note or "").strip()
        current.decided_by = actor
        current.decided_at = now
        fields = ["status", "decision_note", "decided_by", "decided_at"]
        if status == Status.FORWARDED and current.number is None:
            current.number = _next_number(current.paragraph_id)
            fields.append("number")
        if status == Status.ACCEPTED_AS_AMENDED:
            current.agreed_text = agreed_text
            fields.append("agreed_text")
        current.save(update_fields=fields)
        AmendmentEvent.objects.create(amendment=current, status=status, actor=actor, note=current.decision_note, created_at=now)
        _tell(current, actor, _("%(reference)s: %(status)s") % {"reference": _label(current), "status": current.get_status_display()})
        if status == Status.FORWARDED:
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
def _refuse_unless_it_fits(amendment: Amendment) -> None:
    """An accepted amendment must still apply to the paragraph as already amended at this meeting."""
    siblings = list(Amendment.objects.filter(paragraph_id=amendment.paragraph_id).exclude(pk=amendment.pk))
    text, changed = agreed_wording(amendment.paragraph, siblings)
    if not changed:
        return
    if amendment.is_composite or amendment.apply_to(text) is None:
        earlier = ", ".join(_label(a) for a in changed)
        raise ActionRefused(
            _(
                "Paragraph %(paragraph)s has already been changed by %(earlier)s, and this amendment no longer fits "
                "the paragraph as amended. Record it as “accepted as amended” with the wording the NPF agreed, "
                "or composite it with the others."
            )
            % {"paragraph": amendment.paragraph.number, "earlier": earlier}
        )


def _label(amendment: Amendment) -> str:
    return amendment.reference or _("your amendment to paragraph %(number)s") % {"number": amendment.paragraph.number}


def concerned_units(amendments: Iterable[Amendment]) -> set[int]:
    """The proposing units of these amendments (a composite's through its originals) and the units backing them."""
    amendments = list(amendments)
    ids = {a.pk for a in amendments}
    originals = list(Amendment.objects.filter(composite__in=ids).values_list("pk", "unit_id"))
    ids |= {pk for pk, _unit in originals}
    units = {a.unit_id for a in amendments if a.unit_id} | {unit for _pk, unit in originals if unit}
    units |= set(AmendmentBacking.objects.filter(amendment__in=ids).values_list("unit_id", flat=True))
    return units


def _tell(amendment: Amendment, actor, title: str) -> None:
    """The proposers and the proposing and backing units' members hear of each step, after commit."""
    units = concerned_units([amendment])
    members = set(UnitMembership.objects.filter(unit__in=units).values_list("user_id", flat=True))
    proposers = {amendment.proposer_id} | set(amendment.originals.values_list("proposer_id", flat=True))
    notify(
        get_user_model().objects.filter(pk__in=(members | proposers) - {None}),
        kind="amendment_status",
        title=title + f" (“{amendment.document.title}”)",
        url=amendment_url(amendment),
        actor=actor,
        text=amendment.decision_note,
    )


def composite_amendments(actor, document: ConsultationDocument, amendments: list[Amendment], wording: str, note: str = "") -> Amendment:
    """Merge forwarded amendments to one paragraph into a composite, which joins the paper as a new amendment.

    The composite rewrites the paragraph with `wording` (its diff is computed
    word by word against the paragraph); each original is marked "composited"
    and linked to it. The composite's own outcome is recorded later, like any
    amendment's.
    """
    if not can(actor, "composite_amendments", document):
        raise ActionRefused(_("Only members of %(commission)s and staff composite amendments to its documents.") % {"commission": document.commission.name})
    if len({a.pk for a in amendments}) < 2:
        raise ActionRefused(_("Choose at least two amendments to merge into a composite."))
    if any(a.document_id != document.pk for a in amendments):
        raise ActionRefused(_("Only amendments to “%(title)s” can be composited here: the others amend another document.") % {"title": document.title})
    paragraphs = sorted({a.paragraph.number for a in amendments})
    if len(paragraphs) > 1:
        raise ActionRefused(
            _("A composite merges amendments to one paragraph; these amend paragraphs %(numbers)s. Choose amendments to the same paragraph.")
            % {"numbers": ", ".join(str(n) for n in paragraphs)}
        )
    wording = " ".join((wording or "").split())
    paragraph = amendments[0].paragraph
    if not wording:
        raise ActionRefused(_("Write the composite wording: the paragraph as the merged amendments would leave it."))
    if len(wording) > WORDING_MAX_CHARS:
        raise ActionRefused(_("The composite wording can be at most %(max)d characters.") % {"max": WORDING_MAX_CHARS})
    if wording == paragraph.text:
        raise ActionRefused(_("The composite wording is the same as paragraph %(number)s: write the paragraph as amended.") % {"number": paragraph.number})
    with transaction.atomic():
        ConsultationParagraph.objects.select_for_update().filter(pk=paragraph.pk).first()
        current = list(Amendment.objects.select_for_update().filter(pk__in=[a.pk for a in amendments]).order_by("number", "id"))
        for original in current:
            if original.status != Status.FORWARDED:
                raise ActionRefused(
                    _("%(reference)s is “%(status)s”: only forwarded amendments still awaiting their outcome can be composited.")
                    % {"reference": _label(original), "status": original.get_status_display()}
                )
        now = timezone.now()
        numbers = ", ".join(str(a.number) for a in current)
        composite = Amendment.objects.create(
            document=document,
            paragraph=paragraph,
            proposer=None,
            kind=Amendment.Kind.REWRITE,
            new_text=wording,
            reason=(note or "").strip() or _("Composite of amendments %(numbers)s to paragraph %(paragraph)s.") % {"numbers": numbers, "paragraph": paragraph.number},
            status=Status.FORWARDED,
            number=_next_number(paragraph.pk),
            decided_by=actor,
            decided_at=now,
            created_at=now,
        )
        AmendmentEvent.objects.create(
            amendment=composite, status=Status.FORWARDED, actor=actor, created_at=now,
            note=_("Composite of amendments %(numbers)s.") % {"numbers": numbers},
        )
        for original in current:
            original.status = Status.COMPOSITED
            original.composite = composite
            original.decided_by, original.decided_at = actor, now
            original.decision_note = _("Composited into %(reference)s.") % {"reference": composite.reference}
            original.save(update_fields=["status", "composite", "decided_by", "decided_at", "decision_note"])
            AmendmentEvent.objects.create(amendment=original, status=Status.COMPOSITED, actor=actor, note=original.decision_note, created_at=now)
        composite.document = document
        _tell(composite, actor, _("%(references)s composited into %(reference)s") % {
            "references": ", ".join(_label(a) for a in current), "reference": composite.reference,
        })
    return composite
