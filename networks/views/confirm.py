"""The confirmation page for what cannot be undone, for browsers without JavaScript.

A button made with `templates/components/confirm_button.html` sends its form here first
(its `formaction`), carrying the real action's path and what to ask. This page asks, and its
"Yes" button posts the same fields to the real action. With JavaScript the same question is
asked in a dialog (`networksite/static/js/confirm.js`) and the form goes straight to its action.
The page only ever posts to a path on this site that names a view, and only for the member who
sent the form (the CSRF check guards this page like any other POST).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks.redirects import safe_path

CONFIRM_FIELDS = ("confirm_action", "confirm_title", "confirm_body", "confirm_label", "confirm_back")
NOT_CARRIED = {*CONFIRM_FIELDS, "csrfmiddlewaretoken"}


def _action_path(request) -> str:
    """The path the confirmed form posts to: on this site, and not this page's own."""
    action = safe_path(request, request.POST.get("confirm_action", ""))
    if action is None or action.split("?", 1)[0] == reverse("networks:confirm"):
        raise Http404(_("There is nothing to confirm here."))
    return action


@require_POST
def confirm(request):
    action = _action_path(request)
    carried = [(name, value) for name, values in request.POST.lists() if name not in NOT_CARRIED for value in values]
    return render(
        request,
        "components/confirm_page.html",
        {
            "action": action,
            "carried": carried,
            "title": request.POST.get("confirm_title", "")[:200] or _("Are you sure?"),
            "body": request.POST.get("confirm_body", "")[:1000],
            "label": request.POST.get("confirm_label", "")[:100] or _("Yes, go ahead"),
            "back": safe_path(request, request.POST.get("confirm_back")) or "/",
        },
    )
