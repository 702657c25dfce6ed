"""What discussions hold about a member, for their data download and for deleting their account."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from discussions.models import (
    EmailPreference,
    Flag,
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
from networks.member_data import ERASED, KEPT_AS_FORMER_MEMBER, KEPT_FOR_THE_RECORD, identity_of


def export(user) -> dict[str, Any]:
    preference = EmailPreference.objects.filter(user=user).first()
    return {
        "threads_started": [
            {"thread": t.title, "network": t.network.title if t.network_id else None, "started_at": t.created_at.isoformat()}
            for t in Thread.objects.filter(author=user).select_related("network")
        ],
        "posts": [
            {"thread": p.thread.title, "text": p.body, "written_at": p.created_at.isoformat(), "hidden_by_a_moderator": p.is_hidden}
            for p in Post.objects.filter(author=user, is_deleted=False).select_related("thread")
        ],
        "earlier_texts_of_posts": [
            {"thread": r.post.thread.title, "text": r.body, "written_at": r.written_at.isoformat(), "replaced_at": r.replaced_at.isoformat()}
            for r in PostRevision.objects.filter(post__author=user).select_related("post__thread")
        ],
        "threads_followed": [
            {"thread": f.thread.title, "since": f.created_at.isoformat()}
            for f in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "networks_followed": [
            {"network": f.network.title, "notification_level": f.get_level_display(), "since": f.created_at.isoformat()}
            for f in NetworkFollow.objects.filter(user=user).select_related("network")
        ],
        "reports_filed": [
            {
                "post_in_thread": f.post.thread.title,
                "reason": f.get_reason_display(),
                "detail": f.detail,
                "filed_at": f.created_at.isoformat(),
                "outcome": f.get_outcome_display() or gettext("Waiting for a moderator"),
            }
            for f in Flag.objects.filter(reporter=user).select_related("post__thread")
        ],
        "notifications": [
            {"title": n.title, "text": n.text, "at": n.created_at.isoformat(), "read": n.read_at is not None}
            for n in Notification.objects.filter(recipient=user)
        ],
        "posts_held_for_moderators": [
            {"title": h.title, "text": h.body, "written_at": h.created_at.isoformat(), "outcome": h.get_outcome_display() or gettext("Waiting for a moderator")}
            for h in HeldPost.objects.filter(author=user)
        ],
        "notification_email": preference.get_notifications_display() if preference else None,
        "weekly_digest_day": preference.get_digest_day_display() if preference else None,
    }


def erase(user) -> None:
    """The member's own records go; every text that stays loses their name.

    Other members' notifications ("Nadia mentioned you"), quotes and @mentions
    of them in anyone's posts (and the earlier texts of those posts), thread
    titles, reports and the moderation log keep their place with "Former member"
    where the name was. Saving a post re-indexes it, so search forgets the name too.
    """
    Notification.objects.filter(recipient=user).delete()
    HeldPost.objects.filter(author=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    ThreadFollow.objects.filter(user=user).delete()
    NetworkFollow.objects.filter(user=user).delete()
    ThreadVisit.objects.filter(user=user).delete()
    Flag.objects.filter(reporter=user).delete()
    # What the member deleted themself stays deleted: the earlier texts of those posts go too.
    PostRevision.objects.filter(post__author=user, post__is_deleted=True).delete()
    identity = identity_of(user)
    identity.scrub_rows(Notification.objects.all(), "title", "text")
    identity.scrub_rows(Thread.objects.all(), "title")
    identity.scrub_rows(Post.objects.all(), "body")
    identity.scrub_rows(PostRevision.objects.all(), "body")
    identity.scrub_rows(Flag.objects.all(), "detail", "note")
    identity.scrub_rows(ModerationLogEntry.objects.all(), "reason", "detail")
    identity.scrub_rows(HeldPost.objects.all(), "title", "body", "note")


REFERENCES = {
    "discussions.Thread.author": KEPT_AS_FORMER_MEMBER,
    "discussions.Post.author": KEPT_AS_FORMER_MEMBER,
    "discussions.PostRevision.replaced_by": KEPT_AS_FORMER_MEMBER,
    "discussions.Flag.reporter": ERASED,
    "discussions.Flag.resolved_by": KEPT_FOR_THE_RECORD,
    "discussions.ModerationLogEntry.actor": KEPT_FOR_THE_RECORD,
    "discussions.ThreadFollow.user": ERASED,
    "discussions.NetworkFollow.user": ERASED,
    "discussions.ThreadVisit.user": ERASED,
    "discussions.EmailPreference.user": ERASED,
    "discussions.Notification.recipient": ERASED,
    "discussions.Notification.actor": KEPT_FOR_THE_RECORD,
    "discussions.HeldPost.author": ERASED,
    "discussions.HeldPost.decided_by": KEPT_FOR_THE_RECORD,
}
