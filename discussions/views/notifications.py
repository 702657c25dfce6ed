"""The member's notifications, email preferences and the one-click unsubscribe page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import notifications
from discussions.models import Notification
from networks.ids import parse_id
from networks.preferences import preference_sections, save_preferences
from networks.redirects import safe_path
from networks.refusals import load

PAGE_SIZE = 30


@login_required
def notification_list(request):
    page = Paginator(
        Notification.objects.filter(recipient=request.user).select_related("actor__profile"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/notifications.html",
        {"page_obj": page, "unread": notifications.unread_count(request.user)},
    )


@login_required
def open_notification(request, pk: int):
    """Follow a notification's link, marking it read on the way."""
    notification = load(Notification.objects.filter(recipient=request.user), missing=gettext("That notification does not exist."), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return HttpResponseRedirect(safe_path(request, notification.url) or reverse("discussions:notifications"))


@login_required
@require_POST
def mark_notifications_read(request):
    raw = request.POST.get("notification")
    if raw:
        notification_id = parse_id(raw)
        if notification_id is None:
            messages.error(request, _("That notification could not be found."))
            return redirect("discussions:notifications")
        changed = notifications.mark_read(request.user, [notification_id])
        if changed:
            messages.success(request, _("Marked as read."))
    else:
        changed = notifications.mark_read(request.user)
        messages.success(
            request,
            ngettext("Marked %(count)s notification as read.", "Marked %(count)s notifications as read.", changed) % {"count": changed}
            if changed
            else gettext("You had nothing unread."),
        )
    return redirect("discussions:notifications")


@login_required
def email_preferences(request):
    """Every email choice on one form with one Save: notifications, bulletins and whatever else an app registers.

    Either every section is saved, and the message says what changed (or that
    nothing did), or nothing is, and the page comes back with the member's
    choices and a message by each one refused.
    """
    if request.method == "POST":
        sections, changes = save_preferences(request.user, request.POST)
        if changes is None:
            messages.error(request, _("Nothing was saved: please look at the choices marked below."))
        else:
            if changes:
                messages.success(
                    request,
                    _("Your email preferences have been saved. What changed: %(changes)s.") % {"changes": "; ".join(changes)},
                )
            else:
                messages.info(request, _("Nothing changed: your email preferences were already as shown."))
            return redirect("discussions:email_preferences")
    else:
        sections = preference_sections(request.user)
    return render(request, "discussions/email_preferences.html", {"sections": sections})
