"""Consultation documents and the amendments to their numbered paragraphs: proposing, forwarding, deciding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commissions import actions
from commissions.forms import AmendmentDecisionForm, AmendmentForm
from commissions.models import Amendment, AmendmentBacking, AmendmentEvent, ConsultationDocument
from commissions.selectors import load_commission_page
from networks.actions import ActionRefused
from networks.idempotency import run_once
from networks.ids import parse_id
from networks.limits import limits_body
from networks.models import PartyUnit
from networks.permissions import can, permitted, unit_ids
from networks.refusals import load, refuse_unless

AMENDMENT_FORM = limits_body(
    explain=lambda: gettext("An amendment's words can be at most 4,000 characters, and its reason or note at most 2,000.")
)


@AMENDMENT_FORM
def document(request, slug: str, pk: int):
    """A consultation document: its stage and state, and for a final draft its numbered paragraphs and amendments."""
    page = load_commission_page(slug)
    doc = load(ConsultationDocument.objects.filter(commission=page.commission), missing=gettext("That document does not exist."), pk=pk)
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        form = AmendmentForm(request.POST, user=request.user, document=doc)
        if form.is_valid():
            data = form.cleaned_data
            paragraph = form.paragraphs.get(data["paragraph"])
            try:
                outcome = run_once(
                    request.user,
                    data["idempotency_key"],
                    lambda: actions.propose_amendment(
                        request.user, paragraph, unit=data["unit"], kind=data["kind"],
                        target_text=data["target_text"], new_text=data["new_text"], reason=data["reason"],
                    ),
                    actions.amendment_url,
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if outcome.repeated:
                    messages.info(request, gettext("Your amendment was already sent; here it is."))
                else:
                    messages.success(
                        request,
                        gettext("Your amendment to paragraph %(number)s has been sent to the %(region)s NPF representatives.")
                        % {"number": paragraph.number, "region": outcome.result.region},
                    )
                return redirect(outcome.url)
    if form is None and can(request.user, "propose_amendment", doc):
        paragraph_number = parse_id(request.GET.get("paragraph"))
        initial = {"paragraph": paragraph_number} if paragraph_number is not None else {}
        form = AmendmentForm(initial=initial, user=request.user, document=doc)
    return _document_page(request, page, doc, form=form, status=400 if form is not None and form.is_bound else 200)


def _document_page(request, page, doc: ConsultationDocument, *, form=None, refused=None, status: int = 200):
    """The document's page. `refused` is (amendment id, decision form) for a decision that was refused:
    that amendment's form is shown again with the note as typed and the reason it was refused."""
    doc.commission = page.commission
    amendments = Amendment.objects.filter(document=doc).select_related("unit", "region", "decided_by__profile").prefetch_related(
        Prefetch("backings", queryset=AmendmentBacking.objects.select_related("unit")),
        Prefetch("events", queryset=AmendmentEvent.objects.order_by("created_at", "id")),
    )
    paragraphs = list(doc.paragraphs.prefetch_related(Prefetch("amendments", queryset=amendments)))
    my_units = list(PartyUnit.objects.filter(pk__in=unit_ids(request.user))) if request.user.is_authenticated else []
    for paragraph in paragraphs:
        for amendment in paragraph.amendments.all():
            # The rules and the template read these; they are the objects already in hand, not a query per amendment.
            amendment.paragraph, amendment.document = paragraph, doc
            amendment.may_forward = can(request.user, "forward_amendment", amendment) and amendment.status == Amendment.Status.SUBMITTED
            amendment.may_decide = can(request.user, "decide_amendment", amendment) and amendment.status == Amendment.Status.FORWARDED
            if refused is not None and refused[0] == amendment.pk:
                amendment.decision_form = refused[1]
            backed = {backing.unit_id: backing for backing in amendment.backings.all()}
            if can(request.user, "back_amendment", amendment):
                amendment.units_to_back_with = [u for u in my_units if u.pk != amendment.unit_id and u.pk not in backed]
            amendment.my_backings = [backed[u.pk] for u in my_units if u.pk in backed]
    return render(
        request,
        "commissions/submissions/document.html",
        {
            "commission": page.commission,
            "commission_page": page,
            "document": doc,
            "paragraphs": paragraphs,
            "form": form,
            "may_amend": can(request.user, "propose_amendment", doc),
            "needs_verification": request.user.is_authenticated and not can(request.user, "act_as_party_member"),
            "decision_form": AmendmentDecisionForm(),
            "may_view_paper": can(request.user, "view_amendments_paper", doc),
            "has_outcomes": any(a.is_decided for p in paragraphs for a in p.amendments.all()),
        },
        status=status,
    )


@AMENDMENT_FORM
@login_required
@require_POST
def decide_amendment(request, pk: int):
    amendment = load(
        Amendment.objects.select_related("document__commission", "paragraph", "unit", "region"),
        missing=gettext("That amendment does not exist."),
        pk=pk,
    )
    form = AmendmentDecisionForm(request.POST)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "forward":
                actions.forward_amendment(request.user, amendment)
            elif decision == "return":
                actions.return_amendment(request.user, amendment, note)
            else:
                actions.decide_amendment(request.user, amendment, decision, note)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The amendment is now “%(get_status_display)s”; the unit has been told.") % {"get_status_display": amendment.get_status_display()})
            return redirect(actions.amendment_url(amendment))
    # Refused or invalid: the document's page again, this amendment's note as typed and the reason beside it.
    page = load_commission_page(amendment.document.commission.slug)
    return _document_page(request, page, amendment.document, refused=(amendment.pk, form), status=400)


@login_required
@require_GET
def amendment_inbox(request):
    """An NPF representative's amendments to forward or return, from the regions they represent."""
    refuse_unless(request.user, "view_amendment_inbox", message="Only NPF representatives forward amendments.")
    amendments = permitted(request.user, "forward_amendment").select_related("document__commission", "paragraph", "unit", "region")
    waiting = list(amendments.filter(status=Amendment.Status.SUBMITTED))
    for amendment in waiting:
        amendment.may_forward = can(request.user, "forward_amendment", amendment)
    decided = amendments.exclude(status=Amendment.Status.SUBMITTED).order_by("-decided_at", "-id")[:50]
    return render(
        request,
        "commissions/submissions/amendment_inbox.html",
        {"waiting": waiting, "decided": decided, "decision_form": AmendmentDecisionForm()},
    )
