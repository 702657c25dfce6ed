"""Thread list, thread page, starting, replying, editing, deleting, following.

Views are thin: they read through `discussions.selectors`, ask `can()` for
what to show, and call `discussions.actions` for every change. A refused or
invalid post comes back in its form with the member's text intact.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from discussions import actions, scopes, selectors
from discussions.forms import EditPostForm, ReplyForm, ThreadForm
from discussions.models import HeldPost, Post, Thread
from discussions.text import quote_for_reply
from networks import caching
from networks import scopes as network_scopes
from networks.actions import ActionRefused, member_label
from networks.idempotency import run_once
from networks.ids import parse_id
from networks.limits import limits_body
from networks.middleware import share_with_visitors
from networks.permissions import can, permitted
from networks.refusals import load, load_or_refuse, refuse_unless
from networks.selectors import load_network

THREADS = Thread.objects.select_related("network", "author__profile").defer("network__body")
POSTS = Post.objects.select_related("thread__network", "author__profile", "parent__author__profile")
DIALOGUE_REFUSED = gettext_lazy("This dialogue is open only to its party unit, the commission and staff.")
HELD_MESSAGE = gettext_lazy(
    "Thank you. Your post is waiting for a moderator's approval before others see it; you will be notified when they decide."
)


def _post_limit() -> str:
    return gettext("Posts can be at most %(limit)s characters.") % {"limit": f"{actions.max_post_length():,}"}


POST_FORM = limits_body(explain=_post_limit)
"""What a thread, reply or edit form may send: a post's text, whose limit the 413 page names."""


def load_thread(user, pk: int) -> Thread:
    """The thread a URL names, if `user` may read it (a members-only network's refusal offers the way to join)."""
    return load_or_refuse(
        user, "view_thread", THREADS, missing=gettext("That thread does not exist; it may have been removed."),
        refused=DIALOGUE_REFUSED, pk=pk,
    )


def load_post(user, pk: int) -> Post:
    """The post a URL names, if `user` may read its thread."""
    post = load(POSTS, missing=gettext("That post does not exist."), pk=pk)
    refuse_unless(user, "view_thread", post.thread, DIALOGUE_REFUSED)
    return post


def _query_prefix(request, *keep: str) -> str:
    return urlencode({k: request.GET[k] for k in keep if request.GET.get(k)})


# Lists ------------------------------------------------------------------------


def thread_list(request, slug: str):
    network = load_network(slug, request.user, "view_network")
    share_with_visitors(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in selectors.SORTS else selectors.DEFAULT_SORT
    # Tags are slugs; anything else (a NUL byte included, which PostgreSQL refuses) matches nothing.
    tag = slugify(request.GET.get("tag") or "")[:100] or None
    page = selectors.paginate(
        selectors.network_threads(network, sort=sort, tag=tag), request.GET.get("page"), selectors.threads_per_page()
    )
    threads = selectors.decorate_threads(list(page.object_list), request.user)
    for thread in threads:
        thread.network = network
    current_tag = Tag.objects.filter(slug=tag).first() if tag else None
    may_moderate = can(request.user, "moderate_discussions", network)
    return render(
        request,
        "discussions/thread_list.html",
        {
            "network": network,
            "page_obj": page,
            "threads": threads,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in selectors.SORTS.items()],
            "tag": tag,
            "current_tag": current_tag,
            "query_prefix": _query_prefix(request, "sort", "tag"),
            "may_start": can(request.user, "start_thread", network),
            "may_moderate": may_moderate,
            "open_reports": selectors.open_report_count(network) if may_moderate else 0,
            "following_network": request.user.is_authenticated
            and network.follows.filter(user=request.user, level__in=["all", "threads"]).exists(),
            "may_follow": can(request.user, "follow_network", network),
        },
    )


def tag_list(request, tag: str):
    found = Tag.objects.filter(slug=tag).first()
    if found is None:
        raise Http404(gettext("No thread has that tag."))
    page = selectors.paginate(selectors.tag_threads(tag, request.user), request.GET.get("page"), selectors.threads_per_page())
    threads = selectors.decorate_threads(list(page.object_list), request.user)
    return render(request, "discussions/tag_list.html", {"tag": found, "page_obj": page, "threads": threads})


# Thread page ------------------------------------------------------------------


def thread_detail(request, pk: int, slug: str | None = None):
    caching.depends_on(scopes.thread(pk))  # before the thread is read (networks.caching)
    thread = load(THREADS, missing=gettext("That thread does not exist; it may have been removed."), pk=pk)
    if slug is not None and thread.network is None:
        raise Http404(gettext("That thread is not in this network."))
    refuse_unless(request.user, "view_thread", thread, DIALOGUE_REFUSED)
    if slug is None and thread.network_id is not None:
        return redirect(thread.get_absolute_url())
    if slug is not None and thread.network.slug != slug:
        return redirect(thread.get_absolute_url() + (f"?{request.GET.urlencode()}" if request.GET else ""))
    share_with_visitors(request)
    plan = selectors.thread_page_plan(thread, request.GET.get("page"))
    seen_before = actions.mark_thread_seen(request.user, thread, plan.shown)
    return render(request, "discussions/thread.html", _thread_context(request, thread, plan, seen_before))


def _thread_context(request, thread: Thread, plan: selectors.ThreadPagePlan, seen_before: int, form=None) -> dict:
    user = request.user
    may_reply = can(user, "reply_thread", thread)
    may_official = can(user, "post_official_response", thread)
    may_moderate = can(user, "moderate_thread", thread)
    return {
        "thread": thread,
        "network": thread.network,
        "plan": plan,
        "page_obj": plan.page(),
        "official_html": _official_html(thread),
        "posts_html": _posts_html(thread, plan, user, seen_before, may_reply=may_reply, may_moderate=may_moderate),
        "may_reply": may_reply,
        "may_moderate": may_moderate,
        "is_following": selectors.is_following(user, thread),
        "may_follow": can(user, "follow_thread", thread),
        "form": form or ReplyForm(may_post_official=may_official),
        "reply_action": reverse("discussions:reply", kwargs={"pk": thread.pk}),
        "login_url": f"{reverse('account_login')}?next={request.path}",
    }


def _official_html(thread: Thread) -> str:
    """The thread's official responses, rendered once for everyone until the thread, a role or a name changes."""
    return caching.remember(
        caching.key("thread-official", get_language(), thread.pk, thread.network_id),
        lambda: render_to_string(
            "discussions/partials/official_responses.html", {"official": selectors.official_responses(thread)}
        ),
        scopes=[scopes.thread(thread.pk), network_scopes.network(thread.network_id), network_scopes.PEOPLE],
    )


def _posts_html(thread: Thread, plan: selectors.ThreadPagePlan, user, seen_before: int, *, may_reply: bool, may_moderate: bool) -> str:
    """The page's posts, rendered once for everyone who sees them the same way.

    What differs between readers is only which links each post offers them and whether it is new
    to them. The rules are asked about each post as always (the plan's posts, without their text)
    and the answers pick the rendering: the whole page's, kept under the thread's version (every
    change to one of its posts bumps it), the network's roles (badges) and members' names; and,
    beneath it, each post's, kept under the post's own version and the one it answers, so a new
    reply re-renders only itself.
    """
    user = getattr(user, "_wrapped", user)  # asked about every post: skip the lazy wrapper
    wanted: dict[str, tuple[Post, dict]] = {}
    for post in plan.posts:
        post.thread = thread
        flags = {
            "is_new": user.is_authenticated and post.pk > seen_before and post.author_id != user.pk,
            "is_own": user.is_authenticated and post.author_id == user.pk,
            "may_edit": can(user, "edit_post", post),
            "may_delete": can(user, "delete_post", post),
            "may_flag": can(user, "flag_post", post),
            "may_reply": may_reply,
            "may_moderate": may_moderate,
        }
        variant = "".join("1" if flags[name] else "0" for name in sorted(flags))
        wanted[caching.key("post", get_language(), post.pk, thread.network_id, post.show_in_reply_to, variant)] = (post, flags)
    shared = [network_scopes.network(thread.network_id), network_scopes.PEOPLE]
    return caching.remember(
        caching.key("thread-posts", get_language(), thread.pk, thread.network_id, plan.per_page, plan.number, *wanted),
        lambda: mark_safe("".join(_rendered_posts(thread, wanted, shared).values())),  # noqa: S308  (templates' output)
        scopes=[scopes.thread(thread.pk), *shared],
        covered=True,
    )


def _rendered_posts(thread: Thread, wanted: dict[str, tuple[Post, dict]], shared: list[str]) -> dict[str, str]:
    """{key: html} for each post, from the cache or rendered (the missing ones read in three queries)."""
    found = caching.lookup_many(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        scopes_of = {
            key: [scopes.post(wanted[key][0].pk), *shared]
            + ([scopes.post(wanted[key][0].parent_id)] if wanted[key][0].parent_id else [])
            for key in missing
        }
        recordings = caching.begin(scopes_of)  # the versions, before the posts are read
        posts = selectors.posts_to_render(thread, [wanted[key][0].pk for key in missing])
        made = {}
        for key in missing:
            planned, flags = wanted[key]
            post = posts[planned.pk]
            post.show_in_reply_to = planned.show_in_reply_to
            for name, value in flags.items():
                setattr(post, name, value)
            with caching.resume(recordings[key]):
                html = render_to_string(
                    "discussions/partials/post.html",
                    {"post": post, "thread": thread, "may_reply": flags["may_reply"], "may_moderate": flags["may_moderate"]},
                )
            found[key] = html
            made[key] = (recordings[key], html)
        caching.store_many(made)
    return {key: found[key] for key in wanted}


def post_permalink(request, pk: int):
    """`/discussions/posts/<id>/`: the thread page that holds the post, scrolled to it."""
    post = load_post(request.user, pk)
    page = selectors.page_of(post)
    url = post.thread.get_absolute_url()
    return HttpResponseRedirect(f"{url}{'?page=' + str(page) if page > 1 else ''}#post-{post.pk}")


@login_required
def first_unread(request, pk: int):
    """Jump to the first post the member has not seen, or to the end when all is read."""
    thread = load_thread(request.user, pk)
    post = actions.first_unread_post(request.user, thread, selectors.visible_posts_q(request.user, thread))
    if post is None:
        messages.info(request, _("You have read everything in this thread."))
        return redirect(f"{thread.get_absolute_url()}?page=last")
    return post_permalink(request, post.pk)


# Writing ----------------------------------------------------------------------


@POST_FORM
@login_required
def new_thread(request, slug: str):
    network = load_network(slug, request.user, "view_network")
    if not can(request.user, "start_thread", network):
        messages.error(request, _("Only members of %(title)s can start threads. Join the network to take part.") % {"title": network.title})
        return redirect(network.url)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = run_once(
                request.user,
                data["idempotency_key"],
                lambda: actions.start_thread(request.user, network, title=data["title"], body=data["body"], tags=data["tags"]),
                lambda thread: thread.get_absolute_url(),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if isinstance(outcome.result, HeldPost):
                messages.info(request, HELD_MESSAGE)
            elif outcome.repeated:
                messages.info(request, gettext("Your thread was already posted; here it is."))
            else:
                messages.success(request, _("Your thread has been posted. You will be notified of replies."))
            return redirect(outcome.url)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/thread_form.html", {"network": network, "form": form}, status=status)


@POST_FORM
@login_required
def reply(request, pk: int):
    """The reply page: answering one post (`?to=<id>`, optionally `&quote=1`) or the thread."""
    thread = load_thread(request.user, pk)
    may_official = can(request.user, "post_official_response", thread)
    parent = None
    raw_parent = request.POST.get("parent") if request.method == "POST" else request.GET.get("to")
    if raw_parent:
        parent_id = parse_id(raw_parent)
        if parent_id is not None:
            parent = Post.objects.select_related("author__profile").filter(pk=parent_id, thread=thread).first()
        if parent is None and request.method == "GET":
            messages.error(request, _("That post is not in this thread; you are replying to the thread."))
    if request.method == "POST":
        form = ReplyForm(request.POST, may_post_official=may_official)
        if form.is_valid():
            if raw_parent and parent is None:
                form.add_error(None, gettext("The post you are replying to is not in this thread. You can reply to the thread instead."))
            else:
                data = form.cleaned_data
                try:
                    outcome = run_once(
                        request.user,
                        data["idempotency_key"],
                        lambda: actions.post_reply(
                            request.user, thread, body=data["body"], parent=parent, official=data.get("official", False)
                        ),
                        lambda post: post.get_absolute_url(),
                    )
                except ActionRefused as refusal:
                    form.add_error(None, refusal.message)
                else:
                    if isinstance(outcome.result, HeldPost):
                        messages.info(request, HELD_MESSAGE)
                    elif outcome.repeated:
                        messages.info(request, gettext("Your reply was already posted; here it is."))
                    else:
                        messages.success(request, _("Your reply has been posted."))
                    return redirect(outcome.url)
        status = 400
    else:
        initial = {"parent": parent.pk if parent else None}
        if parent is not None and request.GET.get("quote") and parent.is_visible_text:
            initial["body"] = quote_for_reply(member_label(parent.author) if parent.author else "A former member", parent.body)
        form = ReplyForm(initial=initial, may_post_official=may_official)
        status = 200
        if not can(request.user, "reply_thread", thread):
            messages.error(
                request,
                gettext("This thread is locked: a moderator has closed it to new replies.")
                if thread.is_locked
                else gettext("You cannot reply here. Join the network to take part."),
            )
            return redirect(thread.get_absolute_url())
    context = {"thread": thread, "network": thread.network, "parent": parent, "form": form}
    return render(request, "discussions/reply.html", context, status=status)


@POST_FORM
@login_required
def edit_post(request, pk: int):
    post = load_post(request.user, pk)
    if not can(request.user, "edit_post", post):
        messages.error(
            request,
            gettext("This thread is locked, so its posts can no longer be edited.")
            if post.thread.is_locked and post.author_id == request.user.pk
            else gettext("You can only edit your own posts that are still shown."),
        )
        return redirect(post.get_absolute_url())
    is_opening = post.is_opening and post.thread.network_id is not None
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    thread_form = None
    if is_opening:
        thread_form = ThreadForm(
            request.POST or None,
            initial={"title": post.thread.title, "tags": [t.name for t in post.thread.tags.all()], "body": post.body},
            prefix="thread",
        )
        form = thread_form
    if request.method == "POST" and form.is_valid():
        try:
            if is_opening:
                actions.edit_thread_title(
                    request.user, post.thread, title=form.cleaned_data["title"], tags=form.cleaned_data["tags"]
                )
            actions.edit_post(request.user, post, body=form.cleaned_data["body"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your changes have been saved. The post now shows that it was edited."))
            return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/edit_post.html", {"post": post, "thread": post.thread, "form": form}, status=status)


@login_required
def delete_post(request, pk: int):
    post = load_post(request.user, pk)
    if not can(request.user, "delete_post", post):
        messages.error(request, _("You can only delete your own posts."))
        return redirect(post.get_absolute_url())
    if request.method == "POST":
        try:
            actions.delete_post(request.user, post)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your post has been deleted. Replies to it stay in place."))
        return redirect(post.get_absolute_url())
    return render(request, "discussions/delete_post.html", {"post": post, "thread": post.thread})


@login_required
def post_history(request, pk: int):
    post = load_post(request.user, pk)
    refuse_unless(
        request.user, "view_post_history", post, gettext("Only the author and the network's moderators can see a post's history.")
    )
    revisions = post.revisions.select_related("replaced_by__profile")
    return render(request, "discussions/post_history.html", {"post": post, "thread": post.thread, "revisions": revisions})


# Following --------------------------------------------------------------------


@login_required
@require_POST
def follow(request, pk: int):
    thread = load(THREADS, missing=gettext("That thread does not exist; it may have been removed."), pk=pk)
    try:
        if request.POST.get("follow") == "0":
            actions.unfollow_thread(request.user, thread)
            messages.success(request, _("You no longer follow this thread."))
        else:
            actions.follow_thread(request.user, thread)
            messages.success(request, _("You follow this thread: you will be notified of new replies."))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def follow_network(request, slug: str):
    network = load_network(slug)
    try:
        if request.POST.get("follow") == "0":
            actions.unfollow_network(request.user, network)
            messages.success(request, _("You no longer follow %(title)s.") % {"title": network.title})
        else:
            actions.follow_network(request.user, network)
            messages.success(request, _("You follow %(title)s: you will be notified of new threads.") % {"title": network.title})
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("discussions:thread_list", slug=network.slug)


# Members ----------------------------------------------------------------------


def member(request, username: str):
    """Where an @mention leads: the member's name, badges and recent posts the visitor may read."""
    user = load(
        get_user_model().objects.select_related("profile__region").filter(is_active=True),
        missing=gettext("There is no member with that name."),
        username=username,
    )
    readable = permitted(request.user, "view_network")
    posts = (
        Post.objects.filter(author=user, is_deleted=False, is_hidden=False, thread__network__in=readable)
        .select_related("thread__network")
        .order_by("-created_at")[:20]
    )
    badges = selectors.badges_for({user.pk}, None)[user.pk]
    return render(request, "discussions/member.html", {"member": user, "posts": posts, "badges": badges})


MENTION_SUGGESTIONS = 8


@login_required
@require_GET
def mention_suggestions(request):
    """Members to @mention while typing in a network: those whose posts the writer can already read there.

    Only names already shown in the network are offered, so the suggestions never reveal who
    belongs to the party or to a network; a network the writer may not read is answered as missing.
    """
    network = load_network(request.GET.get("network", ""), request.user, "view_network")
    typed = request.GET.get("q", "").strip().lstrip("@")[:40]
    if not typed:
        return JsonResponse({"members": []})
    authors = (
        get_user_model()
        .objects.filter(is_active=True, posts__thread__network=network, posts__is_deleted=False, posts__is_hidden=False)
        .filter(Q(username__istartswith=typed) | Q(profile__display_name__istartswith=typed) | Q(profile__display_name__icontains=f" {typed}"))
        .exclude(pk=request.user.pk)
        .select_related("profile")
        .distinct()
        .order_by("profile__display_name", "username")[:MENTION_SUGGESTIONS]
    )
    return JsonResponse({"members": [{"handle": user.username, "name": member_label(user)} for user in authors]})
