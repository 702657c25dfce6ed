"""What moderators do: hide and unhide posts, lock, pin and move threads, and keep reported posts; each step logged."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussions import scopes
from discussions.actions.posting import refresh_official, withdraw_excerpts
from discussions.models import (
    Flag,
    ModerationLogEntry,
    Post,
    Thread,
)
from discussions.notifications import notify
from discussions.selectors import participants_losing_access
from networks import caching
from networks.actions import ActionRefused, member_label
from networks.languages import lazy_percent
from networks.models import NetworkPage
from networks.permissions import can

Log = ModerationLogEntry.Action

def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Please give a reason: it is recorded in the moderation log."))
    if len(reason) > 1000:
        raise ActionRefused(_("Please keep the reason under 1,000 characters."))
    return reason

def _log(actor, action: str, reason: str, *, thread: Thread, post: Post | None = None, detail: str = "") -> None:
    ModerationLogEntry.objects.create(
        network_id=thread.network_id, thread=thread, post=post, actor=actor, action=action, reason=reason, detail=detail
    )

def _moderator_check(user, thread: Thread) -> None:
    if not can(user, "moderate_thread", thread):
        raise ActionRefused(_("Only this network's moderators and editors can do that."))

def hide_post(user, post: Post, *, reason: str) -> Post:
    """Hide a post from everyone but moderators; resolves its open flags and tells the reporters."""
    thread = post.thread
    _moderator_check(user, thread)
    reason = _require_reason(reason)
    if post.is_hidden:
        raise ActionRefused(_("That post is already hidden."))
    if post.is_deleted:
        raise ActionRefused(_("That post has been deleted by its author."))
    with transaction.atomic():
        post.is_hidden = True
        post.save(update_fields=["is_hidden"])
        withdraw_excerpts(post)
        if not post.is_opening:
            with caching.changing(*scopes.of_thread(thread)):
                Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if post.is_official:
            refresh_official(thread)
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
        raise ActionRefused(_("That post is not hidden."))
    with transaction.atomic():
        post.is_hidden = False
        post.save(update_fields=["is_hidden"])
        if not post.is_opening and not post.is_deleted:
            with caching.changing(*scopes.of_thread(thread)):
                Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1)
        if post.is_official:
            refresh_official(thread)
        _log(user, Log.UNHIDE, reason, thread=thread, post=post)
        # Those whose report led to the hiding hear that the post is back, and why.
        reporters = [
            flag.reporter
            for flag in post.flags.filter(outcome=Flag.Outcome.HIDDEN).select_related("reporter")
        ]
        notify(
            reporters,
            kind="flag_resolved",
            title=lazy_percent(
                gettext_lazy("A moderator has shown again the post you reported in “%(thread)s”"), {"thread": thread.title}
            ),
            url=post.get_absolute_url(),
            actor=user,
            text=lazy_percent(gettext_lazy("The moderator's note: %(reason)s"), {"reason": reason}),
        )
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
        raise ActionRefused(_("The thread is already %(states_0__if_value_else_states_1)s.") % {"states_0__if_value_else_states_1": states[0] if value else states[1]})
    with transaction.atomic():
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        _log(user, log, reason, thread=thread)
    return thread

class WouldLockOut(ActionRefused):
    """Moving the thread would take it away from people who took part in it; the moderator must say they mean it."""

    def __init__(self, destination: NetworkPage, members: list):
        self.members = members
        names = [member_label(user) for user in members]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        super().__init__(
            _(
                "%(network)s is members-only and %(count)s who took part in this thread cannot read it there: "
                "%(names)s. Tick “Move it anyway” to move it, and they will be told."
            )
            % {"network": destination.title, "count": _count_people(len(names)), "names": shown}
        )


def _count_people(count: int) -> str:
    return _("1 person") if count == 1 else _("%(count)s people") % {"count": count}


def move_thread(user, thread: Thread, destination: NetworkPage, *, reason: str, lockout_confirmed: bool = False) -> Thread:
    """Move a thread to another network the moderator also moderates; both networks' logs record it.

    Moving into a members-only network can lock out the author and others who
    posted in or follow the thread: the moderator is refused until they confirm
    (`lockout_confirmed`). The author is told of the move, and everyone locked
    out is told why they can no longer read it and where to ask to join.
    """
    _moderator_check(user, thread)
    if thread.network_id is None:
        raise ActionRefused(_("A submission's dialogue cannot be moved to a network."))
    if not can(user, "moderate_discussions", destination):
        raise ActionRefused(_("You can only move threads to networks you moderate; you do not moderate %(title)s.") % {"title": destination.title})
    if destination.pk == thread.network_id:
        raise ActionRefused(_("The thread is already in %(title)s.") % {"title": destination.title})
    reason = _require_reason(reason)
    locked_out = participants_losing_access(thread, destination)
    if locked_out and not lockout_confirmed:
        raise WouldLockOut(destination, locked_out)
    source = thread.network
    with transaction.atomic():
        thread.network = destination
        thread.save(update_fields=["network"])
        with caching.changing(scopes.discussion(source.pk)):  # the list the thread left (its posts are kept by network)
            Post.objects.filter(thread=thread).update(network=destination)
        detail = f"From {source.title} to {destination.title}"
        if locked_out:
            detail += f"; {_count_people(len(locked_out))} who took part lost access"
        _log(user, Log.MOVE, reason, thread=thread, detail=detail[:300])
        ModerationLogEntry.objects.create(
            network=source, thread=thread, actor=user, action=Log.MOVE, reason=reason, detail=detail[:300]
        )
        lost = {member.pk for member in locked_out}
        if thread.author_id and thread.author_id not in lost:
            notify(
                [thread.author],
                kind="moderation",
                title=_("A moderator moved your thread “%(thread)s” from %(source)s to %(destination)s")
                % {"thread": thread.title, "source": source.title, "destination": destination.title},
                url=thread.get_absolute_url(),
                actor=user,
                text=_("Reason: %(reason)s") % {"reason": reason},
            )
        if locked_out:
            notify(
                locked_out,
                kind="moderation",
                title=_("A moderator moved “%(thread)s” to %(destination)s, a members-only network you are not in")
                % {"thread": thread.title, "destination": destination.title},
                url=destination.url,
                actor=user,
                text=_("Reason: %(reason)s. Ask to join %(destination)s to read and reply to it again.")
                % {"reason": reason.rstrip("."), "destination": destination.title},
            )
    return thread


def _close_flags(user, post: Post, outcome: str, note: str) -> int:
    """Resolve every open flag on the post and tell each reporter the outcome."""
    flags = list(post.flags.filter(resolved_at__isnull=True).select_related("reporter"))
    if not flags:
        return 0
    now = timezone.now()
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(resolved_at=now, resolved_by=user, outcome=outcome, note=note)
    title = (
        gettext_lazy("A moderator looked at your report in “%(thread)s” and hid the post")
        if outcome == Flag.Outcome.HIDDEN
        else gettext_lazy("A moderator looked at your report in “%(thread)s” and kept the post")
    )
    notify(
        [flag.reporter for flag in flags],
        kind="flag_resolved",
        title=lazy_percent(title, {"thread": post.thread.title}),
        url=post.get_absolute_url(),
        actor=user,
        text=lazy_percent(gettext_lazy("The moderator's note: %(reason)s"), {"reason": note}),
    )
    return len(flags)

def keep_post(user, post: Post, *, reason: str) -> int:
    """Dismiss the flags on a post that breaks no rule; the reporters are told. Returns flags resolved."""
    _moderator_check(user, post.thread)
    reason = _require_reason(reason)
    with transaction.atomic():
        closed = _close_flags(user, post, Flag.Outcome.KEPT, reason)
        if not closed:
            raise ActionRefused(_("There are no open reports on that post."))
        _log(user, Log.KEEP, reason, thread=post.thread, post=post)
    return closed
