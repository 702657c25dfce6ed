"""A submission's pages: the form, the tracking page, and what its readers do there (reply, follow, status, assign).

Views parse input, ask `can()` (through `load_or_refuse`), call the actions in
`commissions.actions` and render; they hold no rules of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commissions import actions, attachments
from commissions.forms import (
    AssignForm,
    ReplyForm,
    StatusForm,
    SubmissionForm,
    attachment_max_bytes,
)
from commissions.models import Submission
from commissions.selectors import load_commission_page, what_happens_next
from discussions.models import Post
from networks.actions import ActionRefused
from networks.files import private_file_response
from networks.idempotency import run_once
from networks.ids import parse_id
from networks.limits import limits_body, upload_max_bytes
from networks.models import UnitMembership
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import load_or_refuse, refuse_unless


def _submission_limit() -> str:
    return gettext("An attachment can be at most %(size)s, and the text at most 20,000 characters.") % {
        "size": filesizeformat(attachment_max_bytes())
    }


SUBMISSION_FORM = limits_body(upload_max_bytes, explain=_submission_limit)
MESSAGE_FORM = limits_body(explain=lambda: gettext("A message or response can be at most 20,000 characters."))


def load_submission(user, reference: str, action: str = "view_submission") -> Submission:
    """The submission a URL names, if `user` may see it; Http404 or a refusal otherwise."""
    return load_or_refuse(
        user,
        action,
        Submission.objects.with_listing().select_related("thread", "reflected_in"),
        missing=gettext("There is no submission %(reference)s.") % {"reference": reference},
        refused=gettext("This submission is visible to its submitter, their party unit, the commission and staff."),
        reference=reference.upper(),
    )


@SUBMISSION_FORM
@login_required
def create(request, slug: str):
    page = load_commission_page(slug)
    commission = page.commission
    refuse_unless(request.user, "submit_to_commission", commission, gettext("Please sign in to make a submission."))
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=request.user, commission=commission)
        if form.is_valid():
            try:
                outcome = run_once(
                    request.user,
                    form.cleaned_data["idempotency_key"],
                    lambda: actions.submit(request.user, commission, form.draft()),
                    lambda submission: submission.get_absolute_url(),
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if outcome.repeated:
                    messages.info(request, gettext("Your submission was already sent; here it is."))
                else:
                    submission = outcome.result
                    messages.success(
                        request,
                        gettext(
                            "Your submission has been sent to %(commission)s. Its reference is %(reference)s; "
                            "we will email you each time its status changes."
                        )
                        % {"commission": commission.name, "reference": submission.reference}
                        + " "
                        + what_happens_next(submission).text,
                    )
                return redirect(outcome.url)
        status = 400
    else:
        initial = {}
        issue = parse_id(request.GET.get("issue"))
        document = parse_id(request.GET.get("document"))
        if issue is not None:
            initial["topic"] = f"issue:{issue}"
        elif document is not None:
            initial["topic"] = f"document:{document}"
        form = SubmissionForm(initial=initial, user=request.user, commission=commission)
        status = 200
    return render(
        request,
        "commissions/submissions/form.html",
        {
            "form": form,
            "commission": commission,
            "commission_page": page,
            "max_bytes": attachment_max_bytes(),
            "types": [kind.label for kind in attachments.ATTACHMENT_TYPES.values()],
        },
        status=status,
    )


def detail_context(request, submission: Submission, **forms) -> dict:
    """The tracking page's context; `forms` are bound forms (or typed text) to show again after a refusal."""
    user = request.user
    may_change = can(user, "change_submission_status", submission)
    events = list(submission.events.select_related("actor__profile", "assignee__profile", "reflected_in"))
    posts = list(
        Post.objects.filter(thread=submission.thread).select_related("author__profile").order_by("created_at", "id")
    )
    backings = list(submission.backings.select_related("unit", "backed_by__profile"))
    my_units = [m.unit for m in UnitMembership.objects.filter(user=user).select_related("unit")] if user.is_authenticated else []
    backed_units = {b.unit_id for b in backings}
    context = {
        "submission": submission,
        "events": events,
        "opening": posts[0] if posts else None,
        "posts": posts[1:],
        "may_change": may_change,
        "may_assign": can(user, "assign_submission", submission),
        "may_reply": can(user, "reply_submission", submission) and not submission.thread.is_locked,
        "is_following": submission.followers.filter(pk=user.pk).exists(),
        "is_submitter": submission.submitter_id == user.pk,
        "next_step": what_happens_next(submission),
        "reply_form": forms.get("reply_form")
        or ReplyForm(may_post_official=can(user, "post_official_response", submission.thread)),
        "backings": backings,
        "backing_summary": actions.backing_summary([b.unit.name for b in backings]),
        "may_open_for_backing": can(user, "open_for_backing", submission),
        "may_back": can(user, "back_submission", submission),
        "units_to_back_with": [u for u in my_units if u.pk != submission.unit_id and u.pk not in backed_units],
        "my_backings": [b for b in backings if can(user, "withdraw_backing", b) and b.unit_id in {u.pk for u in my_units}],
        "backing_statement": forms.get("backing_statement", ""),
        "backing_error": forms.get("backing_error", ""),
    }
    if can(user, "view_submission_notes", submission):
        # Internal notes join the timeline only here, for the commission and staff.
        notes = list(submission.notes.select_related("author__profile"))
        for note in notes:
            note.is_note = True
        context["events"] = sorted([*events, *notes], key=lambda item: item.created_at)
        context["notes"] = notes
        context["may_note"] = can(user, "add_submission_note", submission)
        context["note_text"] = forms.get("note_text", "")
        context["note_error"] = forms.get("note_error", "")
    if may_change:
        context["status_form"] = forms.get("status_form") or StatusForm(submission=submission)
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            commission=submission.commission, initial={"assignee": submission.assigned_to_id}
        )
    return context


@login_required
@require_GET
def detail(request, reference: str):
    """The tracking page: where the submission is, its timeline, and the dialogue with the commission."""
    submission = load_submission(request.user, reference)
    return render(request, "commissions/submissions/detail.html", detail_context(request, submission))


@login_required
@require_GET
def attachment(request, reference: str):
    """The attachment, served only to those who may see the submission."""
    submission = load_submission(request.user, reference)
    if not submission.attachment:
        raise Http404(gettext("This submission has no attachment."))
    # Served as what its bytes are, under that extension, whatever name it was given or kept under.
    kind = attachments.served_type(submission.attachment)
    given = submission.attachment_name or submission.attachment.name.rsplit("/", 1)[-1]
    filename = attachments.stored_name(given, kind) if kind is not attachments.UNKNOWN else given
    return private_file_response(submission.attachment, filename=filename, content_type=kind.mime)


@MESSAGE_FORM
@login_required
@require_POST
def change_status(request, reference: str):
    submission = load_submission(request.user, reference)
    form = StatusForm(request.POST, submission=submission)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_submission_status(
                request.user,
                submission,
                data["status"],
                response=data["response"],
                reason=data["reason"],
                reflected_in=data["reflected_in"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("%(reference)s is now “%(status_label)s”. The submitter and followers have been told.") % {"reference": submission.reference, "status_label": submission.status_label}
            )
            return redirect(submission.get_absolute_url())
    context = detail_context(request, submission, status_form=form)
    return render(request, "commissions/submissions/detail.html", context, status=400)


@login_required
@require_POST
def assign(request, reference: str):
    submission = load_submission(request.user, reference)
    # The queue names each row's field with a prefix ("s<pk>-assignee") so ids stay unique on the page.
    prefix = request.POST.get("prefix", "")
    form = AssignForm(request.POST, commission=submission.commission, prefix=prefix if prefix == f"s{submission.pk}" else None)
    if form.is_valid():
        try:
            actions.assign_submission(request.user, submission, form.cleaned_data["assignee"])
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            assignee = form.cleaned_data["assignee"]
            messages.success(request, f"{submission.reference} assigned to {assignee.profile.display_name}." if assignee else f"{submission.reference} is no longer assigned.")
    else:
        messages.error(request, _("Choose a member of the commission to assign it to."))
    return redirect_back(request, submission.get_absolute_url())


@MESSAGE_FORM
@login_required
@require_POST
def reply(request, reference: str):
    submission = load_submission(request.user, reference)
    form = ReplyForm(request.POST, may_post_official=can(request.user, "post_official_response", submission.thread))
    if form.is_valid():
        official = form.cleaned_data.get("official", False)
        try:
            outcome = run_once(
                request.user,
                form.cleaned_data["idempotency_key"],
                lambda: actions.reply_to_submission(request.user, submission, form.cleaned_data["body"], official=official),
                lambda post: submission.get_absolute_url() + "#dialogue",
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if outcome.repeated:
                messages.info(request, _("Your message was already added to the dialogue."))
            elif official:
                messages.success(
                    request,
                    _("The commission's official response has been added to the dialogue; the submitter and followers have been told."),
                )
            else:
                messages.success(request, _("Your message has been added to the dialogue."))
            return redirect(outcome.url)
    context = detail_context(request, submission, reply_form=form)
    return render(request, "commissions/submissions/detail.html", context, status=400)


@login_required
@require_POST
def follow(request, reference: str):
    submission = load_submission(request.user, reference)
    following = request.POST.get("follow") == "1"
    try:
        actions.set_following(request.user, submission, following)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, gettext("You are following this submission.") if following else gettext("You no longer follow this submission."))
    return redirect(submission.get_absolute_url())
