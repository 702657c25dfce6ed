"""Discussions' part in a suspension (networks.suspensions): the log, and the member's posts hidden and restored.

A suspension is site-wide, so its start and end are written in the moderation log
of every network the member belongs to, where that network's moderators read it
(one site-wide entry, with no network, for a member of none); staff's decision
not to suspend is written in the log of the network whose moderator asked.

Hiding for a suspension hides every post the member wrote that is still shown,
in one step, each with a log entry naming the suspension; restoring shows
again exactly those (a post a moderator hid for its own reasons stays hidden).
Their open reports stay in the queue: the posts are hidden pending review.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from discussions import scopes
from discussions.actions.posting import refresh_official, withdraw_excerpts
from discussions.models import ModerationLogEntry, Post, Thread
from networks import caching
from networks.actions import ActionRefused, member_label
from networks.actions.suspensions import describe_end, request_suspension
from networks.models import NetworkMembership
from networks.permissions import can

Log = ModerationLogEntry.Action


def _marker(suspension) -> str:
    return f"suspension {suspension.pk}"


def _log_in_members_networks(member, **entry) -> None:
    networks = list(NetworkMembership.objects.filter(user=member).values_list("network_id", flat=True).distinct()) or [None]
    ModerationLogEntry.objects.bulk_create(ModerationLogEntry(network_id=network_id, **entry) for network_id in networks)


def log_suspension(suspension) -> None:
    _log_in_members_networks(
        suspension.member,
        actor=suspension.suspended_by,
        action=Log.SUSPEND,
        reason=suspension.reason,
        detail=f"{member_label(suspension.member)}, {describe_end(suspension)} ({_marker(suspension)})"[:300],
    )


def log_lift(suspension) -> None:
    _log_in_members_networks(
        suspension.member,
        actor=suspension.lifted_by,
        action=Log.LIFT,
        reason=suspension.lift_reason,
        detail=f"{member_label(suspension.member)} ({_marker(suspension)})"[:300],
    )


def log_dismissal(request) -> None:
    ModerationLogEntry.objects.create(
        network=request.network, actor=request.decided_by, action=Log.DISMISS, reason=request.reason,
        detail=member_label(request.member)[:300],
    )


def hide_posts_of(suspension, actor) -> int:
    posts = list(
        Post.objects.filter(author=suspension.member, is_hidden=False, is_deleted=False).select_related("thread")
    )
    reason = _("Hidden pending review: the author's account is suspended.")
    for post in posts:
        with caching.changing(*scopes.of_post(post)):
            Post.objects.filter(pk=post.pk).update(is_hidden=True)
            post.is_hidden = True
            withdraw_excerpts(post)
            if not post.is_opening:
                Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if post.is_official:
            refresh_official(post.thread)
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(
            network_id=post.thread.network_id, thread=post.thread, post=post, actor=actor, action=Log.HIDE,
            reason=reason, detail=_marker(suspension),
        )
        for post in posts
    )
    return len(posts)


def restore_posts_of(suspension, actor) -> int:
    hidden_for_it = ModerationLogEntry.objects.filter(action=Log.HIDE, detail=_marker(suspension)).values("post_id")
    posts = list(
        Post.objects.filter(author=suspension.member, is_hidden=True, pk__in=hidden_for_it).select_related("thread")
    )
    reason = _("Shown again after review of the author's suspension.")
    for post in posts:
        with caching.changing(*scopes.of_post(post)):
            Post.objects.filter(pk=post.pk).update(is_hidden=False)
            if not post.is_opening and not post.is_deleted:
                Thread.objects.filter(pk=post.thread_id).update(reply_count=F("reply_count") + 1)
        if post.is_official:
            refresh_official(post.thread)
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(
            network_id=post.thread.network_id, thread=post.thread, post=post, actor=actor, action=Log.UNHIDE,
            reason=reason, detail=_marker(suspension),
        )
        for post in posts
    )
    return len(posts)


def ask_staff_to_suspend(moderator, post: Post, *, reason: str):
    """From the flag queue: ask staff to suspend the author of a reported post; logged in the network's log."""
    network = post.thread.network
    if network is None or not can(moderator, "request_suspension", network):
        raise ActionRefused(_("Only this network's moderators can ask staff to suspend a member."))
    if post.author is None:
        raise ActionRefused(_("This post's author has deleted their account."))
    request = request_suspension(moderator, post.author, network, reason=reason)
    ModerationLogEntry.objects.create(
        network=network, thread=post.thread, post=post, actor=moderator, action=Log.REQUEST,
        reason=request.reason, detail=member_label(post.author)[:300],
    )
    return request
