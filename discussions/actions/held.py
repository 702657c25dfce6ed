"""Moderators decide on held posts: approving publishes it as its author wrote it; rejecting tells the author, with their text."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.actions.posting import add_reply, announce_reply, announce_thread, open_thread
from discussions.models import HeldPost, ModerationLogEntry
from discussions.notifications import notify
from networks.actions import ActionRefused
from networks.permissions import can

Log = ModerationLogEntry.Action


def _check(user, held: HeldPost) -> None:
    if not can(user, "moderate_discussions", held.network):
        raise ActionRefused(_("Only this network's moderators and editors can do that."))
    if held.decided_at is not None:
        raise ActionRefused(_("Another moderator has already decided on this post."))


def approve_held(user, held: HeldPost):
    """Publish a held post as its author wrote it, then send the notifications it would have sent."""
    _check(user, held)
    author = held.author
    with transaction.atomic():
        held = HeldPost.objects.select_for_update().get(pk=held.pk)
        if held.decided_at is not None:
            raise ActionRefused(_("Another moderator has already decided on this post."))
        if held.is_thread:
            tags = [tag.strip() for tag in held.tags.split(",") if tag.strip()]
            thread = open_thread(author, held.network, held.title, held.body, tags)
            post = thread.posts.get()
            announce_thread(author, thread)
        else:
            thread = held.thread
            parent = held.parent
            if parent is not None and not parent.is_visible_text:
                parent = None
            if parent is None:
                parent = thread.posts.filter(parent__isnull=True).order_by("id").first()
            post = add_reply(thread, author, held.body, parent, False)
            announce_reply(author, post, parent)
        held.decided_at, held.decided_by, held.outcome, held.post = timezone.now(), user, HeldPost.Outcome.APPROVED, post
        held.save(update_fields=["decided_at", "decided_by", "outcome", "post"])
        ModerationLogEntry.objects.create(
            network=held.network, thread=thread, post=post, actor=user, action=Log.APPROVE, reason=held.reason
        )
        notify(
            [author],
            kind="moderation",
            title=_("Your post in “%(thread)s” is published") % {"thread": thread.title},
            url=post.get_absolute_url(),
            actor=user,
            thread=thread,
        )
    return post


def reject_held(user, held: HeldPost, *, reason: str) -> HeldPost:
    """Leave a held post unpublished; the author is told why, and gets their text back in the notification."""
    _check(user, held)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Please give a reason: the author is told it, and it is recorded in the moderation log."))
    if len(reason) > 1000:
        raise ActionRefused(_("Please keep the reason under 1,000 characters."))
    where = held.title or held.thread.title
    with transaction.atomic():
        held.decided_at, held.decided_by, held.outcome, held.note = timezone.now(), user, HeldPost.Outcome.REJECTED, reason
        held.save(update_fields=["decided_at", "decided_by", "outcome", "note"])
        ModerationLogEntry.objects.create(
            network=held.network, thread=held.thread, actor=user, action=Log.REJECT, reason=reason, detail=where[:300]
        )
        notify(
            [held.author],
            kind="moderation",
            title=_("A moderator did not publish your post “%(where)s”") % {"where": where},
            url=held.get_absolute_url(),
            actor=user,
            text=_("Their reason: %(reason)s\n\nYour text, so nothing is lost:\n%(body)s") % {"reason": reason, "body": held.body},
        )
    return held
