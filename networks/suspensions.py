"""What apps above the ground floor do when staff suspend an account, and when the suspension ends.

A suspension is the ground floor's (the account is networks'), but what the
member left behind lives above it: posts in discussions, questions waiting in
live chats, and the moderation log. Each such app registers a handler from its
`AppConfig.ready()`:

    register_suspension_handler(
        "discussions",
        suspended=log_suspension,        # (suspension) -> None, inside the suspending transaction
        lifted=log_lift,                 # (suspension) -> None, inside the lifting transaction
        hide=hide_posts_of,              # (suspension, actor) -> how many hidden, pending review
        restore=restore_posts_of,        # (suspension, actor) -> how many shown again
        dismissed=log_dismissal,         # (request) -> None, when staff decide not to suspend
    )

Hiding and restoring are each one step for staff: every handler's `hide` (or
`restore`) runs in one transaction. Open chat sockets are closed through the
`networks.signals.sessions_ended` signal, sent after the suspension commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Step = Callable[[Any], None]
Content = Callable[[Any, Any], int]


@dataclass(frozen=True)
class SuspensionHandler:
    key: str
    suspended: Step | None = None
    lifted: Step | None = None
    hide: Content | None = None
    restore: Content | None = None
    dismissed: Step | None = None


_HANDLERS: dict[str, SuspensionHandler] = {}


def register_suspension_handler(
    key: str,
    *,
    suspended: Step | None = None,
    lifted: Step | None = None,
    hide: Content | None = None,
    restore: Content | None = None,
    dismissed: Step | None = None,
) -> None:
    """Say what an app does when an account is suspended or its suspension lifted. Call once, from `ready()`."""
    if key in _HANDLERS:
        raise ValueError(f"A suspension handler {key!r} is already registered")
    _HANDLERS[key] = SuspensionHandler(key, suspended, lifted, hide, restore, dismissed)


def handlers() -> list[SuspensionHandler]:
    return [_HANDLERS[key] for key in sorted(_HANDLERS)]
