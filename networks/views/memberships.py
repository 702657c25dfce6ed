"""Joining and leaving a network, and its members page (requests to join, roles, removals)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import actions
from networks.forms import MemberDecisionForm
from networks.models import NetworkMembership, NetworkPage
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import Refused
from networks.selectors import load_network


def _back(request, network: NetworkPage) -> HttpResponseRedirect:
    return redirect_back(request, network.url)


@require_POST
def join(request, slug):
    network = load_network(slug)
    if not request.user.is_authenticated:
        messages.info(request, _("Sign in or create an account to join %(title)s.") % {"title": network.title})
        return redirect(f"/accounts/login/?next={network.url}")
    try:
        membership = actions.join_network(request.user, network)
    except actions.ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if membership.is_active:
            messages.success(request, _("You have joined %(title)s.") % {"title": network.title})
        else:
            messages.success(
                request,
                _("Your request to join %(title)s has been sent. We will email you when a moderator has decided.") % {"title": network.title},
            )
    return _back(request, network)


@require_POST
def leave(request, slug):
    network = load_network(slug)
    try:
        actions.leave_network(request.user, network)
    except actions.ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You have left %(title)s.") % {"title": network.title})
    return _back(request, network)


@login_required
def members(request, slug):
    network = load_network(slug)
    may_manage = can(request.user, "manage_members", network)
    may_approve = can(request.user, "approve_membership", network)
    if not (may_manage or may_approve):
        raise Refused(gettext("Only this network's moderators and editors can see its members page."))

    if request.method == "POST":
        form = MemberDecisionForm(request.POST)
        if form.is_valid():
            membership = NetworkMembership.objects.filter(
                pk=form.cleaned_data["membership"], network=network
            ).select_related("user__profile").first()
            if membership is None:
                messages.error(request, _("That member is no longer in this network."))
                return redirect("networks:members", slug=slug)
            name = actions.member_label(membership.user)
            try:
                match form.cleaned_data["action"]:
                    case "approve":
                        actions.approve_membership(request.user, membership)
                        messages.success(request, _("%(name)s is now a member. We have emailed them.") % {"name": name})
                    case "decline":
                        actions.decline_membership(request.user, membership, form.cleaned_data["reason"])
                        messages.success(request, _("You declined %(name)s's request. We have emailed them.") % {"name": name})
                    case "set_role":
                        actions.set_member_role(request.user, membership, form.cleaned_data["role"])
                        messages.success(request, _("%(name)s is now %(get_role_display)s.") % {"name": name, "get_role_display": membership.get_role_display().lower()})
                    case "remove":
                        actions.remove_member(request.user, membership)
                        messages.success(request, _("%(name)s has been removed from %(title)s.") % {"name": name, "title": network.title})
            except actions.ActionRefused as refusal:
                messages.error(request, refusal.message)
            return redirect("networks:members", slug=slug)
        messages.error(request, _("That request could not be understood; please try again."))

    memberships = network.memberships.select_related("user__profile").order_by("status", "role", "joined_at")
    return render(
        request,
        "networks/members.html",
        {
            "network": network,
            "pending": [m for m in memberships if m.status == NetworkMembership.Status.PENDING],
            "active": [m for m in memberships if m.status == NetworkMembership.Status.ACTIVE],
            "may_manage": may_manage,
            "may_approve": may_approve,
            "may_assign_editor": can(request.user, "assign_editor", network),
            "roles": NetworkMembership.Role.choices,
        },
    )
