"""The commission's working tools: its themes page, internal notes on a submission, saved queue filters.

Views parse input, load and check with `load_or_refuse`, call the actions in
`commissions.actions` and answer; a refusal is a message, never an error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commissions import actions
from commissions.models import SavedFilter, Theme
from commissions.selectors import load_commission_page
from commissions.views.submissions import detail_context, load_submission
from networks.actions import ActionRefused
from networks.ids import parse_id
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import load, refuse_unless


@login_required
def themes(request, slug: str):
    """The commission's themes: add, rename and remove them (each shows how many submissions carry it)."""
    commission = load_commission_page(slug).commission
    refuse_unless(
        request.user, "manage_themes", commission,
        _("Only members of %(commission)s and staff manage its themes.") % {"commission": commission.name},
    )
    typed, error_for = "", None
    if request.method == "POST":
        action, name = request.POST.get("action"), request.POST.get("name", "")
        theme = None
        if action in ("rename", "delete"):
            theme_id = parse_id(request.POST.get("theme"))
            theme = Theme.objects.filter(commission=commission, pk=theme_id).first() if theme_id is not None else None
            if theme is None:
                messages.error(request, _("That theme no longer exists."))
                return redirect(request.path)
        try:
            if action == "add":
                theme = actions.add_theme(request.user, commission, name)
                messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            elif action == "rename":
                old = theme.name
                actions.rename_theme(request.user, theme, name)
                messages.success(request, _("“%(old)s” is now “%(name)s”.") % {"old": old, "name": theme.name})
            elif action == "delete" and request.POST.get("confirm") != "1":
                # Removing a theme takes it off every submission: say how many, and ask first.
                return render(
                    request,
                    "commissions/submissions/theme_delete.html",
                    {"commission": commission, "theme": theme, "count": theme.submissions.count()},
                )
            elif action == "delete":
                actions.delete_theme(request.user, theme)
                messages.success(request, _("Theme “%(name)s” removed; its submissions are kept.") % {"name": theme.name})
            else:
                messages.error(request, _("Choose add, rename or remove."))
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            typed, error_for = name, (theme.pk if theme else "new")
        else:
            return redirect(request.path)
    listed = Theme.objects.filter(commission=commission).annotate(submission_count=Count("submissions"))
    return render(
        request,
        "commissions/submissions/themes.html",
        {"commission": commission, "themes": listed, "typed": typed, "error_for": error_for},
        status=400 if error_for else 200,
    )


@login_required
@require_POST
def add_note(request, reference: str):
    """An internal note on the submission's timeline; on a refusal the page comes back with the text kept."""
    submission = load_submission(request.user, reference)
    text = request.POST.get("text", "")
    try:
        actions.add_note(request.user, submission, text)
    except ActionRefused as refusal:
        if not can(request.user, "add_submission_note", submission):
            # Someone who may see the submission but not its notes is told so; nothing of theirs is kept as a note.
            messages.error(request, refusal.message)
            return redirect(submission.get_absolute_url())
        context = detail_context(request, submission, note_text=text, note_error=refusal.message)
        return render(request, "commissions/submissions/detail.html", context, status=400)
    messages.success(request, _("Note added. Only the commission and staff can read it."))
    return redirect(submission.get_absolute_url() + "#notes-heading")


@login_required
@require_POST
def save_filter(request):
    try:
        saved = actions.save_filter(request.user, request.POST.get("path", ""), request.POST.get("name", ""), request.POST.get("query", ""))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect_back(request, "/submissions/queues/")
    messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
    return redirect(saved.url)


@login_required
@require_POST
def delete_saved_filter(request, pk: int):
    saved = load(SavedFilter.objects.filter(user=request.user), missing=_("That saved filter does not exist."), pk=pk)
    actions.delete_filter(request.user, saved)
    messages.success(request, _("Saved filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect(saved.path)
