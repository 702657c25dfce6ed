"""Two-factor authentication for those who hold members' personal data (django-allauth's MFA).

Staff, regional offices and anyone whose role lets them see members' contact
details or registrants must set up an authenticator app (TOTP, with recovery
codes) before any page opens for them; for everyone else it is optional, from
`/accounts/2fa/`. Who must is decided by the permission rules of the actions
that show personal data: a rule that shows such data registers its action here
(`register_personal_data_action`), and must answer when asked without an
object ("anywhere?"), as `view_coordinator_coverage` does.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from networks.permissions import can

_PERSONAL_DATA_ACTIONS: list[str] = ["view_contact_details", "view_coordinator_coverage", "administer_membership_list"]


def register_personal_data_action(action: str) -> None:
    """Holding `action` (asked without an object) requires two-factor authentication. Call from `AppConfig.ready()`."""
    if action not in _PERSONAL_DATA_ACTIONS:
        _PERSONAL_DATA_ACTIONS.append(action)


def must_use_two_factor(user) -> bool:
    """Staff, regional offices, and whoever may see members' personal data somewhere."""
    if not user.is_authenticated:
        return False
    return any(can(user, action) for action in _PERSONAL_DATA_ACTIONS)


def has_two_factor(user) -> bool:
    cached = user.__dict__.get("_has_two_factor")
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user.__dict__["_has_two_factor"] = cached
    return cached


# Pages that stay open before the authenticator is set up: allauth's own (sign out, the 2FA
# setup itself, email and password), static files and the machinery.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/csp-report", "/outbox/", "/favicon")


class TwoFactorRequiredMiddleware:
    """Sends a signed-in member who must use two-factor, and has not set it up, to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and must_use_two_factor(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role lets you see members' personal details, so your account needs two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect("/accounts/2fa/totp/activate/?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Those who must use two-factor keep their authenticator app (they may set up a new one first)."""
        if authenticator.type != Authenticator.Type.TOTP or not must_use_two_factor(authenticator.user):
            return True
        return False
