"""Notifications: one call puts a note on the site and emails it as each member chose.

    notify(recipients, kind="reply", title="Sam replied to your post", url=post.get_absolute_url(),
           actor=sam, text="A short plain-text excerpt")

creates an on-site `Notification` per recipient (the unread count in the
header, the notifications page) and, per each recipient's `EmailPreference`,
queues an email at once (through `networks.emails.email_member`, after commit,
on the django-tasks queue), marks it for the daily digest (`send_digests`, run
by `manage.py send_notification_digests` from cron or as a task), or sends
nothing. Every email carries a one-click unsubscribe link and RFC 8058 headers
for the "notifications" scope. The actor is never notified of their own doing.

`text` is plain text (use `discussions.text.plain_excerpt` on member Markdown);
templates escape it. `url` is a site path such as "/networks/health/threads/4/".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import EmailPreference, Notification
from networks.emails import absolute_url, email_member
from networks.unsubscribe import register_scope, unsubscribe_headers, unsubscribe_url

SCOPE = "notifications"
Delivery = EmailPreference.Delivery


def delivery_for(users: Iterable) -> dict[int, str]:
    """{user_id: delivery} for these users, in one query; members who never chose get the default."""
    ids = [user.pk for user in users]
    chosen = dict(EmailPreference.objects.filter(user_id__in=ids).values_list("user_id", "notifications"))
    return {user_id: chosen.get(user_id, Delivery.IMMEDIATE) for user_id in ids}


def email_delivery(user) -> str:
    return delivery_for([user])[user.pk]


def set_email_delivery(user, delivery: str) -> EmailPreference:
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    preference, _ = EmailPreference.objects.update_or_create(user=user, defaults={"notifications": delivery})
    if delivery == Delivery.OFF:
        Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    return preference


def notify(
    recipients: Iterable, *, kind: str, title: str, url: str, actor=None, text: str = "", email: bool = True
) -> list[Notification]:
    """Tell each recipient (once, never the actor) on the site and by email as they chose.

    `email=False` puts the notification on the site only, for events whose
    caller sends an email of its own (a request to join, its approval).
    """
    unique = {}
    for user in recipients:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        unique.setdefault(user.pk, user)
    if not unique:
        return []
    users = list(unique.values())
    delivery = delivery_for(users) if email else {user.pk: Delivery.OFF for user in users}
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind[:40],
            title=title[:300],
            url=url[:500],
            text=text,
            actor=actor,
            created_at=now,
            digest_pending=delivery[user.pk] == Delivery.DIGEST,
        )
        for user in users
    )
    for user, notification in zip(users, notifications, strict=True):
        if delivery[user.pk] == Delivery.IMMEDIATE:
            email_member(
                user,
                title,
                "discussions/email/notification",
                {
                    "notification": notification,
                    "link": absolute_url(url),
                    "unsubscribe_url": unsubscribe_url(user, SCOPE),
                    "preferences_url": absolute_url("/notifications/preferences/"),
                },
                headers=unsubscribe_headers(user, SCOPE),
            )
    return notifications


def send_digests(now=None) -> int:
    """Email each member who chose the daily digest everything waiting for them; returns emails queued.

    Idempotent: the notifications it includes are cleared from the digest in the
    same transaction, so a second run (or a retried cron job) sends nothing new.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(digest_pending=True, created_at__lte=now)
            .select_related("actor__profile")
            .order_by("recipient_id", "created_at", "id")
        )
        if not pending:
            return 0
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for notification in pending:
            by_user[notification.recipient_id].append(notification)
        users = get_user_model().objects.in_bulk(list(by_user))
        delivery = delivery_for(users.values())
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digest_pending=False)
        for user_id, items in by_user.items():
            user = users.get(user_id)
            if user is None or not user.is_active or delivery[user_id] == Delivery.OFF:
                continue
            email_member(
                user,
                f"Your daily digest: {len(items)} notification{'s' if len(items) != 1 else ''}",
                "discussions/email/digest",
                {
                    "notifications": [(n, absolute_url(n.url)) for n in items],
                    "unsubscribe_url": unsubscribe_url(user, SCOPE),
                    "preferences_url": absolute_url("/notifications/preferences/"),
                    "all_url": absolute_url("/notifications/"),
                },
                headers=unsubscribe_headers(user, SCOPE),
            )
            sent += 1
    return sent


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the user's notifications read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def build_preference_form(user, data=None):
    from discussions.forms import EmailPreferenceForm

    return EmailPreferenceForm(data, initial={"notifications": email_delivery(user)})


def save_preference_form(user, form) -> list[str]:
    """The notifications section of the email preferences page; returns what changed, in words."""
    choice = form.cleaned_data["notifications"]
    if choice == email_delivery(user):
        return []
    set_email_delivery(user, choice)
    return [_("notification email: %(choice)s") % {"choice": str(Delivery(choice).label).lower()}]


def _stop_notification_email(user, rest: str) -> str:
    set_email_delivery(user, Delivery.OFF)
    return "notification emails"


register_scope(
    SCOPE,
    _stop_notification_email,
    "notification emails (replies, mentions, followed threads and networks, moderation outcomes)",
)
