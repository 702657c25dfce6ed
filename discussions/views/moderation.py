"""Flagging, the moderation queue, hiding, locking, pinning, moving and the moderation log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from discussions import actions, selectors
from discussions.actions.held import approve_held, reject_held
from discussions.actions.suspensions import ask_staff_to_suspend
from discussions.forms import FlagForm, MoveForm, ReasonForm
from discussions.models import HeldPost
from discussions.views.threads import POSTS, THREADS, load_post
from networks.actions import ActionRefused
from networks.idempotency import run_once
from networks.limits import limits_body
from networks.permissions import can, permitted
from networks.refusals import load, load_or_refuse, refuse_unless
from networks.selectors import load_network

MODERATORS_ONLY = gettext_lazy("Only this network's moderators and editors can do that.")
REPORT_FORM = limits_body(explain=lambda: gettext("A report to the moderators can be at most 2,000 characters."))
REASON_FORM = limits_body(explain=lambda: gettext("A moderator's reason can be at most 1,000 characters."))


@REPORT_FORM
@login_required
def flag(request, pk: int):
    post = load_post(request.user, pk)
    if not can(request.user, "flag_post", post) and request.method != "POST":
        messages.error(request, _flag_refusal(request.user, post))
        return redirect(post.get_absolute_url())
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not can(request.user, "flag_post", post):
        # Hidden or deleted while the member was typing: say so, with their words still in the form.
        form.is_valid()
        form.add_error(None, _flag_refusal(request.user, post))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A second copy of the same report (a double click) is answered like the first, not refused as a duplicate.
            outcome = run_once(
                request.user,
                data["idempotency_key"],
                lambda: actions.flag_post(request.user, post, reason=data["reason"], detail=data["detail"]),
                lambda flag: post.get_absolute_url(),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if outcome.repeated:
                messages.info(request, gettext("Your report was already sent; the moderators will look at this post."))
            else:
                messages.success(request, _("Thank you. The moderators will look at this post and we will tell you what they decide."))
            return redirect(outcome.url)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/flag.html", {"post": post, "thread": post.thread, "form": form}, status=status)


def _flag_refusal(user, post) -> str:
    if post.author_id == user.pk:
        return gettext("You cannot report your own post; you can edit or delete it instead.")
    return gettext("This post can no longer be reported: a moderator or its author has already removed it from view.")


def _post_decision(request, pk: int, *, act, done: str):
    """A moderator's reasoned decision about one post: hide, unhide or keep."""
    post = load(POSTS, missing=gettext("That post does not exist."), pk=pk)
    refuse_unless(request.user, "moderate_thread", post.thread, MODERATORS_ONLY)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(request.user, post, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, done)
            target = request.POST.get("next")
            if target == "queue" and post.thread.network_id:
                return redirect("discussions:moderation_queue", slug=post.thread.network.slug)
            return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    flags = post.flags.filter(resolved_at__isnull=True).select_related("reporter__profile")
    context = {
        "post": post,
        "thread": post.thread,
        "form": form,
        "flags": flags,
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "discussions/moderate_post.html", context, status=status)


@REASON_FORM
@login_required
def hide(request, pk: int):
    return _post_decision(
        request, pk, act=actions.hide_post, done=gettext("The post is hidden. Its author and anyone who reported it have been told.")
    )


@REASON_FORM
@login_required
def unhide(request, pk: int):
    return _post_decision(request, pk, act=actions.unhide_post, done=gettext("The post is shown again."))


@REASON_FORM
@login_required
def keep(request, pk: int):
    return _post_decision(
        request, pk, act=actions.keep_post, done=gettext("The reports are resolved and the post is kept. The reporters have been told.")
    )


@REASON_FORM
@login_required
def moderate_thread(request, pk: int):
    """Lock, pin or move a thread, each with a reason for the log."""
    thread = load_or_refuse(
        request.user,
        "moderate_thread",
        THREADS,
        missing=gettext("That thread does not exist; it may have been removed."),
        refused=gettext("Only this network's moderators and editors can moderate threads."),
        pk=pk,
    )
    destinations = permitted(request.user, "moderate_discussions").exclude(pk=thread.network_id).order_by("title")
    operation = request.POST.get("operation") if request.method == "POST" else None
    lock_form = ReasonForm(
        request.POST if operation == "lock" else None,
        prefix="lock",
        what="unlocking" if thread.is_locked else "locking",
    )
    pin_form = ReasonForm(
        request.POST if operation == "pin" else None,
        prefix="pin",
        what="unpinning" if thread.is_pinned else "pinning",
    )
    move_form = MoveForm(
        request.POST if operation == "move" else None, prefix="move", destinations=destinations, what="moving"
    )
    forms = {"lock": lock_form, "pin": pin_form, "move": move_form}
    if operation in forms and forms[operation].is_valid():
        data = forms[operation].cleaned_data
        try:
            match operation:
                case "lock":
                    actions.set_locked(request.user, thread, not thread.is_locked, reason=data["reason"])
                    done = gettext("The thread is locked: members can no longer reply. You can still post a closing note.") if thread.is_locked else gettext("The thread is open for replies again.")
                case "pin":
                    actions.set_pinned(request.user, thread, not thread.is_pinned, reason=data["reason"])
                    done = gettext("The thread is pinned to the top of the list.") if thread.is_pinned else gettext("The thread is no longer pinned.")
                case "move":
                    actions.move_thread(
                        request.user, thread, data["destination"], reason=data["reason"],
                        lockout_confirmed=data["lockout_confirmed"],
                    )
                    done = gettext("The thread has moved to %(network)s. Its author has been told.") % {"network": thread.network.title}
        except ActionRefused as refusal:
            forms[operation].add_error(None, refusal.message)
        else:
            messages.success(request, done)
            return redirect(thread.get_absolute_url())
    status = 400 if operation else 200
    return render(
        request,
        "discussions/moderate_thread.html",
        {
            "thread": thread,
            "network": thread.network,
            "lock_form": lock_form,
            "pin_form": pin_form,
            "move_form": move_form,
            "has_destinations": destinations.exists(),
            "lockouts": selectors.lockouts_by_destination(thread, destinations),
        },
        status=status,
    )


@REASON_FORM
@login_required
def ask_suspension(request, pk: int):
    """From the flag queue: a moderator asks staff to suspend the author of a reported post."""
    post = load(POSTS, missing=gettext("That post does not exist."), pk=pk)
    network = post.thread.network
    if network is None:
        raise Http404(gettext("That post is not in a network."))
    refuse_unless(request.user, "request_suspension", network, MODERATORS_ONLY)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = gettext("Why should staff suspend this member? (recorded in the moderation log)")
    if request.method == "POST" and form.is_valid():
        try:
            ask_staff_to_suspend(request.user, post, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, gettext("Staff have been asked to suspend the member; they will decide and you will be told."))
            return redirect("discussions:moderation_queue", slug=network.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/ask_suspension.html", {"post": post, "network": network, "form": form}, status=status)


@REASON_FORM
@login_required
def decide_held(request, pk: int):
    """Approve a held post (one click), or reject it with a reason the author is told."""
    held = load(
        HeldPost.objects.select_related("network", "thread", "author__profile"), missing=gettext("That post does not exist."), pk=pk
    )
    refuse_unless(request.user, "moderate_discussions", held.network, MODERATORS_ONLY)
    form = ReasonForm(request.POST if request.POST.get("operation") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("operation") == "approve":
                post = approve_held(request.user, held)
                messages.success(request, gettext("The post is published and its author told."))
                return redirect(post.get_absolute_url())
            if form.is_valid():
                reject_held(request.user, held, reason=form.cleaned_data["reason"])
                messages.success(request, gettext("The post stays unpublished; its author has been told why, with their text."))
                return redirect("discussions:moderation_queue", slug=held.network.slug)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("discussions:moderation_queue", slug=held.network.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/decide_held.html", {"held": held, "network": held.network, "form": form}, status=status)


@login_required
def moderation_queue(request, slug: str):
    network = load_network(
        slug, request.user, "moderate_discussions", gettext("Only this network's moderators and editors can see its moderation queue.")
    )
    return render(
        request,
        "discussions/moderation_queue.html",
        {
            "network": network,
            "posts": selectors.open_flags(network),
            "held": HeldPost.objects.filter(network=network, decided_at__isnull=True).select_related("author__profile", "thread"),
            "may_request_suspension": can(request.user, "request_suspension", network),
        },
    )


@login_required
def moderation_log(request, slug: str):
    network = load_network(
        slug, request.user, "moderate_discussions", gettext("Only this network's moderators and editors can read its moderation log.")
    )
    page = selectors.paginate(selectors.moderation_log(network), request.GET.get("page"), 50)
    return render(request, "discussions/moderation_log.html", {"network": network, "page_obj": page})
