"""allauth, speaking the site's own words: its name, its configured origin and the member's display name.

Left to itself allauth greets "Hello from 127.0.0.1!", calls a member "user new.member" and
builds links from whichever host the request came in on. The site's account emails instead
greet the member by the name other members see, sign off as Policy Networks and link to
`settings.SITE_URL`, like every other email the site sends (`networks.emails`).
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from networks.emails import absolute_url, site_url


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
        super().send_mail(template_prefix, email, context)
