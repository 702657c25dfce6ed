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
from commissions.selectors import load_commission_page, what_happens_next
from discussions.models import Post
from networks.actions import ActionRefused
from networks.files import private_file_response
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
                    "we will email you each time its status changes. " + what_happens_next(submission).text,
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


def _detail_context(request, submission: Submission, **forms) -> dict:
    user = request.user
    may_change = can(user, "change_submission_status", submission)
    events = list(submission.events.select_related("actor__profile", "assignee__profile", "reflected_in"))
    posts = list(
        Post.objects.filter(thread=submission.thread).select_related("author__profile").order_by("created_at", "id")
    )
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
        "reply_form": forms.get("reply_form") or ReplyForm(),
    }
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
    return render(request, "commissions/submissions/detail.html", _detail_context(request, submission))


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
    context = _detail_context(request, submission, status_form=form)
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
    context = _detail_context(request, submission, reply_form=form)
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
