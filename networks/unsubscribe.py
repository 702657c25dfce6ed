"""One-click unsubscribe for every email the site sends, without signing in (RFC 8058).

A link carries a signed token naming a user and a *scope*: what they stop
receiving. Each concern registers the scopes it sends under a prefix:

    register_scope("bulletins", handler, "bulletins from {network}")

`handler(user, rest)` receives the part after "prefix:" (e.g. a network id)
and does the unsubscribing; it must be idempotent, because mail providers may
POST the one-click URL more than once. It returns a short description of what
stopped, shown on the confirmation page.

`unsubscribe_headers(user, scope)` gives the `List-Unsubscribe` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` headers for
`networks.emails.email_member(headers=...)`; `unsubscribe_url(user, scope)`
gives the absolute link for the email's footer. GET on the link shows a page
with a button; POST (the button, or the mail provider's one-click) acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from networks.emails import absolute_url

SALT = "networks.unsubscribe"

Handler = Callable[[object, str], str]


@dataclass(frozen=True)
class Scope:
    prefix: str
    handler: Handler
    description: str
    """What the member stops receiving, shown before they confirm, e.g. "discussion notification emails"."""
    describe: Callable[[str], str] | None = None
    """Optional: a description for one scope value (e.g. naming the network)."""


_SCOPES: dict[str, Scope] = {}
_PREFERENCES_PAGE: list[str] = []


def register_preferences_page(url_name: str) -> None:
    """Name the page where a signed-in member changes every email choice (the app that owns it calls this)."""
    if _PREFERENCES_PAGE:
        raise ValueError(f"The email preferences page is already {_PREFERENCES_PAGE[0]!r}")
    _PREFERENCES_PAGE.append(url_name)


def preferences_url() -> str:
    """The email preferences page's path; raises if no app has registered one (a wiring error)."""
    if not _PREFERENCES_PAGE:
        raise LookupError("No app has registered the email preferences page")
    return reverse(_PREFERENCES_PAGE[0])


class BadUnsubscribeLink(Exception):
    """The token was tampered with, or names a scope or user that no longer exists."""


def register_scope(
    prefix: str, handler: Handler, description: str, describe: Callable[[str], str] | None = None
) -> None:
    """Add a kind of email members can leave with one click. Call from your AppConfig.ready()."""
    if ":" in prefix:
        raise ValueError("A scope prefix may not contain ':'; the part after it is the handler's argument.")
    if prefix in _SCOPES:
        raise ValueError(f"Unsubscribe scope {prefix!r} is already registered")
    _SCOPES[prefix] = Scope(prefix, handler, description, describe)


def registered_scopes() -> list[str]:
    return sorted(_SCOPES)


def _split(scope: str) -> tuple[Scope, str]:
    prefix, _, rest = scope.partition(":")
    try:
        return _SCOPES[prefix], rest
    except KeyError:
        raise BadUnsubscribeLink(f"Unknown unsubscribe scope {prefix!r}") from None


def make_token(user, scope: str) -> str:
    _split(scope)  # fail loudly in the sender, not in the member's inbox
    return signing.dumps({"u": user.pk, "s": scope}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[object, str]:
    """(user, scope) named by a token; raises BadUnsubscribeLink for anything else."""
    try:
        data = signing.loads(token, salt=SALT)
        user_id, scope = int(data["u"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadUnsubscribeLink(gettext("This unsubscribe link is not valid.")) from None
    _split(scope)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise BadUnsubscribeLink(gettext("This account no longer exists."))
    return user, scope


def unsubscribe_url(user, scope: str) -> str:
    """The absolute one-click link for an email to `user`."""
    return absolute_url(reverse("networks:unsubscribe", kwargs={"token": make_token(user, scope)}))


def unsubscribe_headers(user, scope: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail clients show an "Unsubscribe" button that POSTs the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, scope)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def describe(scope: str) -> str:
    registered, rest = _split(scope)
    if registered.describe is not None and rest:
        return registered.describe(rest)
    return registered.description


def unsubscribe(user, scope: str) -> str:
    """Stop the emails `scope` names for `user`; idempotent. Returns what stopped, for the page."""
    registered, rest = _split(scope)
    return registered.handler(user, rest)
