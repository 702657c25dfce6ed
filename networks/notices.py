"""On-site notifications for the ground floor's own events (requests to join, their approval), told through discussions.

Notifications (the `Notification` rows, the unread count, email as each member
chose) belong to discussions, one floor up, which the ground floor may not
import. Discussions registers its `notify` here from its `AppConfig.ready()`;
the ground floor's actions call `tell()`. Asking before anything registered is
a wiring error and fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_NOTIFIERS: list[Callable[..., object]] = []


def register_notifier(notify: Callable[..., object]) -> None:
    """Name the function that puts a notification on the site (discussions' `notify`)."""
    if _NOTIFIERS:
        raise ValueError("A notifier is already registered")
    _NOTIFIERS.append(notify)


def tell(recipients: Iterable, *, kind: str, title: str, url: str, actor=None, text: str = "", email: bool = True):
    """Notify `recipients` on the site (and by email as they chose, unless `email=False`: the caller sends its own)."""
    if not _NOTIFIERS:
        raise LookupError("No app has registered a notifier: discussions registers it from its AppConfig.ready()")
    return _NOTIFIERS[0](recipients, kind=kind, title=title, url=url, actor=actor, text=text, email=email)
