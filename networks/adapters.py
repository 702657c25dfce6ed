"""allauth adapters: the party's single sign-on (OpenID Connect) creates profiles and verifies memberships.

Single sign-on is optional and configured entirely from the environment
(`OIDC_*`, see networksite/settings/base.py and docs/accounts.md). When the
party's identity provider sends the member's number in a claim
(`OIDC_MEMBERSHIP_CLAIM`, default `membership_number`), signing in through it
verifies the account against the membership list, as the form at
`/accounts/membership/` would.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from networks.models import Profile
from networks.permissions import can

logger = logging.getLogger(__name__)


def membership_claim(sociallogin) -> str:
    """The membership number the identity provider vouched for, from its userinfo or ID token ("" if none)."""
    data = sociallogin.account.extra_data or {}
    claim = settings.OIDC_MEMBERSHIP_CLAIM
    for part in ("userinfo", "id_token"):
        value = (data.get(part) or {}).get(claim)
        if value:
            return str(value)
    return str(data.get(claim) or "")


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None:
            verify_on_the_way_in(request, user, sociallogin)
        return super().post_login(request, user, **kwargs)


def verify_on_the_way_in(request, user, sociallogin) -> None:
    from networks.actions import ActionRefused
    from networks.actions.verification import verify_from_identity_provider

    number = membership_claim(sociallogin)
    if not number or not can(user, "verify_membership"):
        return
    try:
        record = verify_from_identity_provider(user, number)
    except ActionRefused as refusal:
        messages.warning(request, refusal.message)
    else:
        messages.success(
            request,
            _("Your party sign-in verified your membership (%(number)s).") % {"number": record.membership_number},
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        """A member arriving through single sign-on gets the profile the sign-up form would have made."""
        user = super().save_user(request, sociallogin, form)
        data = sociallogin.account.extra_data.get("userinfo") or sociallogin.account.extra_data.get("id_token") or {}
        name = data.get("name") or " ".join(filter(None, [data.get("given_name"), data.get("family_name")]))
        Profile.objects.get_or_create(user=user, defaults={"display_name": (name or user.email.split("@")[0])[:80]})
        return user
