"""Threads with no network belong to something above discussions: a submission's dialogue with its commission.

Discussions does not know what owns such a thread. The app that opens one
registers, from its `AppConfig.ready()`, how to find the owner of a thread and
which of its own rules answer for reading, replying and speaking officially
there; `discussions.permissions` asks through this registry. A network-less
thread that no registered owner claims is open to staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DialogueOwner:
    find: Callable[[Any], Any]
    """thread -> the object that owns it, or None."""
    view: str
    reply: str
    official: str


_OWNERS: list[DialogueOwner] = []


def register_dialogue_owner(find: Callable[[Any], Any], *, view: str, reply: str, official: str) -> None:
    """Claim network-less threads: `find(thread)` returns the owner, whose rules `view`, `reply`, `official` apply."""
    _OWNERS.append(DialogueOwner(find, view, reply, official))


def owner_of(thread) -> tuple[DialogueOwner, Any] | None:
    """The registration that claims this network-less thread, and its owner; None when nothing does."""
    if thread.pk is None:
        return None
    for registration in _OWNERS:
        owner = registration.find(thread)
        if owner is not None:
            return registration, owner
    return None
