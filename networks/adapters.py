"""allauth, speaking the site's own words, and the party's single sign-on.

Left to itself allauth greets "Hello from 127.0.0.1!", calls a member "user new.member" and
builds links from whichever host the request came in on. The site's account emails instead
greet the member by the name other members see, sign off as Policy Networks and link to
`settings.SITE_URL`, like every other email the site sends (`networks.emails`).

Single sign-on is optional and configured entirely from the environment (`OIDC_*`, see
networksite/settings/base.py and docs/accounts.md). When the party's identity provider sends the
member's number in a claim (`OIDC_MEMBERSHIP_CLAIM`, default `membership_number`), signing in
through it verifies the account against the membership list, as the form at
`/accounts/membership/` would.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from networks.emails import absolute_url, site_url
from networks.languages import in_member_language
from networks.models import Profile
from networks.permissions import can


def display_name(user) -> str:
    """How allauth names a member on pages and in email (ACCOUNT_USER_DISPLAY): their display name."""
    profile = getattr(user, "profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_username()


def _on_site(url: str) -> str:
    """An absolute link allauth built from the request's host, moved onto the configured origin."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return url
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None:
            verify_on_the_way_in(request, user, sociallogin)
        return super().post_login(request, user, **kwargs)

    def respond_user_inactive(self, request, user):
        """A suspended member trying to sign in is told why and until when, on allauth's "inactive" page."""
        from networks.actions.suspensions import current_suspension, describe_end

        suspension = current_suspension(user)
        if suspension is not None:
            messages.error(
                request,
                _("Your account is suspended %(until)s. The reason staff gave: %(reason)s")
                % {"until": describe_end(suspension), "reason": suspension.reason},
            )
        return super().respond_user_inactive(request, user)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email: the member's name to greet, the site's name and origin, links on that origin."""
        context = {key: _on_site(value) if key.endswith("_url") and isinstance(value, str) else value for key, value in context.items()}
        user = context.get("user")
        if user is None:
            address = EmailAddress.objects.filter(email__iexact=email).select_related("user__profile").first()
            user = address.user if address else None
        origin = site_url()
        context.update(
            {
                "member_name": display_name(user) if user is not None else "",
                "site_name": settings.WAGTAIL_SITE_NAME,
                "site_url": origin,
                # allauth's own templates name the site through `current_site`.
                "current_site": SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(origin).netloc),
            }
        )
        # A member's account emails are in their chosen language; someone not yet known here gets the
        # language they were reading in when they asked (the request's).
        if user is not None and user.pk:
            with in_member_language(user):
                super().send_mail(template_prefix, email, context)
        else:
            super().send_mail(template_prefix, email, context)


def membership_claim(sociallogin) -> str:
    """The membership number the identity provider vouched for, from its userinfo or ID token ("" if none)."""
    data = sociallogin.account.extra_data or {}
    claim = settings.OIDC_MEMBERSHIP_CLAIM
    for part in ("userinfo", "id_token"):
        value = (data.get(part) or {}).get(claim)
        if value:
            return str(value)
    return str(data.get(claim) or "")


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
