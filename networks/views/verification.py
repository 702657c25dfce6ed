"""A member verifies their party membership: membership number, surname and post code, once."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from networks.actions import ActionRefused
from networks.actions.verification import verify_membership as verify
from networks.forms import VerifyMembershipForm
from networks.permissions import can, is_verified_member, membership_record
from networks.redirects import redirect_back

RATE_LIMIT_ACTION = "verify_membership"


def too_many_attempts_message() -> str:
    return _(
        "Too many attempts to verify from this account or this connection. Wait an hour and try again, or ask "
        "your regional office to check your membership record."
    )


@login_required
def verify_membership(request):
    """The verification form, or the account's standing once verified (with the reason when it lapsed)."""
    user = request.user
    form = VerifyMembershipForm(request.POST or None)
    if request.method == "POST" and can(user, "verify_membership") and form.is_valid():
        if not ratelimit.consume(request, action=RATE_LIMIT_ACTION, user=user, dry_run=True):
            form.add_error(None, too_many_attempts_message())
        else:
            try:
                record = verify(
                    user,
                    membership_number=form.cleaned_data["membership_number"],
                    surname=form.cleaned_data["surname"],
                    postcode=form.cleaned_data["postcode"],
                )
            except ActionRefused as refusal:
                # Every failed attempt counts against the limit, whatever the reason, so the
                # answers cannot be used to test which membership numbers exist.
                ratelimit.consume(request, action=RATE_LIMIT_ACTION, user=user)
                form.add_error(None, refusal.message)
            else:
                units = ", ".join(str(unit) for unit in (record.clp, record.branch) if unit is not None)
                messages.success(
                    request,
                    _("Thank you: your party membership is verified.")
                    + (" " + _("You are now linked to %(units)s.") % {"units": units} if units else ""),
                )
                return redirect_back(request, request.path)
    record = membership_record(user)
    return render(
        request,
        "networks/verify_membership.html",
        {
            "form": form,
            "record": record,
            "verified": is_verified_member(user),
            "may_verify": can(user, "verify_membership"),
            "lapse_reason": record.lapse_reason() if record is not None else "",
            "next": request.GET.get("next", ""),
        },
    )
