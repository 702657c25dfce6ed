"""The regional offices and the PiP Coordinators Network: sign-up and the constituencies covered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from networks.actions import ActionRefused, sign_up_coordinator
from networks.forms import CoordinatorForm
from networks.models import Constituency, Coordinator, Profile, Region, UnitMembership
from networks.permissions import can, permitted
from networks.refusals import refuse_unless


@require_GET
def regions(request):
    """The eleven regional offices and how to reach them."""
    return render(request, "networks/party/regions.html", {"regions": Region.objects.all()})


@login_required
def coordinator_signup(request):
    if not can(request.user, "sign_up_as_coordinator"):
        return render(request, "networks/party/coordinator_form.html", {"needs_verification": True})
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
                    gettext(
                        "Thank you for joining the Coordinators Network. The %(region)s regional office "
                        "will be in touch about briefings and training."
                    )
                    % {"region": coordinator.region},
                )
                return redirect("networks:regions")
    else:
        form = CoordinatorForm(initial=_coordinator_initial(request.user))
    return render(request, "networks/party/coordinator_form.html", {"form": form})


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
    refuse_unless(
        request.user,
        "view_coordinator_coverage",
        message=gettext("Only party staff and the regional offices can see the coordinators' coverage."),
    )
    regions = permitted(request.user, "view_coordinator_coverage").order_by("name")
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
        "networks/party/coverage.html",
        {"rows": rows, "may_see_contacts": can(request.user, "view_contact_details")},
    )
