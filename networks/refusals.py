"""How the site says no: one exception for a refused action, one helper to load-and-check.

`ActionRefused(message)` is what an action raises when it will not do what
was asked; its message is shown to the member as it is. Views, consumers and
commands catch it.

`load_or_refuse(user, action, Model, pk=…)` is how every view loads the object
a URL names and checks the member may act on it. It raises `Http404` for
anything that does not exist (including ids that are not numbers or do not
fit 64 bits), and `Refused` when `can()` says no. `RefusalMiddleware` turns a
`Refused` into the answer a member expects: the members-only page with the way
to join, the sign-in page for a visitor, or the 403 page with the reason.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from networks.permissions import can


class ActionRefused(Exception):
    """A refusal with a message fit to show the member who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Refused(PermissionDenied):
    """A page the member may not open. `network` is set when the reason is a members-only network."""

    def __init__(self, message: str, *, network=None):
        super().__init__(message)
        self.message = message
        self.network = network


def network_of(obj: Any):
    """The policy network an object belongs to (a network is its own), or None."""
    from networks.models import NetworkPage

    if isinstance(obj, NetworkPage):
        return obj
    network = getattr(obj, "network", None)
    return network if isinstance(network, NetworkPage) else None


def refuse_unless(user, action: str, obj: Any = None, message: str = gettext_lazy("You do not have permission to see this page.")) -> None:
    """Raise `Refused` unless `user` may do `action` to `obj`."""
    if can(user, action, obj):
        return
    network = network_of(obj)
    if network is not None and not can(user, "view_network", network):
        raise Refused(gettext("%(network)s is a members-only network.") % {"network": network.title}, network=network)
    raise Refused(message)


def load(source: type[Model] | QuerySet, *, missing: str, **lookup) -> Any:
    """One object by `lookup`, or Http404 with `missing` (also for malformed or out-of-range ids, and NUL bytes)."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    if any(isinstance(value, str) and "\x00" in value for value in lookup.values()):
        raise Http404(missing)  # no key or slug holds a NUL byte (and PostgreSQL refuses to be asked)
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(missing) from None


def load_or_refuse(
    user,
    action: str,
    source: type[Model] | QuerySet,
    *,
    missing: str = gettext_lazy("That page does not exist."),
    refused: str = gettext_lazy("You do not have permission to see this page."),
    conceal: bool = False,
    **lookup,
) -> Any:
    """Load the object a URL names and check that `user` may do `action` to it; the one way views do both.

    `conceal=True` answers a refusal exactly as a missing object (404), for
    downloads and calendars of members-only content that should not confirm
    the content exists.
    """
    obj = load(source, missing=missing, **lookup)
    if conceal and not can(user, action, obj):
        raise Http404(missing)
    refuse_unless(user, action, obj, refused)
    return obj
