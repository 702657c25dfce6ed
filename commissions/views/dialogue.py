"""Pages for a commission's dialogue sessions: the list, scheduling, the session page, answers and the note."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissions.actions import dialogue as actions
from commissions.forms.dialogue import DialogueSessionForm, InvitationResponseForm, NoteForm
from commissions.models import DialogueInvitation, DialogueSession, WorkProgrammeIssue
from commissions.selectors import dialogue as selectors
from commissions.selectors import load_commission_page
from discussions.text import plain_excerpt
from networks.actions import ActionRefused
from networks.calendars import calendar_event, calendar_response, new_calendar
from networks.idempotency import run_once
from networks.permissions import can
from networks.refusals import load, load_or_refuse, refuse_unless


def _session(request, pk, action: str = "view_dialogue_session") -> DialogueSession:
    return load_or_refuse(
        request.user, action, selectors.load_session(pk), missing=_("There is no such dialogue session."),
        refused=_("This dialogue session is for the commission and the units it invited."), pk=pk,
    )


@login_required
@require_GET
def commission_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    page = load_commission_page(slug)
    commission = page.commission
    may_schedule = can(request.user, "schedule_dialogue_session", commission)
    return render(
        request,
        "commissions/dialogue/list.html",
        {
            "commission": commission,
            "commission_page": page,
            "sessions": selectors.sessions_for(request.user, commission),
            "may_schedule": may_schedule,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the issue, then the submissions to discuss (all of them to begin with) and the details."""
    page = load_commission_page(slug)
    commission = page.commission
    refuse_unless(request.user, "schedule_dialogue_session", commission,
                  _("Only members of %(commission)s and staff schedule its dialogue sessions.") % {"commission": commission.name})
    issue_id = request.POST.get("issue") or request.GET.get("issue") or ""
    if not issue_id:
        return render(request, "commissions/dialogue/choose_issue.html",
                      {"commission": commission, "issues": selectors.issues_to_schedule(commission)})
    issue = load(WorkProgrammeIssue.objects.filter(commission=commission),
                 missing=_("That issue is not in the %(commission)s work programme.") % {"commission": commission.name},
                 pk=issue_id)
    submissions = actions.submissions_on(issue)
    form = DialogueSessionForm(request.POST or None, submissions=submissions,
                               initial={"title": _("Dialogue on %(issue)s") % {"issue": issue.title}})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                # A double click or a retried request schedules one session, and invites the officers once.
                outcome = run_once(
                    request.user,
                    form.cleaned_data["idempotency_key"],
                    lambda: actions.schedule_dialogue_session(
                        request.user, commission, issue, form.draft(), form.cleaned_data["submissions"]
                    ),
                    lambda session: session.get_absolute_url(),
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if outcome.repeated:
                    messages.info(request, _("This session was scheduled already; here it is."))
                else:
                    messages.success(request, _("The session is scheduled and the units' officers have been invited."))
                return redirect(outcome.url)
    return render(
        request,
        "commissions/dialogue/form.html",
        {"commission": commission, "issue": issue, "form": form, "has_submissions": submissions.exists()},
        status=status,
    )


def _detail(request, session: DialogueSession, *, status: int = 200, **forms) -> HttpResponse:
    context = selectors.session_page_context(session, request.user)
    answered = forms.get("response_form")
    # One answer form per unit the member answers for, each with its own prefix so ids stay unique.
    context["answer_forms"] = [
        (invitation, answered if answered is not None and answered.prefix == f"i{invitation.pk}"
         else InvitationResponseForm(prefix=f"i{invitation.pk}"))
        for invitation in context["my_invitations"]
    ]
    context["note_form"] = forms.get("note_form") or NoteForm(initial={"note": session.note})
    return render(request, "commissions/dialogue/detail.html", context, status=status)


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _session(request, pk))


@login_required
@require_POST
def respond(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    session = _session(request, pk)
    invitation = load_or_refuse(
        request.user, "respond_to_dialogue_invitation",
        DialogueInvitation.objects.select_related("unit", "session").filter(session=session),
        missing=_("Your unit was not invited to this session."),
        refused=_("Only the unit's officers answer for it."), pk=invitation_id,
    )
    form = InvitationResponseForm(request.POST, prefix=f"i{invitation.pk}")
    if form.is_valid():
        try:
            actions.respond_to_invitation(request.user, invitation, form.cleaned_data["attending"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your answer for %(unit)s is recorded.") % {"unit": invitation.unit.name})
            return redirect(session.get_absolute_url())
    return _detail(request, session, status=400, response_form=form)


@login_required
@require_POST
def publish_note(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, "publish_dialogue_note")
    form = NoteForm(request.POST)
    if form.is_valid():
        first = not session.has_note
        try:
            actions.publish_note(request.user, session, form.cleaned_data["note"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The note is published and the followers of each submission discussed have been told.")
                if first else _("The note is updated."),
            )
            return redirect(session.get_absolute_url())
    return _detail(request, session, status=400, note_form=form)


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = load_or_refuse(request.user, "view_dialogue_session", DialogueSession.objects.select_related("commission"),
                             missing=_("There is no such dialogue session."), conceal=True, pk=pk)
    calendar = new_calendar(session.title, gettext("Dialogue sessions"))
    url = request.build_absolute_uri(session.get_absolute_url())
    calendar.add_component(calendar_event(
        uid=f"dialogue-session-{session.pk}@{request.get_host().split(':')[0]}",
        summary=f"{session.commission.name}: {session.title}",
        description=plain_excerpt(session.agenda),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        url=url,
    ))
    return calendar_response(calendar.to_ical(), f"dialogue-session-{session.pk}.ics")
