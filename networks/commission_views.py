"""Pages for regional offices, the Coordinators Network, figures exports and a member's own data."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from networks.actions import ActionRefused
from networks.commission_actions import erase_member, export_member_data, sign_up_coordinator
from networks.commission_forms import CoordinatorForm, DeleteAccountForm
from networks.commission_permissions import staffed_region_ids
from networks.commission_selectors import accountability_figures, live_commission_page
from networks.models import (
    Constituency,
    Coordinator,
    PolicyCommission,
    Profile,
    Region,
    UnitMembership,
)
from networks.permissions import can, is_staff


@require_GET
def regions(request):
    """The eleven regional offices and how to reach them."""
    return render(request, "networks/commissions/regions.html", {"regions": Region.objects.all()})


@login_required
def coordinator_signup(request):
    if request.method == "POST":
        form = CoordinatorForm(request.POST)
        if form.is_valid():
            try:
                coordinator = sign_up_coordinator(request.user, form.save(commit=False))
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    f"Thank you for joining the Coordinators Network. The {coordinator.region} regional office "
                    "will be in touch about briefings and training.",
                )
                return redirect("commissions:regions")
    else:
        form = CoordinatorForm(initial=_coordinator_initial(request.user))
    return render(request, "networks/commissions/coordinator_form.html", {"form": form})


def _coordinator_initial(user) -> dict:
    profile = Profile.objects.filter(user=user).first()
    membership = UnitMembership.objects.filter(user=user).select_related("unit").first()
    initial = {"email": user.email, "full_name": profile.display_name if profile else ""}
    if membership:
        initial.update(unit=membership.unit.pk, position=membership.position)
        if membership.unit.constituency_id:
            initial["constituency"] = membership.unit.constituency_id
    return initial


@login_required
def coverage(request):
    """Constituencies without a coordinator yet, by region; staff also see who covers the rest."""
    if not can(request.user, "view_coordinator_coverage"):
        raise PermissionDenied("Only party staff and the regional offices can see the coordinators' coverage.")
    regions = Region.objects.order_by("name")
    if not is_staff(request.user):
        regions = regions.filter(pk__in=staffed_region_ids(request.user))
    constituencies = Constituency.objects.annotate(coordinator_count=Count("coordinators"))
    regions = regions.prefetch_related(
        Prefetch("constituencies", queryset=constituencies.order_by("name")),
        Prefetch("coordinators", queryset=Coordinator.objects.select_related("unit", "constituency").order_by("constituency__name")),
    )
    rows = []
    for region in regions:
        seats = list(region.constituencies.all())
        rows.append(
            {
                "region": region,
                "uncovered": [c for c in seats if not c.coordinator_count],
                "covered": len([c for c in seats if c.coordinator_count]),
                "total": len(seats),
                "coordinators": list(region.coordinators.all()),
            }
        )
    return render(
        request,
        "networks/commissions/coverage.html",
        {"rows": rows, "may_see_contacts": can(request.user, "view_contact_details")},
    )


FIGURE_COLUMNS = ["commission", "region", "submissions", "acknowledged_percent", "responded_percent", "median_days_to_response"]


def _figure_rows(figures):
    def row(name, region, tally):
        return [
            name,
            region,
            tally.submissions,
            "" if tally.percent_acknowledged is None else tally.percent_acknowledged,
            "" if tally.percent_responded is None else tally.percent_responded,
            "" if tally.median_days_to_response is None else tally.median_days_to_response,
        ]

    for item in figures:
        yield row(item.commission.name, "All regions", item.overall)
        for region, tally in item.by_region:
            yield row(item.commission.name, region.name, tally)


def _csv_response(filename: str, figures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(FIGURE_COLUMNS)
    writer.writerows(_figure_rows(figures))
    return response


@require_GET
def figures_csv(request):
    """Every commission's accountability figures, overall and by region (public)."""
    figures = accountability_figures(PolicyCommission.objects.order_by("name")).values()
    return _csv_response(f"commission-figures-{timezone.localdate():%Y-%m-%d}.csv", figures)


@require_GET
def commission_figures_csv(request, slug: str):
    page = live_commission_page(slug)
    if page is None:
        raise Http404(f"There is no policy commission called “{slug}”.")
    figures = accountability_figures([page.commission]).values()
    return _csv_response(f"{page.commission.slug}-figures-{timezone.localdate():%Y-%m-%d}.csv", figures)


@login_required
@require_GET
def my_data(request):
    """Download everything we hold about you, as JSON."""
    data = export_member_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="policy-networks-my-data-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            erase_member(user)
            messages.success(request, "Your account has been deleted. Your posts now show as “former member”.")
            return redirect("/")
    else:
        form = DeleteAccountForm()
    return render(request, "networks/commissions/delete_account.html", {"form": form})


