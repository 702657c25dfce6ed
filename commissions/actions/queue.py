"""The commission's working tools, one function per event: themes, internal notes, saved filters.

Each checks `can()`, validates with a message fit to show, and writes in a
transaction. Notes and themes tell nobody: they are the commission's own
working record, never shown to the submitter or their unit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commissions.models import SavedFilter, Submission, SubmissionNote, Theme
from networks.actions import ActionRefused
from networks.models import PolicyCommission, Region
from networks.permissions import can

THEME_MAX_CHARS = 80
NOTE_MAX_CHARS = 4000
SAVED_FILTERS_PER_QUEUE = 30


def _theme_name(name: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused(_("Give the theme a name."))
    if len(name) > THEME_MAX_CHARS:
        raise ActionRefused(_("A theme's name can be at most %(max)d characters.") % {"max": THEME_MAX_CHARS})
    slug = slugify(name)[:80]
    if not slug:
        raise ActionRefused(_("Use letters or numbers in the theme's name."))
    return name, slug


def _may_manage(actor, commission: PolicyCommission) -> None:
    if not can(actor, "manage_themes", commission):
        raise ActionRefused(_("Only members of %(commission)s and staff manage its themes.") % {"commission": commission.name})


def add_theme(actor, commission: PolicyCommission, name: str) -> Theme:
    """A new theme in the commission's vocabulary."""
    _may_manage(actor, commission)
    name, slug = _theme_name(name)
    try:
        with transaction.atomic():
            return Theme.objects.create(commission=commission, name=name, slug=slug)
    except IntegrityError:
        raise ActionRefused(_("%(commission)s already has a theme called “%(name)s”.") % {"commission": commission.name, "name": name}) from None


def rename_theme(actor, theme: Theme, name: str) -> Theme:
    _may_manage(actor, theme.commission)
    name, slug = _theme_name(name)
    if Theme.objects.filter(commission=theme.commission_id, slug=slug).exclude(pk=theme.pk).exists():
        raise ActionRefused(_("%(commission)s already has a theme called “%(name)s”.") % {"commission": theme.commission.name, "name": name})
    theme.name, theme.slug = name, slug
    theme.save(update_fields=["name", "slug"])
    return theme


def delete_theme(actor, theme: Theme) -> None:
    """Remove a theme; the submissions it was on stay, without it."""
    _may_manage(actor, theme.commission)
    theme.delete()


def set_theme(actor, theme: Theme, submissions: Iterable[Submission], *, on: bool = True) -> int:
    """Put a theme on (or take it off) many submissions at once; returns how many changed.

    Every submission must be one of the theme's commission's: a theme of Health
    never lands on a Housing submission, even from a hand-made request.
    """
    commission = theme.commission
    if not can(actor, "tag_submissions", commission):
        raise ActionRefused(_("Only members of %(commission)s and staff tag its submissions.") % {"commission": commission.name})
    chosen = list(submissions)
    if not chosen:
        raise ActionRefused(_("Select at least one submission."))
    strangers = [s.reference for s in chosen if s.commission_id != commission.pk]
    if strangers:
        raise ActionRefused(
            _("%(references)s are not %(commission)s submissions, so “%(theme)s” cannot be applied to them.")
            % {"references": ", ".join(strangers[:5]), "commission": commission.name, "theme": theme.name}
        )
    through = Submission.themes.through
    ids = [s.pk for s in chosen]
    with transaction.atomic():
        present = set(through.objects.filter(theme=theme, submission_id__in=ids).values_list("submission_id", flat=True))
        if on:
            missing = [pk for pk in ids if pk not in present]
            through.objects.bulk_create([through(theme=theme, submission_id=pk) for pk in missing], ignore_conflicts=True)
            return len(missing)
        through.objects.filter(theme=theme, submission_id__in=present).delete()
        return len(present)


def add_note(actor, submission: Submission, text: str) -> SubmissionNote:
    """A private note on the submission's timeline, for the commission and staff only."""
    if not can(actor, "add_submission_note", submission):
        raise ActionRefused(_("Only members of %(commission)s and staff keep notes on its submissions.") % {"commission": submission.commission.name})
    text = (text or "").replace("\x00", "").strip()  # PostgreSQL cannot store the byte
    if not text:
        raise ActionRefused(_("Write the note first."))
    if len(text) > NOTE_MAX_CHARS:
        raise ActionRefused(
            _("A note can be at most %(max)d characters; yours has %(count)d. Your text is kept below.")
            % {"max": NOTE_MAX_CHARS, "count": len(text)}
        )
    return SubmissionNote.objects.create(submission=submission, author=actor, text=text)


def _queue_of(path: str):
    """(the rule that guards it, its commission or region) for the queue a path names, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug")
    if match.view_name == "commissions:commission_queue":
        commission = PolicyCommission.objects.filter(slug=slug).first()
        return ("view_commission_queue", commission) if commission else None
    if match.view_name == "commissions:region_queue":
        region = Region.objects.filter(slug=slug).first()
        return ("view_region_queue", region) if region else None
    return None


def save_filter(user, path: str, name: str, query: str) -> SavedFilter:
    """Keep the queue's current filters under a name; saving the same name again replaces them."""
    found = _queue_of(path or "")
    if found is None or not can(user, found[0], found[1]):
        raise ActionRefused(_("Filters can only be saved for a queue you can see."))
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused(_("Give the saved filter a name."))
    if len(name) > 80:
        raise ActionRefused(_("A saved filter's name can be at most 80 characters."))
    query = (query or "").lstrip("?")
    if len(query) > 1000:
        raise ActionRefused(_("These filters are too long to save; shorten the search words."))
    existing = SavedFilter.objects.filter(user=user, path=path)
    if existing.count() >= SAVED_FILTERS_PER_QUEUE and not existing.filter(name=name).exists():
        raise ActionRefused(
            ngettext(
                "You can keep %(count)d saved filter per queue; delete one first.",
                "You can keep %(count)d saved filters per queue; delete one first.",
                SAVED_FILTERS_PER_QUEUE,
            )
            % {"count": SAVED_FILTERS_PER_QUEUE}
        )
    saved, _created = SavedFilter.objects.update_or_create(user=user, path=path, name=name, defaults={"query": query})
    return saved


def delete_filter(user, saved: SavedFilter) -> None:
    if saved.user_id != user.pk:
        raise ActionRefused(_("That saved filter is not yours."))
    saved.delete()
