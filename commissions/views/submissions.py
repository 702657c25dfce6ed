"""A submission's pages: the form, the tracking page, and what its readers do there (reply, follow, status, assign).

Views parse input, ask `can()` (through `load_or_refuse`), call the actions in
`commissions.actions` and render; they hold no rules of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from commissions import actions
from commissions.forms import (
    ATTACHMENT_TYPES,
    AssignForm,
    ReplyForm,
    StatusForm,
    SubmissionForm,
    attachment_max_bytes,
)
from commissions.models import Submission
from commissions.selectors import load_commission_page
from discussions.models import Post
from networks.actions import ActionRefused
from networks.files import private_file_response
from networks.models import UnitMembership
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import load_or_refuse, refuse_unless


def load_submission(user, reference: str, action: str = "view_submission") -> Submission:
    """The submission a URL names, if `user` may see it; Http404 or a refusal otherwise."""
    return load_or_refuse(
        user,
        action,
        Submission.objects.with_listing().select_related("thread", "reflected_in"),
        missing=f"There is no submission {reference}.",
        refused="This submission is visible to its submitter, their party unit, the commission and staff.",
        reference=reference.upper(),
    )


@login_required
def create(request, slug: str):
    page = load_commission_page(slug)
    commission = page.commission
    refuse_unless(request.user, "submit_to_commission", commission, "Please sign in to make a submission.")
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=request.user, commission=commission)
        if form.is_valid():
            try:
                submission = actions.submit(request.user, commission, form.draft())
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    f"Your submission has been sent to {commission.name}. Its reference is {submission.reference}; "
                    "we will email you each time its status changes.",
                )
                return redirect(submission.get_absolute_url())
        status = 400
    else:
        initial = {}
        issue = request.GET.get("issue", "")
        document = request.GET.get("document", "")
        if issue.isdigit():
            initial["topic"] = f"issue:{issue}"
        elif document.isdigit():
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
            "types": ATTACHMENT_TYPES.values(),
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
        "reply_form": forms.get("reply_form") or ReplyForm(),
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
    if can(user, "post_official_response", submission.thread):
        context["reply_form"].fields["body"].help_text = f"Posted as an official response from {submission.commission.name}."
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
        raise Http404("This submission has no attachment.")
    filename = submission.attachment_name or submission.attachment.name.rsplit("/", 1)[-1]
    return private_file_response(submission.attachment, filename=filename)


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
                request, f"{submission.reference} is now “{submission.status_label}”. The submitter and followers have been told."
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
        messages.error(request, "Choose a member of the commission to assign it to.")
    return redirect_back(request, submission.get_absolute_url())


@login_required
@require_POST
def reply(request, reference: str):
    submission = load_submission(request.user, reference)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_to_submission(request.user, submission, form.cleaned_data["body"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Your message has been added to the dialogue.")
            return redirect(submission.get_absolute_url() + "#dialogue")
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
        messages.success(request, "You are following this submission." if following else "You no longer follow this submission.")
    return redirect(submission.get_absolute_url())
