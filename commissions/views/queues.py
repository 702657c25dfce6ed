"""Lists of submissions: my own and my units', a unit's, and the commission and regional queues."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from commissions import actions
from commissions.forms import AssignForm, QueueFilterForm
from commissions.models import Submission, WorkProgrammeIssue
from commissions.selectors import amendments_of, load_commission_page
from networks.ids import parse_ids
from networks.models import CommissionMembership, PartyUnit, Region
from networks.permissions import can, permitted, unit_ids
from networks.refusals import load_or_refuse, refuse_unless

PAGE_SIZE = 50


def _page(request, submissions):
    return Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def mine(request):
    """My submissions: what I sent, and what my units sent."""
    user = request.user
    submissions = Submission.objects.with_listing().filter(Q(submitter=user) | Q(unit__in=unit_ids(user))).distinct()
    units = PartyUnit.objects.filter(pk__in=unit_ids(user))
    return render(
        request,
        "commissions/submissions/mine.html",
        {
            "page_obj": _page(request, submissions),
            "units": units,
            "amendments": amendments_of(unit_ids(user)),
            "has_queues": can(user, "view_submission_queues"),
        },
    )


@login_required
@require_GET
def unit_submissions(request, slug: str):
    """Our submissions: everything a party unit has sent, for its members and its region's office."""
    unit = load_or_refuse(
        request.user,
        "view_unit_submissions",
        PartyUnit.objects.select_related("region"),
        missing=f"There is no party unit called “{slug}”.",
        refused="Only members of the unit, its regional office and party staff can see its submissions.",
        slug=slug,
    )
    submissions = Submission.objects.with_listing().filter(unit=unit)
    form = QueueFilterForm(request.GET or None, issues=WorkProgrammeIssue.objects.filter(submissions__unit=unit).distinct())
    return render(
        request,
        "commissions/submissions/unit.html",
        {
            "unit": unit,
            "page_obj": _page(request, form.apply(submissions)),
            "filter_form": form,
            "amendments": amendments_of([unit]),
        },
    )


def _queue(request, submissions, *, title: str, commission=None, region=None):
    issues = WorkProgrammeIssue.objects.filter(commission=commission) if commission else WorkProgrammeIssue.objects.select_related("commission")
    form = QueueFilterForm(request.GET or None, issues=issues, show_region=region is None)
    filtered = form.apply(submissions)
    page_obj = _page(request, filtered)
    may_bulk = [s.pk for s in page_obj if can(request.user, "change_submission_status", s)]
    return render(
        request,
        "commissions/submissions/queue.html",
        {
            "title": title,
            "commission": commission,
            "region": region,
            "filter_form": form,
            "page_obj": page_obj,
            "may_bulk": bool(may_bulk),
            "query": request.GET.urlencode(),
            "overdue_count": submissions.overdue().count(),
            "assign_forms": _assign_forms(request.user, page_obj),
        },
    )


@login_required
def commission_queue(request, slug: str):
    """A commission's queue, with filters, bulk acknowledgement, assignment and overdue flags."""
    commission = load_commission_page(slug).commission
    refuse_unless(
        request.user, "view_commission_queue", commission, f"Only members of {commission.name} and staff can see its queue."
    )
    if request.method == "POST":
        return _bulk(request, Submission.objects.filter(commission=commission))
    return _queue(
        request,
        Submission.objects.with_listing().filter(commission=commission),
        title=f"{commission.name}: submissions queue",
        commission=commission,
    )


@login_required
def region_queue(request, slug: str):
    """A regional office's queue: every submission routed to the region, across commissions."""
    region = load_or_refuse(
        request.user,
        "view_region_queue",
        Region,
        missing=f"There is no region called “{slug}”.",
        refused="Only the regional office and party staff can see this queue.",
        slug=slug,
    )
    if request.method == "POST":
        return _bulk(request, Submission.objects.filter(region=region))
    return _queue(
        request, Submission.objects.with_listing().filter(region=region), title=f"{region.name}: submissions", region=region
    )


def _assign_forms(user, submissions) -> dict:
    """An assignment form per row the user may assign, with each commission's members fetched once."""
    assignable = [s for s in submissions if can(user, "assign_submission", s)]
    commission_ids = {s.commission_id for s in assignable}
    members: dict[int, list] = {pk: [] for pk in commission_ids}
    for membership in CommissionMembership.objects.filter(commission_id__in=commission_ids).select_related("user__profile").order_by(
        "user__profile__display_name"
    ):
        members[membership.commission_id].append(membership.user)
    forms = {}
    for s in assignable:
        # Handed to the row itself, so the table need not search for it.
        s.assign_form = AssignForm(
            commission=s.commission, members=members[s.commission_id], initial={"assignee": s.assigned_to_id}, prefix=f"s{s.pk}"
        )
        forms[s.pk] = s.assign_form
    return forms


def _bulk(request, submissions):
    # Only ids a key can hold: "²" or a 30-digit number names no submission (and would be a database error).
    ids = parse_ids(request.POST.getlist("submission"))
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = request.path + (f"?{query}" if query else "")
    if request.POST.get("action") != "acknowledge":
        messages.error(request, "Choose what to do with the selected submissions.")
        return redirect(back)
    if not ids:
        messages.error(request, "Select at least one submission to acknowledge.")
        return redirect(back)
    chosen = list(submissions.select_related("commission").filter(pk__in=ids))
    done, refused = actions.acknowledge_many(request.user, chosen)
    if done:
        messages.success(request, f"Acknowledged {done} submission{'s' if done != 1 else ''}; their submitters have been told.")
    for message in refused[:5]:
        messages.error(request, message)
    return redirect(back)


@login_required
@require_GET
def my_queues(request):
    """Where a commission member, regional staff member or NPF representative finds their work."""
    user = request.user
    commissions = permitted(user, "view_commission_queue")
    regions = permitted(user, "view_region_queue")
    return render(
        request,
        "commissions/submissions/queues.html",
        {"commissions": commissions, "regions": regions, "may_forward_amendments": can(user, "view_amendment_inbox")},
    )
