"""What discussions hold about a member, for their data download and for deleting their account."""

from __future__ import annotations

from typing import Any

from discussions.models import (
    EmailPreference,
    Flag,
    NetworkFollow,
    Notification,
    Post,
    ThreadFollow,
    ThreadVisit,
)
from networks.member_data import ERASED, KEPT_AS_FORMER_MEMBER, KEPT_FOR_THE_RECORD


def export(user) -> dict[str, Any]:
    preference = EmailPreference.objects.filter(user=user).first()
    return {
        "posts": [
            {"thread": p.thread.title, "text": p.body, "written_at": p.created_at.isoformat()}
            for p in Post.objects.filter(author=user, is_deleted=False).select_related("thread")
        ],
        "threads_followed": [
            {"thread": f.thread.title, "since": f.created_at.isoformat()}
            for f in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "networks_followed": [
            {"network": f.network.title, "since": f.created_at.isoformat()}
            for f in NetworkFollow.objects.filter(user=user).select_related("network")
        ],
        "reports_filed": [
            {
                "post_in_thread": f.post.thread.title,
                "reason": f.get_reason_display(),
                "detail": f.detail,
                "filed_at": f.created_at.isoformat(),
                "outcome": f.get_outcome_display() or "Waiting for a moderator",
            }
            for f in Flag.objects.filter(reporter=user).select_related("post__thread")
        ],
        "notifications": [
            {"title": n.title, "text": n.text, "at": n.created_at.isoformat(), "read": n.read_at is not None}
            for n in Notification.objects.filter(recipient=user)
        ],
        "notification_email": preference.get_notifications_display() if preference else None,
    }


def erase(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    ThreadFollow.objects.filter(user=user).delete()
    NetworkFollow.objects.filter(user=user).delete()
    ThreadVisit.objects.filter(user=user).delete()
    Flag.objects.filter(reporter=user).delete()


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
}
