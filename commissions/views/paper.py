"""The NPF's pages for a stage-3 document: the amendments paper (page and PDF), compositing, outcomes, the final document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commissions import actions
from commissions.forms import CompositeForm, OutcomeForm
from commissions.models import Amendment, ConsultationDocument, agreed_wording
from commissions.paper import amendments_paper, paper_pdf
from commissions.selectors import load_commission_page
from networks.actions import ActionRefused
from networks.ids import parse_id, parse_ids
from networks.permissions import can
from networks.refusals import load, load_or_refuse


def _final_draft(request, slug: str, pk: int, action: str | None = None) -> ConsultationDocument:
    page = load_commission_page(slug)
    documents = ConsultationDocument.objects.filter(commission=page.commission, stage=ConsultationDocument.Stage.FINAL_DRAFT)
    if action is None:
        document = load(documents, missing=_("There is no such final draft."), pk=pk)
    else:
        document = load_or_refuse(
            request.user, action, documents, missing=_("There is no such final draft."),
            refused=_("The amendments paper is for the commission, staff and NPF representatives."), pk=pk,
        )
    document.commission = page.commission
    document.commission_page = page
    return document


@login_required
@require_GET
def paper(request, slug: str, pk: int):
    """The compiled amendments paper, printable (its print stylesheet drops the site's chrome and the forms)."""
    document = _final_draft(request, slug, pk, "view_amendments_paper")
    compiled = amendments_paper(document)
    return render(
        request,
        "commissions/paper/page.html",
        {
            "paper": compiled,
            "document": document,
            "may_decide": can(request.user, "composite_amendments", document),
            "may_export": can(request.user, "export_amendments", document),
        },
    )


@login_required
@require_GET
def paper_download(request, slug: str, pk: int):
    """The paper as a PDF, compiled now (it states when)."""
    document = _final_draft(request, slug, pk, "view_amendments_paper")
    compiled = amendments_paper(document)
    response = HttpResponse(paper_pdf(compiled), content_type="application/pdf")
    filename = f"{slugify(document.title)}-amendments-paper-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def final(request, slug: str, pk: int):
    """The document as the NPF left it: which paragraphs changed, how, and why (public, like the draft)."""
    document = _final_draft(request, slug, pk)
    return render(request, "commissions/paper/final.html", {"paper": amendments_paper(document), "document": document})


@login_required
def outcome(request, pk: int):
    """Record one amendment's outcome at the NPF; a refusal comes back with everything typed kept."""
    amendment = load_or_refuse(
        request.user,
        "decide_amendment",
        Amendment.objects.select_related("document__commission", "paragraph", "unit", "region"),
        missing=_("That amendment does not exist."),
        refused=_("Only the commission that owns the document and staff record the NPF's outcomes."),
        pk=pk,
    )
    document = amendment.document
    siblings = list(Amendment.objects.filter(paragraph=amendment.paragraph).exclude(pk=amendment.pk))
    current, _changed = agreed_wording(amendment.paragraph, siblings)
    status = 200
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.decide_amendment(request.user, amendment, data["outcome"], data["note"], data["agreed_text"])
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("%(reference)s is now “%(status)s”; its proposing and backing units have been told.")
                    % {"reference": amendment.reference, "status": amendment.get_status_display()},
                )
                return redirect(reverse("commissions:paper", kwargs={"slug": document.commission.slug, "pk": document.pk}) + f"#amendment-{amendment.pk}")
        status = 400
    else:
        form = OutcomeForm(initial={"agreed_text": amendment.apply_to(current) or current})
    return render(
        request,
        "commissions/paper/outcome.html",
        {"amendment": amendment, "document": document, "form": form, "current_text": current},
        status=status,
    )


def _chosen_ids(request) -> list[int]:
    return parse_ids(request.POST.getlist("amendments"))


@login_required
def composite(request, slug: str, pk: int):
    """Merge forwarded amendments to one paragraph into a composite, which joins the paper with its own number."""
    document = _final_draft(request, slug, pk, "composite_amendments")
    forwarded = list(
        Amendment.objects.filter(document=document, status=Amendment.Status.FORWARDED)
        .select_related("paragraph", "unit", "region")
        .order_by("paragraph__number", "number", "id")
    )
    for amendment in forwarded:
        amendment.document = document
    paragraph_number = parse_id(request.GET.get("paragraph"))
    number = str(paragraph_number) if paragraph_number is not None else ""
    shown = [a for a in forwarded if str(a.paragraph.number) == number] if number else forwarded
    chosen: list[int] = []
    status = 200
    if request.method == "POST":
        form = CompositeForm(request.POST)
        chosen = _chosen_ids(request)
        if form.is_valid():
            picked = list(Amendment.objects.filter(pk__in=chosen).select_related("paragraph", "document__commission"))
            try:
                if len(picked) != len(set(chosen)):
                    raise ActionRefused(_("One of the chosen amendments no longer exists; choose again."))
                made = actions.composite_amendments(request.user, document, picked, form.cleaned_data["wording"], form.cleaned_data["note"])
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("Composite %(reference)s made from %(count)d amendments; their units have been told.")
                    % {"reference": made.reference, "count": len(picked)},
                )
                return redirect(reverse("commissions:paper", kwargs={"slug": slug, "pk": document.pk}) + f"#amendment-{made.pk}")
        status = 400
        if not number:
            shown = forwarded
    else:
        paragraph = shown[0].paragraph if shown and number else None
        initial = {}
        if paragraph is not None:
            initial["wording"] = agreed_wording(paragraph, list(paragraph.amendments.all()))[0]
        form = CompositeForm(initial=initial)
    return render(
        request,
        "commissions/paper/composite.html",
        {"document": document, "amendments": shown, "form": form, "chosen": chosen, "paragraph_number": number if number else ""},
        status=status,
    )
