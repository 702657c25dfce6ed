"""Lists of submissions: my own and my units', a unit's, and the commission and regional queues."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commissions import actions
from commissions.forms import AssignForm, QueueFilterForm
from commissions.models import SavedFilter, Submission, Theme, WorkProgrammeIssue
from commissions.queue import Queue, queue_rows
from commissions.selectors import amendments_of, load_commission_page
from networks.actions import ActionRefused
from networks.ids import parse_id, parse_ids
from networks.models import CommissionMembership, PartyUnit, Region
from networks.permissions import can, permitted, unit_ids
from networks.refusals import load_or_refuse, refuse_unless


def _page(request, submissions):
    return Paginator(submissions, settings.SUBMISSION_QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))


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
        missing=gettext("There is no party unit called “%(slug)s”.") % {"slug": slug},
        refused=gettext("Only members of the unit, its regional office and party staff can see its submissions."),
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


def _queue(request, queue: Queue):
    user = request.user
    form = queue.filter_form(request.GET or None)
    notes = queue.shows_notes(user)
    page_obj = _page(request, queue_rows(user, queue.submissions(), form, notes=notes))
    may_bulk = [s.pk for s in page_obj if can(user, "change_submission_status", s)]
    may_tag = queue.commission is not None and can(user, "tag_submissions", queue.commission)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commissions/submissions/queue.html",
        {
            "title": queue.title,
            "queue": queue,
            "commission": queue.commission,
            "region": queue.region,
            "filter_form": form,
            "page_obj": page_obj,
            "may_bulk": bool(may_bulk) or may_tag,
            "may_acknowledge": bool(may_bulk),
            "themes": list(Theme.objects.filter(commission=queue.commission)) if may_tag else [],
            "may_manage_themes": queue.commission is not None and can(user, "manage_themes", queue.commission),
            "shows_notes": notes,
            "query": query.urlencode(),
            "overdue_count": queue.submissions().overdue().count(),
            "assign_forms": _assign_forms(user, page_obj),
            "saved_filters": list(SavedFilter.objects.filter(user=user, path=queue.path)),
            "may_export": queue.may_export(user),
            "export_links": {fmt: queue.export_path(fmt) for fmt in ("csv", "xlsx")},
        },
    )


@login_required
def commission_queue(request, slug: str):
    """A commission's queue: search, filters, sorting, saved filters, themes, bulk acknowledgement, assignment."""
    commission = load_commission_page(slug).commission
    refuse_unless(
        request.user, "view_commission_queue", commission, gettext("Only members of %(commission)s and staff can see its queue.") % {"commission": commission.name}
    )
    queue = Queue.of_commission(commission)
    if request.method == "POST":
        return _bulk(request, queue)
    return _queue(request, queue)


@login_required
def region_queue(request, slug: str):
    """A regional office's queue: every submission routed to the region, across commissions."""
    region = load_or_refuse(
        request.user,
        "view_region_queue",
        Region,
        missing=gettext("There is no region called “%(slug)s”.") % {"slug": slug},
        refused=gettext("Only the regional office and party staff can see this queue."),
        slug=slug,
    )
    queue = Queue.of_region(region)
    if request.method == "POST":
        return _bulk(request, queue)
    return _queue(request, queue)


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


def _bulk(request, queue: Queue):
    """The queue's bulk actions on the selected rows: acknowledge, or put a theme on or take it off."""
    # Only ids a key can hold: "²" or a 30-digit number names no submission (and would be a database error).
    ids = parse_ids(request.POST.getlist("submission"))
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = request.path + (f"?{query}" if query else "")
    action = request.POST.get("action")
    if action not in ("acknowledge", "add_theme", "remove_theme"):
        messages.error(request, _("Choose what to do with the selected submissions."))
        return redirect(back)
    if not ids:
        messages.error(request, _("Select at least one submission first."))
        return redirect(back)
    chosen = list(queue.submissions().select_related("commission").filter(pk__in=ids))
    if action == "acknowledge":
        done, refused = actions.acknowledge_many(request.user, chosen)
        if done:
            messages.success(
                request,
                ngettext(
                    "Acknowledged %(count)d submission; its submitter has been told.",
                    "Acknowledged %(count)d submissions; their submitters have been told.",
                    done,
                ) % {"count": done},
            )
        for message in refused[:5]:
            messages.error(request, message)
        return redirect(back)
    theme_id = parse_id(request.POST.get("theme"))
    theme = (
        Theme.objects.select_related("commission").filter(pk=theme_id, commission=queue.commission).first()
        if theme_id is not None and queue.commission
        else None
    )
    if theme is None:
        messages.error(request, _("Choose one of the commission's themes to apply."))
        return redirect(back)
    try:
        changed = actions.set_theme(request.user, theme, chosen, on=action == "add_theme")
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        text = (
            ngettext("“%(theme)s” added to %(count)d submission.", "“%(theme)s” added to %(count)d submissions.", changed)
            if action == "add_theme"
            else ngettext("“%(theme)s” removed from %(count)d submission.", "“%(theme)s” removed from %(count)d submissions.", changed)
        )
        messages.success(request, text % {"theme": theme.name, "count": changed})
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
