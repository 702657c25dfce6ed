"""The email preferences page is one form with one Save: each app that emails members adds its section.

Discussions own the page (`/notifications/preferences/`); notifications, bulletins
and anything added later each register a section from their `AppConfig.ready()`:

    register_preference_section(
        "bulletins",
        order=20,
        template="bulletins/preferences_section.html",
        build=lambda user, data: BulletinPreferencesForm(data, prefix="bulletins", choices=...),
        save=save_bulletin_section,   # (user, valid form) -> list of changes, in words
    )

`save_preferences(user, data)` binds every section's form to the one POST,
saves nothing unless every section is valid, then saves them all in one
transaction and returns what changed, so the page can say exactly that (or
say that nothing changed, or what was refused and why).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

Build = Callable[[Any, Any], forms.Form]
Save = Callable[[Any, forms.Form], list[str]]


@dataclass(frozen=True)
class PreferenceSection:
    key: str
    """The section's form prefix and the id of its part of the page."""
    order: int
    template: str
    """Renders the section's fields (`section.form`) inside the page's one form."""
    build: Build
    """(user, POST data or None) -> the section's form, with `prefix=key`."""
    save: Save
    """(user, valid form) -> the changes it made, as short phrases ("bulletins from Sports Network: off")."""


@dataclass
class BoundSection:
    section: PreferenceSection
    form: forms.Form

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def template(self) -> str:
        return self.section.template


_SECTIONS: dict[str, PreferenceSection] = {}


def register_preference_section(key: str, *, order: int, template: str, build: Build, save: Save) -> None:
    """Add a section to the email preferences page. Call once, from the app's `AppConfig.ready()`."""
    if key in _SECTIONS:
        raise ValueError(f"The email preferences section {key!r} is already registered")
    _SECTIONS[key] = PreferenceSection(key, order, template, build, save)


def preference_sections(user, data=None) -> list[BoundSection]:
    """Every registered section's form for `user`, bound to `data` when given, in page order."""
    if not _SECTIONS:
        raise LookupError("No app has registered an email preferences section")
    return [
        BoundSection(section, section.build(user, data))
        for section in sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
    ]


def save_preferences(user, data) -> tuple[list[BoundSection], list[str] | None]:
    """Validate every section against one POST; save them all, or none.

    Returns the bound sections (to show again, with the member's choices and
    any errors) and the changes made: a list (empty when nothing changed), or
    None when something was refused and nothing was saved.
    """
    sections = preference_sections(user, data)
    if not all([bound.form.is_valid() for bound in sections]):
        return sections, None
    changes: list[str] = []
    with transaction.atomic():
        for bound in sections:
            changes += bound.section.save(user, bound.form)
    return sections, changes
