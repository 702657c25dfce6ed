"""Staff's pages for suspensions: the list (with moderators' requests), suspending, and one suspension's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from networks.actions import suspensions as actions
from networks.actions.memberships import member_label
from networks.forms import LiftSuspensionForm, SuspendForm
from networks.models import Suspension, SuspensionRequest
from networks.refusals import ActionRefused, load, refuse_unless

STAFF_ONLY = gettext_lazy("Only staff can suspend accounts.")
SUSPENSIONS = Suspension.objects.select_related("member__profile", "suspended_by__profile", "lifted_by__profile")


@login_required
def suspension_list(request):
    refuse_unless(request.user, "manage_suspensions", None, str(STAFF_ONLY))
    requests = SuspensionRequest.objects.filter(decided_at__isnull=True).select_related(
        "member__profile", "requested_by__profile", "network"
    )
    return render(
        request,
        "networks/suspensions/list.html",
        {
            "requests": requests,
            "in_force": SUSPENSIONS.in_force(),
            "ended": SUSPENSIONS.exclude(pk__in=Suspension.objects.in_force().values("pk"))[:30],
        },
    )


@login_required
def suspend(request):
    refuse_unless(request.user, "manage_suspensions", None, str(STAFF_ONLY))
    initial = {"member": request.GET.get("member", "")[:150]}
    form = SuspendForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suspension = actions.suspend_member(
                request.user, data["member"], reason=data["reason"], ends_at=data["ends_on"], hide_posts=data["hide_posts"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("%(member)s is suspended %(until)s. They have been signed out everywhere and emailed the reason.")
                % {"member": member_label(suspension.member), "until": actions.describe_end(suspension)},
            )
            return redirect("networks:suspension", pk=suspension.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/suspensions/suspend.html", {"form": form}, status=status)


@login_required
def suspension_detail(request, pk: int):
    refuse_unless(request.user, "manage_suspensions", None, str(STAFF_ONLY))
    suspension = load(SUSPENSIONS, missing=_("That suspension does not exist."), pk=pk)
    operation = request.POST.get("operation") if request.method == "POST" else None
    lift_form = LiftSuspensionForm(request.POST if operation == "lift" else None)
    if operation in ("hide", "restore"):
        try:
            if operation == "hide":
                count = actions.hide_suspended_posts(request.user, suspension)
                messages.success(
                    request,
                    ngettext("%(count)s post is hidden pending review.", "%(count)s posts are hidden pending review.", count)
                    % {"count": count},
                )
            else:
                count = actions.restore_suspended_posts(request.user, suspension)
                messages.success(
                    request, ngettext("%(count)s post is shown again.", "%(count)s posts are shown again.", count) % {"count": count}
                )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        return redirect("networks:suspension", pk=suspension.pk)
    if operation == "lift" and lift_form.is_valid():
        try:
            actions.lift_suspension(
                request.user, suspension, reason=lift_form.cleaned_data["reason"],
                restore_posts=lift_form.cleaned_data["restore_posts"],
            )
        except ActionRefused as refusal:
            lift_form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The suspension has ended and the member has been emailed."))
            return redirect("networks:suspension", pk=suspension.pk)
    status = 400 if operation else 200
    return render(
        request,
        "networks/suspensions/detail.html",
        {"suspension": suspension, "until": actions.describe_end(suspension), "lift_form": lift_form},
        status=status,
    )


@login_required
@require_POST
def dismiss_request(request, pk: int):
    refuse_unless(request.user, "manage_suspensions", None, str(STAFF_ONLY))
    found = load(SuspensionRequest.objects.select_related("network", "requested_by"), missing=_("That request does not exist."), pk=pk)
    try:
        actions.dismiss_request(request.user, found)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is dismissed; the moderator who asked has been told."))
    return redirect("networks:suspensions")
