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

What stays after a deletion (other members' notifications, a chat's event
log, a quote of the member in someone's reply, a queued email) may still
*name* the member in its text. `MemberIdentity` is every form the platform
wrote their name and address in; each app's eraser passes the text it keeps
through `identity.scrub()` (or `scrub_json()`), so the name and the address
become "former member". `tests/networks/test_account_deletion.py` searches
every text column of every table for them afterwards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

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
        identity_of(user)
        for data in reversed(registered()):
            data.erase(user)


FORMER_MEMBER = "Former member"
"""What a deleted member's name becomes, wherever it was written."""


@dataclass(frozen=True)
class MemberIdentity:
    """Every way the platform wrote one member's name and address, read before their account is anonymised."""

    names: tuple[str, ...]
    """Display name, and first and last name together: replaced wherever they stand as whole words."""
    emails: tuple[str, ...]
    """Every address the account had: replaced wherever they appear."""
    username: str
    """The handle @mentions use: `@username` becomes "former member"."""

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        parts = [r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-])" for email in self.emails]
        if self.username:
            parts.append(r"@" + re.escape(self.username) + r"(?![\w.-]*\w)")
        parts += [r"(?<!\w)" + re.escape(name) + r"(?!\w)" for name in self.names]
        if not parts:
            return None
        # Longest first, so "Nadia Newcomer" goes whole before any shorter form of it is tried.
        parts.sort(key=len, reverse=True)
        return re.compile("|".join(parts), re.IGNORECASE)

    def scrub(self, text: str) -> str:
        """`text` with every copy of the member's name, address and handle replaced by "Former member"."""
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(FORMER_MEMBER, text)

    def scrub_json(self, value: Any) -> Any:
        """The same, through every string of a JSON value (an event payload, a queued task's arguments)."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_json(item) for key, item in value.items()}
        return value

    def _terms(self) -> list[str]:
        return [*self.names, *self.emails, *([f"@{self.username}"] if self.username else [])]

    def mentioned_in(self, queryset, *fields: str):
        """The rows of `queryset` whose `fields` may name the member: a coarse filter in the database; `scrub` decides.

        JSON columns are searched as text, in both the plain and the escaped form
        JSON may store a non-ASCII name in.
        """
        query = Q()
        annotations = {}
        for name in fields:
            field = queryset.model._meta.get_field(name)
            if field.get_internal_type() == "JSONField":
                alias = f"_{name}_as_text"
                annotations[alias] = Cast(name, TextField())
                terms = {term for plain in self._terms() for term in (plain, json.dumps(plain)[1:-1])}
                for term in terms:
                    query |= Q(**{f"{alias}__icontains": term})
            else:
                for term in self._terms():
                    query |= Q(**{f"{name}__icontains": term})
        return queryset.alias(**annotations).filter(query) if annotations else queryset.filter(query)

    def scrub_rows(self, queryset, *fields: str) -> list:
        """Scrub `fields` of every row of `queryset` that names the member; returns the rows changed."""
        changed = []
        for row in self.mentioned_in(queryset, *fields):
            before = [getattr(row, name) for name in fields]
            for name in fields:
                value = getattr(row, name)
                setattr(row, name, self.scrub(value) if isinstance(value, str) else self.scrub_json(value))
            if [getattr(row, name) for name in fields] != before:
                row.save(update_fields=list(fields))
                changed.append(row)
        return changed


def identity_of(user) -> MemberIdentity:
    """The member's names and addresses, read once before anything is erased and kept on the user object.

    Every app's eraser asks for it; the first read happens before the ground
    floor anonymises the account (it runs last), so all of them see the real names.
    """
    cached = user.__dict__.get("_member_identity")
    if cached is not None:
        return cached
    from allauth.account.models import EmailAddress

    from networks.models import Profile

    display_names = Profile.objects.filter(user=user).values_list("display_name", flat=True)
    names = {
        *(name.strip() for name in display_names),
        f"{user.first_name} {user.last_name}".strip(),
    }
    names.discard(FORMER_MEMBER)
    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    identity = MemberIdentity(
        names=tuple(sorted(name for name in names if len(name) > 1)),
        emails=tuple(sorted(email for email in emails if email)),
        username=user.get_username() or "",
    )
    user.__dict__["_member_identity"] = identity
    return identity
