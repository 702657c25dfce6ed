"""Everything that changes a discussion, one function per event.

Each action asks `networks.permissions.can`, validates, writes in a
transaction, records moderation in the log and notifies through
`discussions.notifications.notify` (whose emails leave after commit). Views,
the admin, the demo loader and other concerns (a submission's dialogue) call
these; none repeats their rules. A refusal is `ActionRefused(message)`, shown
to the member as it is; the form they typed in comes back intact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.search import index

from discussions.models import (
    Flag,
    ModerationLogEntry,
    NetworkFollow,
    Notification,
    Post,
    PostRevision,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from discussions.notifications import notify
from discussions.text import mentioned_usernames, plain_excerpt
from networks.actions import ActionRefused, member_label
from networks.models import CommissionMembership, NetworkMembership, NetworkPage
from networks.permissions import can, is_staff

Log = ModerationLogEntry.Action


def max_post_length() -> int:
    return getattr(settings, "DISCUSSIONS_MAX_POST_LENGTH", 20_000)


def max_tags() -> int:
    return getattr(settings, "DISCUSSIONS_MAX_TAGS", 5)


def rate_limit() -> tuple[int, int]:
    """(posts, seconds): how many posts a member may make in a window. Staff are not limited."""
    return (
        getattr(settings, "DISCUSSIONS_RATE_LIMIT_POSTS", 10),
        getattr(settings, "DISCUSSIONS_RATE_LIMIT_SECONDS", 300),
    )


MAX_TITLE_LENGTH = 200
MIN_TITLE_LENGTH = 5
MAX_TAG_LENGTH = 40
MAX_MENTIONS = 10


# Validation -----------------------------------------------------------------


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionRefused("Please write something before posting.")
    limit = max_post_length()
    if len(body) > limit:
        raise ActionRefused(
            f"Posts can be at most {limit:,} characters; yours has {len(body):,}. Please shorten it or split it in two."
        )
    return body


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < MIN_TITLE_LENGTH:
        raise ActionRefused(f"Please give the thread a title of at least {MIN_TITLE_LENGTH} characters.")
    if len(title) > MAX_TITLE_LENGTH:
        raise ActionRefused(f"Titles can be at most {MAX_TITLE_LENGTH} characters; yours has {len(title)}.")
    return title


def clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).strip(" ,")
        if tag and tag.lower() not in {t.lower() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > max_tags():
        raise ActionRefused(f"Use at most {max_tags()} tags; you gave {len(cleaned)}.")
    for tag in cleaned:
        if len(tag) > MAX_TAG_LENGTH:
            raise ActionRefused(f"Tags can be at most {MAX_TAG_LENGTH} characters: “{tag[:MAX_TAG_LENGTH]}…” is too long.")
    return cleaned


def check_rate(user) -> None:
    """Refuse a post beyond the member's allowance, saying when they can post again."""
    if is_staff(user):
        return
    limit, seconds = rate_limit()
    since = timezone.now() - timedelta(seconds=seconds)
    recent = list(
        Post.objects.filter(author=user, created_at__gte=since).order_by("-created_at").values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        wait = max(1, int((recent[-1] + timedelta(seconds=seconds) - timezone.now()).total_seconds()))
        minutes = (wait + 59) // 60
        raise ActionRefused(
            f"You have posted {limit} times in the last {seconds // 60} minutes, which is the limit. "
            f"Please wait {minutes} minute{'s' if minutes != 1 else ''} before posting again; your text is kept below."
        )


# Writing --------------------------------------------------------------------


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
    Post.objects.filter(pk=post.pk).update(path=post.path)
    return post


def start_thread(user, network: NetworkPage, *, title: str, body: str, tags: Iterable[str] = ()) -> Thread:
    """Open a thread in a network; its author follows it, and the network's followers hear of it."""
    if not user.is_authenticated:
        raise ActionRefused("Please sign in to start a thread.")
    if not can(user, "start_thread", network):
        raise ActionRefused(f"Only members of {network.title} can start threads there. Join the network to take part.")
    title, body, tags = clean_title(title), clean_body(body), clean_tags(tags)
    check_rate(user)
    with transaction.atomic():
        thread = _open_thread(user, network, title, body, tags)
        told = _notify_mentions(thread.posts.get(), user)
        followers = get_user_model().objects.filter(network_follows__network=network).exclude(pk__in=told)
        notify(
            _readers(followers, thread),
            kind="new_thread",
            title=f"{member_label(user)} started “{title}” in {network.title}",
            url=thread.get_absolute_url(),
            actor=user,
            text=plain_excerpt(body),
        )
    return thread


def start_dialogue_thread(user, *, title: str, body: str) -> Thread:
    """Open a thread with no network, for a submission's dialogue with a commission.

    The caller (the submission action) has already checked that `user` may do
    so; this validates the text and opens the thread, which its author follows.
    """
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        return _open_thread(user, None, title, body, [])


def _open_thread(user, network, title: str, body: str, tags: list[str]) -> Thread:
    now = timezone.now()
    thread = Thread.objects.create(network=network, title=title, author=user, created_at=now, last_activity_at=now)
    if tags:
        thread.tags.set(tags)
        index.insert_or_update_object(thread)  # the save above indexed it before it had tags
    post = _create_post(thread, user, body)
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
        raise ActionRefused("Please sign in to reply.")
    if thread.is_locked and not can(user, "reply_thread", thread):
        raise ActionRefused("This thread is locked: a moderator has closed it to new replies.")
    if not can(user, "reply_thread", thread):
        if thread.network_id is not None:
            raise ActionRefused(f"Only members of {thread.network.title} can reply here. Join the network to take part.")
        raise ActionRefused("You cannot reply in this dialogue.")
    if official and not can(user, "post_official_response", thread):
        raise ActionRefused("Only policy commission members can post an official response.")
    body = clean_body(body)
    if parent is None:
        parent = thread.posts.filter(parent__isnull=True).order_by("id").first()
    elif parent.thread_id != thread.pk:
        raise ActionRefused("That post is not in this thread; reply to the thread instead.")
    if parent is not None and parent.is_deleted:
        raise ActionRefused("The post you are replying to has been deleted. You can reply to the thread instead.")
    if parent is not None and parent.is_hidden:
        raise ActionRefused("The post you are replying to has been hidden by a moderator. You can reply to the thread instead.")
    if rate_limited:
        check_rate(user)
    with transaction.atomic():
        post = _add_reply(thread, user, body, parent, official)
        told = _notify_mentions(post, user)
        if not notify_followers:
            return post
        name = member_label(user)
        url = post.get_absolute_url()
        excerpt = plain_excerpt(body)
        if parent is not None and parent.author_id and parent.author_id not in told and parent.author_id != user.pk:
            notify(
                _readers([parent.author], thread),
                kind="official_response" if official else "reply",
                title=f"{name} {'gave an official response to' if official else 'replied to'} your post in “{thread.title}”",
                url=url,
                actor=user,
                text=excerpt,
            )
            told.add(parent.author_id)
        followers = get_user_model().objects.filter(thread_follows__thread=thread).exclude(pk__in=told | {user.pk})
        notify(
            _readers(followers, thread),
            kind="official_response" if official else "followed_thread",
            title=f"{name} {'posted an official response in' if official else 'replied in'} “{thread.title}”",
            url=url,
            actor=user,
            text=excerpt,
        )
    return post


def _add_reply(thread: Thread, user, body: str, parent: Post | None, official: bool) -> Post:
    """Write a validated reply and keep the thread's counters, the author's follow and read state right."""
    post = _create_post(thread, user, body, parent=parent, official=official)
    updates = {"reply_count": F("reply_count") + 1, "last_activity_at": post.created_at, "last_post_id": post.pk}
    if official:
        updates["has_official_response"] = True
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
    readers = _readers(users, post.thread)
    notify(
        readers,
        kind="mention",
        title=f"{member_label(actor)} mentioned you in “{post.thread.title}”",
        url=post.get_absolute_url(),
        actor=actor,
        text=plain_excerpt(post.body),
    )
    return {user.pk for user in readers}


def _readers(users, thread: Thread) -> list:
    """Those of `users` who may read the thread, without asking per user in the common cases."""
    users = list(users)
    if not users:
        return []
    network = thread.network
    if network is not None and not network.is_members_only:
        return users
    if network is not None:
        ids = [u.pk for u in users]
        allowed = set(
            NetworkMembership.objects.filter(
                network=network, user_id__in=ids, status=NetworkMembership.Status.ACTIVE
            ).values_list("user_id", flat=True)
        )
        allowed |= set(CommissionMembership.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
        return [u for u in users if u.pk in allowed or u.is_staff or u.is_superuser]
    return [u for u in users if can(u, "view_thread", thread)]


def edit_post(user, post: Post, *, body: str) -> Post:
    """Replace a post's text, keeping the old text in its history."""
    if not can(user, "edit_post", post):
        if post.thread.is_locked:
            raise ActionRefused("This thread is locked, so its posts can no longer be edited.")
        raise ActionRefused("You can only edit your own posts that are still shown.")
    body = clean_body(body)
    if body == post.body:
        return post
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
        raise ActionRefused("Only the thread's author or a moderator can change its title.")
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
        raise ActionRefused("You can only delete your own posts.")
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, written_at=post.edited_at or post.created_at, replaced_by=user
        )
        was_shown = not post.is_hidden and not post.is_opening
        post.is_deleted = True
        post.body = ""
        post.save(update_fields=["is_deleted", "body"])
        _withdraw_excerpts(post)
        if was_shown:
            Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if post.is_official:
            _refresh_official(post.thread)
    return post


def _withdraw_excerpts(post: Post) -> None:
    """Blank the excerpt of the post that earlier notifications quote, on the site and in digests to come.

    A hidden or deleted post's words must not live on in members' notification
    lists; the notification itself (who replied where) stays.
    """
    about_post = Q(url=post.get_absolute_url())
    if post.is_opening:
        about_post |= Q(url=post.thread.get_absolute_url(), kind="new_thread")
    Notification.objects.filter(about_post).exclude(kind="moderation").exclude(text="").update(text="")


def _refresh_official(thread: Thread) -> None:
    has = thread.posts.filter(is_official=True, is_deleted=False, is_hidden=False).exists()
    Thread.objects.filter(pk=thread.pk).update(has_official_response=has)
    thread.has_official_response = has


# Moderation -----------------------------------------------------------------


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Please give a reason: it is recorded in the moderation log.")
    if len(reason) > 1000:
        raise ActionRefused("Please keep the reason under 1,000 characters.")
    return reason


def _log(actor, action: str, reason: str, *, thread: Thread, post: Post | None = None, detail: str = "") -> None:
    ModerationLogEntry.objects.create(
        network_id=thread.network_id, thread=thread, post=post, actor=actor, action=action, reason=reason, detail=detail
    )


def _moderator_check(user, thread: Thread) -> None:
    if not can(user, "moderate_thread", thread):
        raise ActionRefused("Only this network's moderators and editors can do that.")


def hide_post(user, post: Post, *, reason: str) -> Post:
    """Hide a post from everyone but moderators; resolves its open flags and tells the reporters."""
    thread = post.thread
    _moderator_check(user, thread)
    reason = _require_reason(reason)
    if post.is_hidden:
        raise ActionRefused("That post is already hidden.")
    if post.is_deleted:
        raise ActionRefused("That post has been deleted by its author.")
    with transaction.atomic():
        post.is_hidden = True
        post.save(update_fields=["is_hidden"])
        _withdraw_excerpts(post)
        if not post.is_opening:
            Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if post.is_official:
            _refresh_official(thread)
        _log(user, Log.HIDE, reason, thread=thread, post=post)
        _close_flags(user, post, Flag.Outcome.HIDDEN, reason)
        if post.author_id:
            notify(
                [post.author],
                kind="moderation",
                title=f"A moderator hid your post in “{thread.title}”",
                url=post.get_absolute_url(),
                actor=user,
                text=f"Reason: {reason}",
            )
    return post


def unhide_post(user, post: Post, *, reason: str) -> Post:
    thread = post.thread
    _moderator_check(user, thread)
    reason = _require_reason(reason)
    if not post.is_hidden:
        raise ActionRefused("That post is not hidden.")
    with transaction.atomic():
        post.is_hidden = False
        post.save(update_fields=["is_hidden"])
        if not post.is_opening and not post.is_deleted:
            Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1)
        if post.is_official:
            _refresh_official(thread)
        _log(user, Log.UNHIDE, reason, thread=thread, post=post)
    return post


def set_locked(user, thread: Thread, locked: bool, *, reason: str) -> Thread:
    """Close a thread to replies (and edits), or open it again."""
    states = ("locked", "open")
    return _set_state(user, thread, "is_locked", locked, reason, Log.LOCK if locked else Log.UNLOCK, states)


def set_pinned(user, thread: Thread, pinned: bool, *, reason: str) -> Thread:
    """Keep a thread at the top of its network's list, or let it sort with the rest."""
    states = ("pinned", "unpinned")
    return _set_state(user, thread, "is_pinned", pinned, reason, Log.PIN if pinned else Log.UNPIN, states)


def _set_state(user, thread: Thread, field: str, value: bool, reason: str, log: str, states: tuple[str, str]) -> Thread:
    _moderator_check(user, thread)
    reason = _require_reason(reason)
    if getattr(thread, field) == value:
        raise ActionRefused(f"The thread is already {states[0] if value else states[1]}.")
    with transaction.atomic():
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        _log(user, log, reason, thread=thread)
    return thread


def move_thread(user, thread: Thread, destination: NetworkPage, *, reason: str) -> Thread:
    """Move a thread to another network the moderator also moderates; both networks' logs record it."""
    _moderator_check(user, thread)
    if thread.network_id is None:
        raise ActionRefused("A submission's dialogue cannot be moved to a network.")
    if not can(user, "moderate_discussions", destination):
        raise ActionRefused(f"You can only move threads to networks you moderate; you do not moderate {destination.title}.")
    if destination.pk == thread.network_id:
        raise ActionRefused(f"The thread is already in {destination.title}.")
    reason = _require_reason(reason)
    source = thread.network
    with transaction.atomic():
        thread.network = destination
        thread.save(update_fields=["network"])
        Post.objects.filter(thread=thread).update(network=destination)
        detail = f"From {source.title} to {destination.title}"
        _log(user, Log.MOVE, reason, thread=thread, detail=detail)
        ModerationLogEntry.objects.create(
            network=source, thread=thread, actor=user, action=Log.MOVE, reason=reason, detail=detail
        )
    return thread


# Flags ----------------------------------------------------------------------


def flag_post(user, post: Post, *, reason: str, detail: str = "") -> Flag:
    if not can(user, "flag_post", post):
        if post.author_id == user.pk:
            raise ActionRefused("You cannot report your own post; you can edit or delete it instead.")
        raise ActionRefused("You cannot report this post.")
    if reason not in Flag.Reason.values:
        raise ActionRefused("Please choose a reason from the list.")
    detail = (detail or "").strip()
    if reason == Flag.Reason.OTHER and not detail:
        raise ActionRefused("Please tell the moderators what is wrong with the post.")
    if len(detail) > 2000:
        raise ActionRefused("Please keep your report under 2,000 characters.")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, reporter=user, reason=reason, detail=detail)
    except IntegrityError:
        raise ActionRefused("You have already reported this post; a moderator will look at it.") from None
    return flag


def _close_flags(user, post: Post, outcome: str, note: str) -> int:
    """Resolve every open flag on the post and tell each reporter the outcome."""
    flags = list(post.flags.filter(resolved_at__isnull=True).select_related("reporter"))
    if not flags:
        return 0
    now = timezone.now()
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(resolved_at=now, resolved_by=user, outcome=outcome, note=note)
    verdict = "hid the post" if outcome == Flag.Outcome.HIDDEN else "kept the post"
    notify(
        [flag.reporter for flag in flags],
        kind="flag_resolved",
        title=f"A moderator looked at your report in “{post.thread.title}” and {verdict}",
        url=post.get_absolute_url(),
        actor=user,
        text=f"The moderator's note: {note}",
    )
    return len(flags)


def keep_post(user, post: Post, *, reason: str) -> int:
    """Dismiss the flags on a post that breaks no rule; the reporters are told. Returns flags resolved."""
    _moderator_check(user, post.thread)
    reason = _require_reason(reason)
    with transaction.atomic():
        closed = _close_flags(user, post, Flag.Outcome.KEPT, reason)
        if not closed:
            raise ActionRefused("There are no open reports on that post.")
        _log(user, Log.KEEP, reason, thread=post.thread, post=post)
    return closed


# Following and reading ------------------------------------------------------


def follow_thread(user, thread: Thread) -> None:
    if not can(user, "follow_thread", thread):
        raise ActionRefused("Sign in and open the thread to follow it.")
    ThreadFollow.objects.get_or_create(user=user, thread=thread)


def unfollow_thread(user, thread: Thread) -> None:
    ThreadFollow.objects.filter(user=user, thread=thread).delete()


def follow_network(user, network: NetworkPage) -> None:
    if not can(user, "follow_network", network):
        raise ActionRefused(f"You need to be able to read {network.title} to follow it.")
    NetworkFollow.objects.get_or_create(user=user, network=network)


def unfollow_network(user, network: NetworkPage) -> None:
    NetworkFollow.objects.filter(user=user, network=network).delete()


def mark_thread_seen(user, thread: Thread, shown: tuple[str, str] | None = None) -> int:
    """Record what the member has now seen of the thread; returns what they had seen before.

    Read state is a watermark: the post id up to which the member has seen
    everything. `shown` is the (first, last) path of the page shown. The
    watermark moves up to just below the oldest unread post that is not on
    that page, whether on a later page or an earlier one: a member arriving by
    permalink on page 3 has not read the new replies on page 1, and "jump to
    first unread" must still take them there. Posts of the page shown that are
    newer than such a post stay marked new until it is read; that errs on the
    side of showing a post twice rather than never. Without `shown` the whole thread counts as seen.
    """
    if not user.is_authenticated:
        return thread.last_post_id
    seen = ThreadVisit.objects.filter(user=user, thread=thread).values_list("last_seen_post_id", flat=True).first()
    visited, before = seen is not None, seen or 0
    if before >= thread.last_post_id:
        return before
    upto = thread.last_post_id
    if shown is not None:
        first_path, last_path = shown
        unread_elsewhere = (
            thread.posts.filter(Q(path__lt=first_path) | Q(path__gt=last_path), pk__gt=before)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if unread_elsewhere is not None:
            upto = unread_elsewhere - 1
    # One statement either way (no get-then-save race, no savepoint), so a page costs the same
    # number of queries whatever the thread's size.
    now = timezone.now()
    if visited:
        ThreadVisit.objects.filter(user=user, thread=thread, last_seen_post_id__lt=upto).update(
            last_seen_post_id=upto, visited_at=now
        )
    else:
        ThreadVisit.objects.bulk_create(
            [ThreadVisit(user=user, thread=thread, last_seen_post_id=upto, visited_at=now)], ignore_conflicts=True
        )
    return before


def first_unread_post(user, thread: Thread, visible: Q | None = None) -> Post | None:
    """The first post in reading order the member has not seen, among those they may see."""
    seen = ThreadVisit.objects.filter(user=user, thread=thread).values_list("last_seen_post_id", flat=True).first() or 0
    posts = thread.posts.filter(pk__gt=seen)
    if visible is not None:
        posts = posts.filter(visible)
    return posts.order_by("path").first()
