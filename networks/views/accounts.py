"""A member's own account: their profile, their data as JSON, and deleting the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from networks.actions import delete_account as delete_member_account
from networks.forms import DeleteAccountForm, ProfileForm
from networks.languages import remember_language
from networks.member_data import export_member_data
from networks.models import Profile


@login_required
def profile(request):
    instance = Profile.objects.filter(user=request.user).first() or Profile(
        user=request.user, display_name=request.user.email.split("@")[0]
    )
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=instance)
        if form.is_valid():
            profile = form.save()
            messages.success(request, _("Your profile has been saved."))
            response = redirect("networks:profile")
            if profile.language:
                remember_language(response, profile.language)
            return response
    else:
        form = ProfileForm(instance=instance)
    return render(request, "networks/profile.html", {"form": form})


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
            delete_member_account(user)
            messages.success(request, _("Your account has been deleted. Your posts now show as “former member”."))
            return redirect("/")
    else:
        form = DeleteAccountForm()
    return render(request, "networks/accounts/delete_account.html", {"form": form})
