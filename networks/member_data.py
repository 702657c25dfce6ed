"""A member's data belongs to the app that holds it: each app says how to export it and how to erase it.

Every app registers, from its `AppConfig.ready()`:

    register_member_data(
        "chat",
        export=lambda user: {"chat_messages": [...], ...},
        erase=erase_chat_data,
        covers={"chat.ChatReminder.user": ERASED, "chat.ChatMessage.author": KEPT_AS_FORMER_MEMBER, ...},
    )

`export_member_data(user)` gathers every app's sections into the one JSON
document a member downloads; `erase_member(user)` runs every app's eraser in
one transaction, the apps above first, then anonymises the account itself.

`covers` names every reference to the user model the app's own models hold,
and what deletion does with it. `tests/networks/test_member_data.py` walks
every model with a foreign key to the user model and fails if no app covers
it, so a new model cannot quietly keep a deleted member's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

ERASED = "erased"
"""The rows (or the reference) go when the member deletes their account."""
KEPT_AS_FORMER_MEMBER = "kept, attributed to “former member”"
"""The rows stay because they are part of other members' conversations or a unit's record."""
KEPT_FOR_THE_RECORD = "kept, pointing at the anonymised account"
"""The rows stay as a record of what others did (who moderated, who was muted), with no name left in them."""

Export = Callable[[Any], dict[str, Any]]
Erase = Callable[[Any], None]


@dataclass(frozen=True)
class MemberData:
    app_label: str
    export: Export
    erase: Erase
    covers: dict[str, str] = field(default_factory=dict)


_REGISTRY: dict[str, MemberData] = {}


def register_member_data(app_label: str, *, export: Export, erase: Erase, covers: dict[str, str]) -> None:
    """Say how to export and erase one app's member data. Call once, from the app's `AppConfig.ready()`."""
    if app_label in _REGISTRY:
        raise ValueError(f"Member data for {app_label!r} is already registered")
    for reference, outcome in covers.items():
        if reference.count(".") != 2:
            raise ValueError(f"{reference!r}: name a reference as 'app_label.Model.field'")
        if outcome not in (ERASED, KEPT_AS_FORMER_MEMBER, KEPT_FOR_THE_RECORD):
            raise ValueError(f"{reference!r}: unknown outcome {outcome!r}")
    _REGISTRY[app_label] = MemberData(app_label, export, erase, dict(covers))


def registered() -> list[MemberData]:
    """In registration order: the ground floor first, the apps above it after."""
    return list(_REGISTRY.values())


def covered_references() -> dict[str, str]:
    """{"app_label.Model.field": outcome} for every reference to the user model some app has declared."""
    return {reference: outcome for data in registered() for reference, outcome in data.covers.items()}


def export_member_data(user) -> dict[str, Any]:
    """Everything the platform holds about the member, as JSON-ready data (their right of access)."""
    document: dict[str, Any] = {}
    for data in registered():
        sections = data.export(user)
        clash = set(sections) & set(document)
        if clash:
            raise ValueError(f"{data.app_label} exports sections another app already uses: {sorted(clash)}")
        document.update(sections)
    return document


def erase_member(user) -> None:
    """Run every app's eraser in one transaction, the highest floor first, so the account goes last."""
    with transaction.atomic():
        for data in reversed(registered()):
            data.erase(user)
