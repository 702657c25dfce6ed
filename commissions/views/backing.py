"""Backing: opening a submission to other units' backing, adding and withdrawing it, and where units find them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commissions import actions
from commissions.models import Amendment, AmendmentBacking, Backing, Submission
from commissions.views.submissions import detail_context, load_submission
from networks.actions import ActionRefused
from networks.ids import parse_id
from networks.models import PartyUnit
from networks.permissions import unit_ids
from networks.refusals import load, refuse_unless


@login_required
@require_POST
def open_for_backing(request, reference: str):
    submission = load_submission(request.user, reference)
    is_open = request.POST.get("open") == "1"
    try:
        actions.open_for_backing(request.user, submission, is_open)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        message = (
            _("Other party units can now find and back %(reference)s.")
            if is_open
            else _("%(reference)s takes no new backing; backing already given stays.")
        )
        messages.success(request, message % {"reference": submission.reference})
    return redirect(submission.get_absolute_url() + "#backing")


def _unit(request) -> PartyUnit | None:
    value = parse_id(request.POST.get("unit"))
    return PartyUnit.objects.filter(pk=value).first() if value is not None else None


@login_required
@require_POST
def back(request, reference: str):
    """Add a unit's backing; a refusal shows the tracking page again with the statement kept."""
    submission = load_submission(request.user, reference)
    statement = request.POST.get("statement", "")
    unit = _unit(request)
    try:
        if unit is None:
            raise ActionRefused(_("Choose the party unit whose backing you are adding."))
        actions.back_submission(request.user, submission, unit, statement)
    except ActionRefused as refusal:
        context = detail_context(request, submission, backing_statement=statement, backing_error=refusal.message)
        return render(request, "commissions/submissions/detail.html", context, status=400)
    messages.success(
        request,
        _("%(unit)s now backs %(reference)s. Its members will hear of every change and of the outcome.")
        % {"unit": unit.name, "reference": submission.reference},
    )
    return redirect(submission.get_absolute_url() + "#backing")


@login_required
@require_POST
def withdraw_backing(request, pk: int):
    backing = load(Backing.objects.select_related("submission", "unit"), missing=_("That backing has already been withdrawn."), pk=pk)
    submission = backing.submission
    try:
        actions.withdraw_backing(request.user, backing)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(unit)s no longer backs %(reference)s.") % {"unit": backing.unit.name, "reference": submission.reference})
    return redirect(submission.get_absolute_url() + "#backing")


@login_required
@require_GET
def open_submissions(request):
    """Submissions other units have opened for backing: where a unit finds proposals it can support."""
    refuse_unless(request.user, "view_open_submissions", message=_("Submissions open for backing are for members of party units."))
    mine = unit_ids(request.user)
    submissions = (
        Submission.objects.with_listing()
        .filter(open_for_backing=True)
        .exclude(status__in=[Submission.Status.REFLECTED, Submission.Status.NOT_TAKEN_FORWARD])
        .exclude(unit__in=mine)
        .annotate(backing_count=Count("backings"))
        .order_by("-backing_count", "-created_at", "-id")
    )
    page_obj = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(request, "commissions/submissions/open_for_backing.html", {"page_obj": page_obj})


@login_required
@require_POST
def back_amendment(request, pk: int):
    amendment = load(Amendment.objects.select_related("document__commission", "paragraph", "unit"), missing=_("That amendment does not exist."), pk=pk)
    unit = _unit(request)
    try:
        if unit is None:
            raise ActionRefused(_("Choose the party unit whose backing you are adding."))
        actions.back_amendment(request.user, amendment, unit)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(unit)s backs this amendment; its members will hear the outcome.") % {"unit": unit.name})
    return redirect(actions.amendment_url(amendment))


@login_required
@require_POST
def withdraw_amendment_backing(request, pk: int):
    backing = load(AmendmentBacking.objects.select_related("amendment__document__commission", "unit"), missing=_("That backing has already been withdrawn."), pk=pk)
    try:
        actions.withdraw_amendment_backing(request.user, backing)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(unit)s no longer backs this amendment.") % {"unit": backing.unit.name})
    return redirect(actions.amendment_url(backing.amendment))
