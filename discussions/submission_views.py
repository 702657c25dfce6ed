"""Pages for submissions and amendments: the form, tracking page, dashboards and queues.

Views parse input, ask `can()`, call the actions in `discussions.submission_actions`
and render; they hold no rules of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from discussions import submission_actions as actions
from discussions.models import Amendment, Post, Submission
from discussions.submission_forms import (
    ATTACHMENT_TYPES,
    AmendmentDecisionForm,
    AmendmentForm,
    AssignForm,
    QueueFilterForm,
    ReplyForm,
    StatusForm,
    SubmissionForm,
    attachment_max_bytes,
)
from networks.actions import ActionRefused
from networks.commission_permissions import represented_region_ids, unit_ids
from networks.commission_selectors import live_commission_page
from networks.models import (
    CommissionMembership,
    ConsultationDocument,
    PartyUnit,
    Region,
    WorkProgrammeIssue,
)
from networks.permissions import can, is_staff

PAGE_SIZE = 50


def _commission_page_or_404(slug: str):
    page = live_commission_page(slug)
    if page is None:
        raise Http404(f"There is no policy commission called “{slug}”.")
    return page


def _submission_or_404(reference: str) -> Submission:
    submission = (
        Submission.objects.with_listing().select_related("thread", "reflected_in").filter(reference=reference.upper()).first()
    )
    if submission is None:
        raise Http404(f"There is no submission {reference}.")
    return submission


def _visible_submission(request, reference: str) -> Submission:
    submission = _submission_or_404(reference)
    if not can(request.user, "view_submission", submission):
        raise PermissionDenied("This submission is visible to its submitter, their party unit, the commission and staff.")
    return submission


@login_required
def create(request, slug: str):
    page = _commission_page_or_404(slug)
    commission = page.commission
    if not can(request.user, "submit_to_commission", commission):
        raise PermissionDenied("Please sign in to make a submission.")
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
        "discussions/submissions/form.html",
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
    submission = _visible_submission(request, reference)
    return render(request, "discussions/submissions/detail.html", _detail_context(request, submission))


@login_required
@require_GET
def attachment(request, reference: str):
    """The attachment, served only to those who may see the submission."""
    submission = _visible_submission(request, reference)
    if not submission.attachment:
        raise Http404("This submission has no attachment.")
    return FileResponse(submission.attachment.open("rb"), as_attachment=True, filename=submission.attachment_name or None)


@login_required
@require_POST
def change_status(request, reference: str):
    submission = _visible_submission(request, reference)
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
    return render(request, "discussions/submissions/detail.html", context, status=400)


@login_required
@require_POST
def assign(request, reference: str):
    submission = _visible_submission(request, reference)
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
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = submission.get_absolute_url()
    return redirect(target)


@login_required
@require_POST
def reply(request, reference: str):
    submission = _visible_submission(request, reference)
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
    return render(request, "discussions/submissions/detail.html", context, status=400)


@login_required
@require_POST
def follow(request, reference: str):
    submission = _visible_submission(request, reference)
    following = request.POST.get("follow") == "1"
    try:
        actions.set_following(request.user, submission, following)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "You are following this submission." if following else "You no longer follow this submission.")
    return redirect(submission.get_absolute_url())


# Dashboards -------------------------------------------------------------------------


def _page(request, submissions):
    return Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def mine(request):
    """My submissions: what I sent, and what my units sent."""
    user = request.user
    submissions = Submission.objects.with_listing().filter(Q(submitter=user) | Q(unit__in=unit_ids(user))).distinct()
    units = PartyUnit.objects.filter(pk__in=unit_ids(user))
    return render(
        request,
        "discussions/submissions/mine.html",
        {
            "page_obj": _page(request, submissions),
            "units": units,
            "has_queues": can(user, "view_submission_queues"),
        },
    )


@login_required
@require_GET
def unit_submissions(request, slug: str):
    """Our submissions: everything a party unit has sent, for its members and its region's office."""
    unit = get_object_or_404(PartyUnit.objects.select_related("region"), slug=slug)
    if not can(request.user, "view_unit_submissions", unit):
        raise PermissionDenied(f"Only members of {unit.name} and party staff can see its submissions.")
    submissions = Submission.objects.with_listing().filter(unit=unit)
    form = QueueFilterForm(request.GET or None, issues=WorkProgrammeIssue.objects.filter(submissions__unit=unit).distinct())
    return render(
        request,
        "discussions/submissions/unit.html",
        {"unit": unit, "page_obj": _page(request, form.apply(submissions)), "filter_form": form},
    )


def _queue(request, submissions, *, title: str, commission=None, region=None):
    issues = WorkProgrammeIssue.objects.filter(commission=commission) if commission else WorkProgrammeIssue.objects.select_related("commission")
    form = QueueFilterForm(request.GET or None, issues=issues, show_region=region is None)
    filtered = form.apply(submissions)
    page_obj = _page(request, filtered)
    may_bulk = [s.pk for s in page_obj if can(request.user, "change_submission_status", s)]
    return render(
        request,
        "discussions/submissions/queue.html",
        {
            "title": title,
            "commission": commission,
            "region": region,
            "filter_form": form,
            "page_obj": page_obj,
            "may_bulk": bool(may_bulk),
            "query": request.GET.urlencode(),
            "overdue_count": submissions.overdue().count(),
            "assign_forms": _assign_forms(request.user, page_obj),
        },
    )


@login_required
def commission_queue(request, slug: str):
    """A commission's queue, with filters, bulk acknowledgement, assignment and overdue flags."""
    page = _commission_page_or_404(slug)
    commission = page.commission
    if not can(request.user, "view_commission_queue", commission):
        raise PermissionDenied(f"Only members of {commission.name} and staff can see its queue.")
    if request.method == "POST":
        return _bulk(request, Submission.objects.filter(commission=commission))
    return _queue(
        request,
        Submission.objects.with_listing().filter(commission=commission),
        title=f"{commission.name}: submissions queue",
        commission=commission,
    )


@login_required
def region_queue(request, slug: str):
    """A regional office's queue: every submission routed to the region, across commissions."""
    region = get_object_or_404(Region, slug=slug)
    if not can(request.user, "view_region_queue", region):
        raise PermissionDenied(f"Only the {region.name} regional office and staff can see this queue.")
    if request.method == "POST":
        return _bulk(request, Submission.objects.filter(region=region))
    return _queue(
        request, Submission.objects.with_listing().filter(region=region), title=f"{region.name}: submissions", region=region
    )


def _assign_forms(user, submissions) -> dict:
    """An assignment form per row the user may assign, with each commission's members fetched once."""
    assignable = [s for s in submissions if can(user, "assign_submission", s)]
    commission_ids = {s.commission_id for s in assignable}
    members: dict[int, list] = {pk: [] for pk in commission_ids}
    for membership in CommissionMembership.objects.filter(commission_id__in=commission_ids).select_related("user__profile").order_by(
        "user__profile__display_name"
    ):
        members[membership.commission_id].append(membership.user)
    forms = {}
    for s in assignable:
        # Handed to the row itself, so the table need not search for it.
        s.assign_form = AssignForm(
            commission=s.commission, members=members[s.commission_id], initial={"assignee": s.assigned_to_id}, prefix=f"s{s.pk}"
        )
        forms[s.pk] = s.assign_form
    return forms


def _bulk(request, submissions):
    # Only ids the database can hold: an out-of-range number would be a database error, not a choice.
    _, largest = connection.ops.integer_field_range(Submission._meta.pk.get_internal_type())
    ids = [value for value in request.POST.getlist("submission") if value.isdigit() and int(value) <= largest]
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = request.path + (f"?{query}" if query else "")
    if request.POST.get("action") != "acknowledge":
        messages.error(request, "Choose what to do with the selected submissions.")
        return redirect(back)
    if not ids:
        messages.error(request, "Select at least one submission to acknowledge.")
        return redirect(back)
    chosen = list(submissions.select_related("commission").filter(pk__in=ids))
    done, refused = actions.acknowledge_many(request.user, chosen)
    if done:
        messages.success(request, f"Acknowledged {done} submission{'s' if done != 1 else ''}; their submitters have been told.")
    for message in refused[:5]:
        messages.error(request, message)
    return redirect(back)


@login_required
@require_GET
def my_queues(request):
    """Where a commission member, regional staff member or NPF representative finds their work."""
    from networks.models import PolicyCommission

    user = request.user
    commissions = PolicyCommission.objects.filter(memberships__user=user) if not is_staff(user) else PolicyCommission.objects.all()
    regions = Region.objects.filter(staff=user) if not is_staff(user) else Region.objects.all()
    return render(
        request,
        "discussions/submissions/queues.html",
        {"commissions": commissions, "regions": regions, "may_forward_amendments": can(user, "view_amendment_inbox")},
    )


# Consultation documents and amendments ------------------------------------------------


def document(request, slug: str, pk: int):
    """A consultation document: its stage and state, and for a final draft its numbered paragraphs and amendments."""
    page = _commission_page_or_404(slug)
    doc = get_object_or_404(ConsultationDocument, pk=pk, commission=page.commission)
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        form = AmendmentForm(request.POST, user=request.user, document=doc)
        if form.is_valid():
            data = form.cleaned_data
            paragraph = form.paragraphs.get(data["paragraph"])
            try:
                amendment = actions.propose_amendment(
                    request.user, paragraph, unit=data["unit"], kind=data["kind"],
                    target_text=data["target_text"], new_text=data["new_text"], reason=data["reason"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    f"Your amendment to paragraph {paragraph.number} has been sent to the {amendment.region} NPF representatives.",
                )
                return redirect(actions.amendment_url(amendment))
    may_amend = can(request.user, "propose_amendment", doc)
    if form is None and may_amend:
        initial = {"paragraph": request.GET.get("paragraph")} if request.GET.get("paragraph", "").isdigit() else {}
        form = AmendmentForm(initial=initial, user=request.user, document=doc)
    doc.commission = page.commission
    amendments = Amendment.objects.filter(document=doc).select_related("unit", "region", "decided_by__profile")
    paragraphs = list(doc.paragraphs.prefetch_related(Prefetch("amendments", queryset=amendments)))
    for paragraph in paragraphs:
        for amendment in paragraph.amendments.all():
            # The rules and the template read these; they are the objects already in hand, not a query per amendment.
            amendment.paragraph, amendment.document = paragraph, doc
            amendment.may_forward = can(request.user, "forward_amendment", amendment) and amendment.status == Amendment.Status.SUBMITTED
            amendment.may_decide = can(request.user, "decide_amendment", amendment) and amendment.status == Amendment.Status.FORWARDED
    return render(
        request,
        "discussions/submissions/document.html",
        {
            "commission": page.commission,
            "commission_page": page,
            "document": doc,
            "paragraphs": paragraphs,
            "form": form,
            "may_amend": may_amend,
            "decision_form": AmendmentDecisionForm(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def decide_amendment(request, pk: int):
    amendment = get_object_or_404(Amendment.objects.select_related("document__commission", "paragraph", "unit", "region"), pk=pk)
    form = AmendmentDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose forward, return, accept, composite or reject.")
        return redirect(actions.amendment_url(amendment))
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        if decision == "forward":
            actions.forward_amendment(request.user, amendment)
        elif decision == "return":
            actions.return_amendment(request.user, amendment, note)
        else:
            actions.decide_amendment(request.user, amendment, decision, note)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"The amendment is now “{amendment.get_status_display()}”; the unit has been told.")
    return redirect(actions.amendment_url(amendment))


@login_required
@require_GET
def amendment_inbox(request):
    """An NPF representative's amendments to forward or return, from the regions they represent."""
    if not can(request.user, "view_amendment_inbox"):
        raise PermissionDenied("Only NPF representatives forward amendments.")
    amendments = Amendment.objects.select_related("document__commission", "paragraph", "unit", "region")
    if not is_staff(request.user):
        amendments = amendments.filter(region__in=represented_region_ids(request.user))
    waiting = list(amendments.filter(status=Amendment.Status.SUBMITTED))
    for amendment in waiting:
        amendment.may_forward = can(request.user, "forward_amendment", amendment)
    decided = amendments.exclude(status=Amendment.Status.SUBMITTED).order_by("-decided_at", "-id")[:50]
    return render(
        request,
        "discussions/submissions/amendment_inbox.html",
        {"waiting": waiting, "decided": decided, "decision_form": AmendmentDecisionForm()},
    )
