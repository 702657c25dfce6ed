"""Pages for local policy forums and coordinators' events: finding, organising, taking part, running, reporting.

Views parse input, load and check through `load_or_refuse`, call the actions in
`commissions.actions.forums` and render; a refusal is shown on the same form
with what was typed kept (status 400), never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissions import attachments, guests
from commissions.actions import forums as actions
from commissions.forms.forums import (
    AttendanceForm,
    CancelForumForm,
    CoordinatorEventForm,
    EventDetailsForm,
    ForumFinderForm,
    ForumForm,
    GuestRegistrationForm,
    MessageForm,
    ReportForm,
)
from commissions.forms.submissions import attachment_max_bytes
from commissions.models import Forum, ForumRegistration
from commissions.selectors import forums as selectors
from discussions.text import plain_excerpt
from networks.actions import ActionRefused
from networks.calendars import calendar_event, calendar_response, new_calendar
from networks.idempotency import run_once
from networks.models import Constituency, PartyUnit, Region
from networks.permissions import can, permitted
from networks.refusals import Refused, load, load_or_refuse


def _forum(request, pk, action: str = "view_forum", refused: str | None = None) -> Forum:
    return load_or_refuse(
        request.user,
        action,
        selectors.load_forum(pk),
        missing=_("There is no such forum."),
        refused=refused or _("This forum is open to members of its party unit only."),
        pk=pk,
    )


# Finding a forum ---------------------------------------------------------------------------


@require_GET
def forum_list(request: HttpRequest) -> HttpResponse:
    """/forums/: upcoming forums, by post code or by region, constituency, issue and dates."""
    form = ForumFinderForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        issue, document = form.topics.get(data.get("topic") or "", (None, None))
        filters = {
            "postcode": data.get("postcode") or "",
            "region": data.get("region"),
            "constituency": data.get("constituency"),
            "issue": issue,
            "document": document,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
    finder = selectors.find_forums(request.user, **filters) if not form.errors else selectors.Finder(forums=[])
    if finder.postcode_error:
        form.add_error("postcode", finder.postcode_error)
    nearby = (
        selectors.nearby_forums(request.user, finder.constituencies)
        if finder.constituencies and not finder.forums
        else []
    )
    return render(
        request,
        "commissions/forums/list.html",
        {
            "form": form,
            "finder": finder,
            "nearby": nearby,
            "filtered": bool(request.GET),
            "may_organise": _organises_any(request.user),
        },
        status=400 if form.errors else 200,
    )


def _organises_any(user) -> bool:
    """Whether the member organises for any unit (the list answers it; the rule is asked of one unit)."""
    return user.is_authenticated and permitted(user, "organise_forum").exists()


# A forum's page --------------------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    return _render_detail(request, forum)


def _render_detail(request, forum: Forum, *, guest_form=None, status: int = 200) -> HttpResponse:
    context = selectors.forum_page_context(forum, request.user)
    context["guest_form"] = guest_form or GuestRegistrationForm()
    return render(request, "commissions/forums/detail.html", context, status=status)


def _event_choice(request) -> tuple[type[EventDetailsForm], str]:
    """Which form the organise page shows: a local forum, or (/coordinators/events/new/) a coordinators' event."""
    return (CoordinatorEventForm, "coordinator") if request.resolver_match.url_name == "schedule_coordinator_event" else (
        ForumForm, "forum"
    )


@login_required
@require_http_methods(["GET", "POST"])
def organise(request: HttpRequest) -> HttpResponse:
    """Organise a local policy forum (/forums/new/) or schedule a coordinators' event (/coordinators/events/new/)."""
    form_class, kind = _event_choice(request)
    if kind == "forum" and not _organises_any(request.user):
        raise Refused(_("Forums are organised by a party unit's officers, or by the PiP coordinator for its constituency."))
    if kind == "coordinator" and not (can(request.user, "schedule_coordinator_event", None) or _schedules_any(request.user)):
        raise Refused(_("Coordinators' events are scheduled by party staff and regional offices."))
    form = form_class(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            make = actions.organise_forum if kind == "forum" else actions.schedule_coordinator_event
            try:
                # A double click or a retried request publishes one forum, and invites its people once.
                outcome = run_once(
                    request.user,
                    form.cleaned_data["idempotency_key"],
                    lambda: make(request.user, form.draft()),
                    lambda forum: forum.get_absolute_url(),
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if outcome.repeated:
                    messages.info(request, _("This was published already; here it is."))
                else:
                    messages.success(
                        request,
                        _("Your forum is published. Share its page; people can register now.")
                        if kind == "forum"
                        else _("The event is published and the coordinators it is for have been invited."),
                    )
                return redirect(outcome.url)
    return render(request, "commissions/forums/form.html", {"form": form, "kind": kind, "forum": None}, status=status)


def _schedules_any(user) -> bool:
    return user.is_authenticated and permitted(user, "schedule_coordinator_event").exists()


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, "change_forum", _("Only the forum's organiser, its unit's officers and staff can change it."))
    form_class = ForumForm if forum.is_local_forum else CoordinatorEventForm
    form = form_class(request.POST or None, initial=EventDetailsForm.initial_from(forum), user=request.user)
    if forum.is_local_forum:
        # The unit stays as it is: a forum does not move to another unit.
        form.fields["unit"].queryset = PartyUnit.objects.filter(pk=forum.unit_id)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_forum(request.user, forum, form.draft())
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The forum's details are saved. If its time or place changed, everyone registered has been told."))
                return redirect(forum.get_absolute_url())
    return render(
        request,
        "commissions/forums/form.html",
        {"form": form, "kind": "forum" if forum.is_local_forum else "coordinator", "forum": forum,
         "cancel_form": CancelForumForm()},
        status=status,
    )


@login_required
@require_POST
def cancel_forum(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, "change_forum", _("Only the forum's organiser, its unit's officers and staff can cancel it."))
    form = CancelForumForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_forum(request.user, forum, form.cleaned_data["reason"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The forum is cancelled and everyone registered has been told."))
            return redirect(forum.get_absolute_url())
    form_class = ForumForm if forum.is_local_forum else CoordinatorEventForm
    return render(
        request,
        "commissions/forums/form.html",
        {"form": form_class(initial=EventDetailsForm.initial_from(forum), user=request.user),
         "kind": "forum" if forum.is_local_forum else "coordinator", "forum": forum, "cancel_form": form},
        status=400,
    )


# Taking part ---------------------------------------------------------------------------------------


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """One POST: a place, or a place on the waiting list."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("commissions:forum", kwargs={"pk": pk}))
    forum = _forum(request, pk)
    try:
        registration = actions.register(request.user, forum)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.status == ForumRegistration.Status.REGISTERED:
            messages.success(request, _("You are registered. We will remind you the day before; add it to your calendar below."))
        else:
            messages.info(request, _("The forum is full, so you are on the waiting list. We will tell you if a place comes free."))
    return redirect(forum.get_absolute_url())


@require_POST
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("commissions:forum", kwargs={"pk": pk}))
    forum = _forum(request, pk)
    try:
        actions.cancel_registration(request.user, forum)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(forum.get_absolute_url())


@require_http_methods(["GET", "POST"])
def guest_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The wider community's form: name, email, and whether to hear what happens to the report."""
    forum = _forum(request, pk)
    if request.user.is_authenticated:
        return redirect(forum.get_absolute_url())
    form = GuestRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.register_guest(forum, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return render(request, "commissions/forums/guest_sent.html", {"forum": forum, "email": form.cleaned_data["email"]})
    if request.method == "GET":
        return redirect(forum.get_absolute_url() + "#register")
    return _render_detail(request, forum, guest_form=form, status=400)


def _guest_page(request, token: str, purpose: str, act, done: str, template: str) -> HttpResponse:
    """A guest's link: a page with one button (mail scanners follow links; only the button acts)."""
    registration = guests.registration_for(token, purpose)
    if registration is None:
        return render(request, "commissions/forums/guest_link_invalid.html", status=400)
    if request.method == "POST":
        try:
            act(registration)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            registration.refresh_from_db()
            return render(request, template, {"registration": registration, "forum": registration.forum, "done": done})
    return render(request, template, {"registration": registration, "forum": registration.forum, "done": ""})


@require_http_methods(["GET", "POST"])
def guest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _guest_page(request, token, guests.CONFIRM, actions.confirm_guest, "confirmed", "commissions/forums/guest_confirm.html")


@require_http_methods(["GET", "POST"])
def guest_cancel(request: HttpRequest, token: str) -> HttpResponse:
    return _guest_page(request, token, guests.CANCEL, actions.cancel_guest, "cancelled", "commissions/forums/guest_cancel.html")


@require_http_methods(["GET", "POST"])
def guest_stop(request: HttpRequest, token: str) -> HttpResponse:
    return _guest_page(request, token, guests.STOP, actions.stop_guest_updates, "stopped", "commissions/forums/guest_stop.html")


# The organiser's pages --------------------------------------------------------------------------------


def _manage_context(forum: Forum, **forms) -> dict:
    rows = selectors.registrants(forum)
    on_register = [r for r in rows if r.status in (ForumRegistration.Status.REGISTERED, ForumRegistration.Status.WAITING)]
    attendance = forms.get("attendance_form") or AttendanceForm(
        registrations=on_register,
        initial={"attended": [str(r.pk) for r in on_register if r.attended], "walk_ins": forum.walk_ins},
    )
    return {
        "forum": forum,
        "rows": rows,
        "attendance_form": attendance,
        "message_form": forms.get("message_form") or MessageForm(),
        "figures": selectors.attendance_figures(forum) if forum.attendance_recorded_at else None,
    }


@login_required
@require_GET
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The register, for the organiser and staff: who is coming, the one message, who came."""
    forum = _forum(request, pk, "view_forum_registrants", _("Only the forum's organiser and staff see who registered."))
    return render(request, "commissions/forums/manage.html", _manage_context(forum))


@login_required
@require_POST
def record_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, "record_forum_attendance", _("Only the forum's organiser and staff record who attended."))
    rows = [r for r in selectors.registrants(forum)
            if r.status in (ForumRegistration.Status.REGISTERED, ForumRegistration.Status.WAITING)]
    form = AttendanceForm(request.POST, registrations=rows)
    if form.is_valid():
        try:
            figures = actions.record_attendance(request.user, forum, form.attended_ids, form.cleaned_data["walk_ins"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, ngettext(
                "Attendance recorded: %(total)d person came.", "Attendance recorded: %(total)d people came.", figures["total"]
            ) % figures)
            return redirect("commissions:forum_manage", pk=forum.pk)
    return render(request, "commissions/forums/manage.html", _manage_context(forum, attendance_form=form), status=400)


@login_required
@require_POST
def message_registrants(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, "message_forum_registrants", _("Only the forum's organiser and staff message its registrants."))
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            count = actions.message_registrants(request.user, forum, form.cleaned_data["subject"], form.cleaned_data["body"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, ngettext("Your message was sent to %(count)d person.",
                                               "Your message was sent to %(count)d people.", count) % {"count": count})
            return redirect("commissions:forum_manage", pk=forum.pk)
    return render(request, "commissions/forums/manage.html", _manage_context(forum, message_form=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def file_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The forum's report: it goes to the commission as the unit's forum-report submission."""
    forum = _forum(request, pk, "file_forum_report", _("Only the forum's organiser, its unit's officers and staff file its report."))
    if forum.report_id is not None:
        messages.info(request, _("This forum's report has already been sent."))
        return redirect(forum.report.get_absolute_url())
    form = ReportForm(request.POST or None, request.FILES or None,
                      initial={"title": _("Report of the local policy forum: %(title)s") % {"title": forum.title}})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                submission = actions.file_report(
                    request.user, forum, title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                    attachment=form.cleaned_data.get("attachment") or None,
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _(
                    "The report has gone to %(commission)s as %(reference)s. Everyone who attended will hear each "
                    "time it moves on, and the commission's response."
                ) % {"commission": submission.commission.name, "reference": submission.reference})
                return redirect(forum.get_absolute_url())
    return render(
        request,
        "commissions/forums/report.html",
        {"forum": forum, "form": form, "figures": selectors.attendance_figures(forum),
         "max_bytes": attachment_max_bytes(), "types": [kind.label for kind in attachments.ATTACHMENT_TYPES.values()]},
        status=status,
    )


# Coordinators' events ----------------------------------------------------------------------------------


@login_required
@require_GET
def coordinator_events(request: HttpRequest) -> HttpResponse:
    """The briefings and training events for the coordinators the member is (or the regions they staff)."""
    return render(
        request,
        "commissions/forums/coordinator_events.html",
        {"events": selectors.upcoming_coordinator_events(request.user),
         "may_schedule": can(request.user, "schedule_coordinator_event", None) or _schedules_any(request.user)},
    )


# Calendars and feeds -----------------------------------------------------------------------------------


def _event(forum: Forum, request) -> object:
    where = ", ".join(part for part in [" ".join(forum.venue.split()), forum.postcode] if part)
    return calendar_event(
        uid=f"forum-{forum.pk}@{request.get_host().split(':')[0]}",
        summary=f"{forum.get_kind_display()}: {forum.title}",
        description=plain_excerpt(forum.description),
        starts_at=forum.starts_at,
        ends_at=forum.ends_at,
        url=request.build_absolute_uri(forum.get_absolute_url()),
        location=where or forum.online_url,
    )


@require_GET
def forum_ics(request: HttpRequest, pk: int) -> HttpResponse:
    forum = load_or_refuse(request.user, "view_forum", Forum.objects.all(), missing=_("There is no such forum."),
                           conceal=True, pk=pk)
    calendar = new_calendar(forum.title, gettext("Local policy forums"))
    calendar.add_component(_event(forum, request))
    return calendar_response(calendar.to_ical(), f"forum-{forum.pk}.ics")


def _scope(kind: str, slug: str):
    """The unit, constituency or region a calendar or feed is for, by its slug."""
    model, label = {"unit": (PartyUnit, _("party unit")), "constituency": (Constituency, _("constituency")),
                    "region": (Region, _("region"))}[kind]
    place = load(model, missing=_("There is no %(label)s called “%(slug)s”.") % {"label": label, "slug": slug}, slug=slug)
    return place, {kind: place}


def _calendar_view(kind: str):
    @require_GET
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        place, scope = _scope(kind, slug)
        calendar = new_calendar(_("Local policy forums: %(place)s") % {"place": place.name}, gettext("Local policy forums"))
        for forum in selectors.calendar_forums(request.user, **scope):
            calendar.add_component(_event(forum, request))
        return calendar_response(calendar.to_ical(), f"{place.slug}-forums.ics")

    view.__name__ = f"{kind}_calendar"
    return view


unit_calendar = _calendar_view("unit")
constituency_calendar = _calendar_view("constituency")
region_calendar = _calendar_view("region")


class ForumFeed(Feed):
    """A unit's, a constituency's or a region's local policy forums as RSS 2.0 (those the reader may see)."""

    kind = "unit"

    def get_object(self, request, slug: str):
        self.request = request
        return _scope(self.kind, slug)

    def title(self, obj) -> str:
        return _("Local policy forums: %(place)s") % {"place": obj[0].name}

    def link(self, obj) -> str:
        return reverse("commissions:forums")

    def description(self, obj) -> str:
        return _("Local policy forums organised in %(place)s.") % {"place": obj[0].name}

    def items(self, obj):
        return selectors.calendar_forums(self.request.user, **obj[1])

    def item_title(self, forum: Forum) -> str:
        when = timezone.localtime(forum.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{forum.title} ({when})"

    def item_description(self, forum: Forum) -> str:
        return plain_excerpt(forum.description)

    def item_link(self, forum: Forum) -> str:
        return forum.get_absolute_url()

    def item_pubdate(self, forum: Forum):
        return forum.created_at


class ConstituencyForumFeed(ForumFeed):
    kind = "constituency"


class RegionForumFeed(ForumFeed):
    kind = "region"
