"""Writing in a discussion: starting threads, replying, editing and deleting, with the notifications each sends."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from wagtail.search import index

from discussions import scopes
from discussions.actions.checks import MAX_MENTIONS, check_rate, clean_body, clean_tags, clean_title
from discussions.models import (
    HeldPost,
    ModerationLogEntry,
    NetworkFollow,
    Notification,
    Post,
    PostRevision,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from discussions.notifications import not_muted, notify
from discussions.screening import hold_reason, refuse_blocked_words
from discussions.text import mentioned_usernames, plain_excerpt
from networks import caching
from networks.actions import ActionRefused, member_label, network_approvers
from networks.models import NetworkPage
from networks.permissions import can, who_may

Level = NetworkFollow.Level


def _create_post(thread: Thread, author, body: str, parent: Post | None = None, official: bool = False) -> Post:
    post = Post.objects.create(
        thread=thread,
        network_id=thread.network_id,
        author=author,
        parent=parent,
        body=body,
        depth=0 if parent is None else parent.depth + 1,
        is_official=official,
    )
    post.path = post.tree_path()
    with caching.changing(*scopes.of_post(post)):
        Post.objects.filter(pk=post.pk).update(path=post.path)
    return post

def start_thread(user, network: NetworkPage, *, title: str, body: str, tags: Iterable[str] = ()) -> Thread | HeldPost:
    """Open a thread in a network; its author follows it, and the network's followers hear of it.

    A blocked watched word refuses it; a newcomer's thread (where the network holds first
    posts) or one with a held watched word waits for moderators instead (a `HeldPost`).
    """
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to start a thread."))
    if not can(user, "start_thread", network):
        raise ActionRefused(_("Only members of %(title)s can start threads there. Join the network to take part.") % {"title": network.title})
    title, body, tags = clean_title(title), clean_body(body), clean_tags(tags)
    check_rate(user)
    reason = hold_reason(user, network, title, body, " ".join(tags))
    with transaction.atomic():
        if reason:
            return hold(user, network, title=title, body=body, tags=tags, reason=reason)
        thread = open_thread(user, network, title, body, tags)
        announce_thread(user, thread)
    return thread


def hold(user, network: NetworkPage, *, body: str, reason: str, title: str = "", tags=(), thread=None, parent=None) -> HeldPost:
    """Keep a post back for the network's moderators: logged, and the moderators told, with a link to their queue."""
    held = HeldPost.objects.create(
        network=network, thread=thread, parent=parent, author=user, title=title, tags=", ".join(tags), body=body,
        reason=reason[:300],
    )
    ModerationLogEntry.objects.create(
        network=network, thread=thread, actor=user, action=ModerationLogEntry.Action.HOLD, reason=reason,
        detail=(title or (thread.title if thread else ""))[:300],
    )
    moderators = list(network_approvers(network)) or list(get_user_model().objects.filter(is_active=True, is_staff=True))
    notify(
        moderators,
        kind="held_post",
        title=gettext("A post in %(network)s is waiting for your approval") % {"network": network.title},
        url=reverse("discussions:moderation_queue", kwargs={"slug": network.slug}),
        actor=user,
        text=reason,
    )
    return held


def announce_thread(user, thread: Thread) -> None:
    """Tell those @mentioned, and the network's members at "every post" or "new threads", of a new thread."""
    network = thread.network
    told = _notify_mentions(thread.posts.get(), user)
    followers = get_user_model().objects.filter(
        network_follows__network=network, network_follows__level__in=[Level.ALL, Level.THREADS]
    ).exclude(pk__in=told)
    notify(
        _readers(followers, thread),
        kind="new_thread",
        title=f"{member_label(user)} started “{thread.title}” in {network.title}",
        url=thread.get_absolute_url(),
        actor=user,
        text=plain_excerpt(thread.posts.get().body),
        thread=thread,
    )

def start_dialogue_thread(user, *, title: str, body: str) -> Thread:
    """Open a thread with no network, for a submission's dialogue with a commission.

    The caller (the submission action) has already checked that `user` may do
    so; this validates the text and opens the thread, which its author follows.
    """
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        return open_thread(user, None, title, body, [])

def open_thread(user, network, title: str, body: str, tags: list[str]) -> Thread:
    now = timezone.now()
    thread = Thread.objects.create(network=network, title=title, author=user, created_at=now, last_activity_at=now)
    if tags:
        thread.tags.set(tags)
        index.insert_or_update_object(thread)  # the save above indexed it before it had tags
    post = _create_post(thread, user, body)
    with caching.changing(*scopes.of_thread(thread)):
        Thread.objects.filter(pk=thread.pk).update(last_post_id=post.pk)
    thread.last_post_id = post.pk
    ThreadFollow.objects.get_or_create(user=user, thread=thread)
    ThreadVisit.objects.update_or_create(user=user, thread=thread, defaults={"last_seen_post_id": post.pk})
    return thread

def post_reply(
    user,
    thread: Thread,
    *,
    body: str,
    parent: Post | None = None,
    official: bool = False,
    notify_followers: bool = True,
    rate_limited: bool = True,
) -> Post:
    """Answer a thread (its opening post) or any post in it; the replier follows the thread.

    Notifies, once each and in this order of precedence: members @mentioned,
    the author of the post answered, and everyone following the thread.

    Another action that posts as one step of its own event (a submission's
    status change, which tells the submitter and followers itself and is
    bounded by its lifecycle) passes `notify_followers=False`, so nobody hears
    of it twice (mentions are still notified), and `rate_limited=False`.
    """
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to reply."))
    if thread.is_locked and not can(user, "reply_thread", thread):
        raise ActionRefused(_("This thread is locked: a moderator has closed it to new replies."))
    if not can(user, "reply_thread", thread):
        if thread.network_id is not None:
            raise ActionRefused(_("Only members of %(title)s can reply here. Join the network to take part.") % {"title": thread.network.title})
        raise ActionRefused(_("You cannot reply in this dialogue."))
    if official and not can(user, "post_official_response", thread):
        raise ActionRefused(_("Only policy commission members can post an official response."))
    body = clean_body(body)
    if parent is None:
        parent = thread.posts.filter(parent__isnull=True).order_by("id").first()
    elif parent.thread_id != thread.pk:
        raise ActionRefused(_("That post is not in this thread; reply to the thread instead."))
    if parent is not None and parent.is_deleted:
        raise ActionRefused(_("The post you are replying to has been deleted. You can reply to the thread instead."))
    if parent is not None and parent.is_hidden:
        raise ActionRefused(_("The post you are replying to has been hidden by a moderator. You can reply to the thread instead."))
    if rate_limited:
        check_rate(user)
    held = ""
    if not official and notify_followers:
        held = hold_reason(user, thread.network, body)
    else:
        refuse_blocked_words(body)
    with transaction.atomic():
        if held:
            return hold(user, thread.network, thread=thread, parent=parent, body=body, reason=held)
        post = add_reply(thread, user, body, parent, official)
        announce_reply(user, post, parent, notify_followers=notify_followers)
    return post


def announce_reply(user, post: Post, parent: Post | None, *, notify_followers: bool = True) -> None:
    """Tell, once each: members @mentioned, the author of the post answered, and the thread's followers."""
    thread = post.thread
    official = post.is_official
    told = _notify_mentions(post, user)
    if not notify_followers:
        return
    name = member_label(user)
    url = post.get_absolute_url()
    excerpt = plain_excerpt(post.body)
    if parent is not None and parent.author_id and parent.author_id not in told and parent.author_id != user.pk:
        notify(
            not_muted(_readers([parent.author], thread), thread.network_id),
            kind="official_response" if official else "reply",
            title=f"{name} {'gave an official response to' if official else 'replied to'} your post in “{thread.title}”",
            url=url,
            actor=user,
            text=excerpt,
            thread=thread,
        )
        told.add(parent.author_id)
    followers = get_user_model().objects.filter(thread_follows__thread=thread)
    if thread.network_id is not None:
        # Members at "every post" hear of every reply in the network, followed or not.
        followers = get_user_model().objects.filter(
            Q(thread_follows__thread=thread)
            | Q(network_follows__network_id=thread.network_id, network_follows__level=Level.ALL)
        ).distinct()
    notify(
        not_muted(_readers(followers.exclude(pk__in=told | {user.pk}), thread), thread.network_id),
        kind="official_response" if official else "followed_thread",
        title=f"{name} {'posted an official response in' if official else 'replied in'} “{thread.title}”",
        url=url,
        actor=user,
        text=excerpt,
        thread=thread,
    )

def add_reply(thread: Thread, user, body: str, parent: Post | None, official: bool) -> Post:
    """Write a validated reply and keep the thread's counters, the author's follow and read state right."""
    post = _create_post(thread, user, body, parent=parent, official=official)
    updates = {"reply_count": F("reply_count") + 1, "last_activity_at": post.created_at, "last_post_id": post.pk}
    if official:
        updates["has_official_response"] = True
    with caching.changing(*scopes.of_thread(thread)):
        Thread.objects.filter(pk=thread.pk).update(**updates)
    thread.refresh_from_db(fields=["reply_count", "last_activity_at", "last_post_id", "has_official_response"])
    ThreadFollow.objects.get_or_create(user=user, thread=thread)
    ThreadVisit.objects.update_or_create(user=user, thread=thread, defaults={"last_seen_post_id": post.pk})
    return post

def _notify_mentions(post: Post, actor) -> set[int]:
    """Notify members @mentioned in a post who can read it; returns their ids."""
    usernames = sorted(mentioned_usernames(post.body))[:MAX_MENTIONS]
    if not usernames:
        return set()
    users = list(get_user_model().objects.filter(username__in=usernames, is_active=True).exclude(pk=actor.pk))
    readers = not_muted(_readers(users, post.thread), post.thread.network_id)
    notify(
        readers,
        kind="mention",
        title=f"{member_label(actor)} mentioned you in “{post.thread.title}”",
        url=post.get_absolute_url(),
        actor=actor,
        text=plain_excerpt(post.body),
        thread=post.thread,
    )
    return {user.pk for user in readers}

def _readers(users, thread: Thread) -> list:
    """Those of `users` who may read the thread: one query for a network's thread, whatever the number of users."""
    users = list(users)
    if not users:
        return []
    if thread.network_id is not None:
        if can(None, "view_network", thread.network):
            return users  # a network even visitors may read: everyone may
        readers = who_may("view_network", thread.network).filter(pk__in=[u.pk for u in users])
        allowed = set(readers.values_list("pk", flat=True))
        return [u for u in users if u.pk in allowed]
    return [u for u in users if can(u, "view_thread", thread)]


def edit_post(user, post: Post, *, body: str) -> Post:
    """Replace a post's text, keeping the old text in its history."""
    if not can(user, "edit_post", post):
        if post.thread.is_locked:
            raise ActionRefused(_("This thread is locked, so its posts can no longer be edited."))
        raise ActionRefused(_("You can only edit your own posts that are still shown."))
    body = clean_body(body)
    if body == post.body:
        return post
    refuse_blocked_words(body)
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, written_at=post.edited_at or post.created_at, replaced_by=user
        )
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
    return post

def edit_thread_title(user, thread: Thread, *, title: str, tags: Iterable[str] | None = None) -> Thread:
    """The author (or a moderator) retitles or retags their thread."""
    opening = thread.posts.filter(parent__isnull=True).first()
    if not (opening and can(user, "edit_post", opening)) and not can(user, "moderate_thread", thread):
        raise ActionRefused(_("Only the thread's author or a moderator can change its title."))
    title = clean_title(title)
    cleaned_tags = clean_tags(tags) if tags is not None else None
    with transaction.atomic():
        thread.title = title
        thread.save(update_fields=["title"])
        if cleaned_tags is not None and thread.network_id:
            thread.tags.set(cleaned_tags)
            index.insert_or_update_object(thread)
    return thread

def delete_post(user, post: Post) -> Post:
    """Leave a "[deleted]" placeholder so the replies keep their place; the text stays in the history."""
    if not can(user, "delete_post", post):
        raise ActionRefused(_("You can only delete your own posts."))
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, written_at=post.edited_at or post.created_at, replaced_by=user
        )
        was_shown = not post.is_hidden and not post.is_opening
        post.is_deleted = True
        post.body = ""
        post.save(update_fields=["is_deleted", "body"])
        withdraw_excerpts(post)
        if was_shown:
            with caching.changing(*scopes.of_thread(post.thread)):
                Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if post.is_official:
            refresh_official(post.thread)
    return post

def withdraw_excerpts(post: Post) -> None:
    """Blank the excerpt of the post that earlier notifications quote, on the site and in digests to come.

    A hidden or deleted post's words must not live on in members' notification
    lists; the notification itself (who replied where) stays.
    """
    about_post = Q(url=post.get_absolute_url())
    if post.is_opening:
        about_post |= Q(url=post.thread.get_absolute_url(), kind="new_thread")
    Notification.objects.filter(about_post).exclude(kind="moderation").exclude(text="").update(text="")

def refresh_official(thread: Thread) -> None:
    has = thread.posts.filter(is_official=True, is_deleted=False, is_hidden=False).exists()
    with caching.changing(*scopes.of_thread(thread)):
        Thread.objects.filter(pk=thread.pk).update(has_official_response=has)
    thread.has_official_response = has
