"""Notifications: one call puts a note on the site and emails it as each member chose.

    notify(recipients, kind="reply", title="Sam replied to your post", url=post.get_absolute_url(),
           actor=sam, text="A short plain-text excerpt")

creates an on-site `Notification` per recipient (the unread count in the
header, the notifications page) and, per each recipient's `EmailPreference`,
queues an email at once (through `networks.emails.email_member`, after commit,
on the django-tasks queue), marks it for the member's daily or weekly digest
(`send_digests`, run by `manage.py send_notification_digests` and
`send_weekly_digests` from the scheduler), or sends nothing. The digest groups
what waited by network and thread, as the member would find it on the site.
Which events reach a member at all is their notification level for the
network (`NetworkFollow.Level`, chosen on the same preferences page). Every email carries a one-click unsubscribe link and RFC 8058 headers
for the "notifications" scope. The actor is never notified of their own doing.

`text` is plain text (use `discussions.text.plain_excerpt` on member Markdown);
templates escape it. `url` is a site path such as "/networks/health/threads/4/".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions.models import EmailPreference, NetworkFollow, Notification
from networks.emails import absolute_url, email_member
from networks.languages import in_member_language
from networks.models import NetworkPage
from networks.permissions import permitted
from networks.unsubscribe import register_scope, unsubscribe_headers, unsubscribe_url

SCOPE = "notifications"
Delivery = EmailPreference.Delivery
Level = NetworkFollow.Level
DIGESTS = (Delivery.DIGEST, Delivery.WEEKLY)


def levels_for(users: Iterable, network_id: int | None) -> dict[int, str]:
    """{user_id: notification level} in one network, in one query; no choice is "mentions and replies"."""
    ids = [user.pk for user in users]
    if network_id is None:
        return dict.fromkeys(ids, Level.MENTIONS)
    chosen = dict(NetworkFollow.objects.filter(network_id=network_id, user_id__in=ids).values_list("user_id", "level"))
    return {user_id: chosen.get(user_id, Level.MENTIONS) for user_id in ids}


def not_muted(users: Iterable, network_id: int | None) -> list:
    """Those of `users` who have not muted the network."""
    users = list(users)
    levels = levels_for(users, network_id)
    return [user for user in users if levels[user.pk] != Level.MUTED]


def set_level(user, network, level: str) -> None:
    if level not in Level.values:
        raise ValueError(f"Unknown notification level {level!r}")
    NetworkFollow.objects.update_or_create(user=user, network=network, defaults={"level": level})


def delivery_for(users: Iterable) -> dict[int, str]:
    """{user_id: delivery} for these users, in one query; members who never chose get the default."""
    ids = [user.pk for user in users]
    chosen = dict(EmailPreference.objects.filter(user_id__in=ids).values_list("user_id", "notifications"))
    return {user_id: chosen.get(user_id, Delivery.IMMEDIATE) for user_id in ids}


def email_delivery(user) -> str:
    return delivery_for([user])[user.pk]


def set_email_delivery(user, delivery: str, digest_day: int | None = None) -> EmailPreference:
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    defaults: dict = {"notifications": delivery}
    if digest_day is not None:
        if digest_day not in EmailPreference.Day.values:
            raise ValueError(f"Unknown digest day {digest_day!r}")
        defaults["digest_day"] = digest_day
    preference, _ = EmailPreference.objects.update_or_create(user=user, defaults=defaults)
    if delivery == Delivery.OFF:
        Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    return preference


def _written_for(user, value) -> str:
    """`value` as `user` reads it: a lazy string (`networks.languages.lazy_percent`) in their own language,
    whoever's request or task is telling them."""
    if isinstance(value, str):
        return value
    with in_member_language(user):
        return str(value)


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: str,
    url: str,
    actor=None,
    text: str = "",
    email: bool = True,
    thread=None,
) -> list[Notification]:
    """Tell each recipient (once, never the actor) on the site and by email as they chose.

    Pass `title` and `text` lazily (`lazy_percent(gettext_lazy(...), ...)`) to have each recipient's
    copy written in their language; a plain string is stored as given.

    `email=False` puts the notification on the site only, for events whose
    caller sends an email of its own (a request to join, its approval).
    `thread` (and its network) group the notification in digests.
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
            title=_written_for(user, title)[:300],
            url=url[:500],
            text=_written_for(user, text),
            actor=actor,
            created_at=now,
            digest_pending=delivery[user.pk] in DIGESTS,
            thread=thread,
            network_id=thread.network_id if thread is not None else None,
        )
        for user in users
    )
    for user, notification in zip(users, notifications, strict=True):
        if delivery[user.pk] == Delivery.IMMEDIATE:
            email_member(
                user,
                notification.title,
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


def send_digests(now=None, *, weekly: bool = False) -> int:
    """Email each member whose digest is due everything waiting for them; returns emails queued.

    The daily run takes members who chose the daily digest (and anything left
    waiting for a member who has since chosen immediate email); the weekly run
    takes members who chose the weekly digest and today (site time) as their day.
    Idempotent: the notifications it includes are cleared from the digest in the
    same transaction, so a second run (or a retried job) sends nothing new.
    """
    now = now or timezone.now()
    weekly_members = EmailPreference.objects.filter(notifications=Delivery.WEEKLY)
    if weekly:
        due = Q(recipient__in=weekly_members.filter(digest_day=timezone.localtime(now).weekday()).values("user_id"))
    else:
        due = ~Q(recipient__in=weekly_members.values("user_id"))
    sent = 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(due, digest_pending=True, created_at__lte=now)
            .select_related("actor__profile", "network", "thread")
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
            subject = (
                ngettext("Your weekly digest: %(count)d notification", "Your weekly digest: %(count)d notifications", len(items))
                if weekly
                else ngettext("Your daily digest: %(count)d notification", "Your daily digest: %(count)d notifications", len(items))
            ) % {"count": len(items)}
            email_member(
                user,
                subject,
                "discussions/email/digest",
                {
                    "groups": digest_groups(items),
                    "weekly": weekly,
                    "unsubscribe_url": unsubscribe_url(user, SCOPE),
                    "preferences_url": absolute_url("/notifications/preferences/"),
                    "all_url": absolute_url("/notifications/"),
                },
                headers=unsubscribe_headers(user, SCOPE),
            )
            sent += 1
    return sent


@dataclass
class DigestThread:
    title: str
    link: str
    notifications: list[tuple[Notification, str]] = field(default_factory=list)


@dataclass
class DigestGroup:
    """One network's part of a digest (or, with no network, everything else), thread by thread."""

    title: str
    link: str
    threads: list[DigestThread] = field(default_factory=list)
    others: list[tuple[Notification, str]] = field(default_factory=list)


def digest_groups(items: list[Notification]) -> list[DigestGroup]:
    """Group a digest's notifications by network, then thread, in the order they happened.

    Each thread links to where the member would read it on the site; a
    notification about no thread (a moderation outcome, a request to join)
    is listed under its network, and one with no network under "Elsewhere".
    """
    groups: dict[int | None, DigestGroup] = {}
    threads: dict[int, DigestThread] = {}
    for notification in items:
        network = notification.network
        key = network.pk if network is not None else None
        if key not in groups:
            groups[key] = DigestGroup(
                network.title if network is not None else str(_("Elsewhere on Policy Networks")),
                absolute_url(network.url) if network is not None and network.url else "",
            )
        group = groups[key]
        entry = (notification, absolute_url(notification.url))
        thread = notification.thread
        if thread is None:
            group.others.append(entry)
            continue
        if thread.pk not in threads:
            threads[thread.pk] = DigestThread(thread.title, absolute_url(thread.get_absolute_url()))
            group.threads.append(threads[thread.pk])
        threads[thread.pk].notifications.append(entry)
    return sorted(groups.values(), key=lambda group: (group.title == str(_("Elsewhere on Policy Networks")), group.title))


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

    preference = EmailPreference.objects.filter(user=user).first()
    return EmailPreferenceForm(
        data,
        initial={
            "notifications": preference.notifications if preference else Delivery.IMMEDIATE,
            "digest_day": preference.digest_day if preference else EmailPreference.Day.MONDAY,
        },
    )


def save_preference_form(user, form) -> list[str]:
    """The notifications section of the email preferences page; returns what changed, in words."""
    choice = form.cleaned_data["notifications"]
    preference = EmailPreference.objects.filter(user=user).first()
    before = (preference.notifications, preference.digest_day) if preference else (Delivery.IMMEDIATE, EmailPreference.Day.MONDAY)
    day = before[1] if form.cleaned_data["digest_day"] is None else form.cleaned_data["digest_day"]
    if (choice, day) == before:
        return []
    set_email_delivery(user, choice, day)
    if choice == Delivery.WEEKLY:
        return [_("notification email: once a week, on %(day)s") % {"day": EmailPreference.Day(day).label}]
    if choice == before[0]:
        return [_("weekly digest day: %(day)s") % {"day": EmailPreference.Day(day).label}]
    return [_("notification email: %(choice)s") % {"choice": str(Delivery(choice).label).lower()}]


def level_networks(user):
    """The networks whose level the member may choose: those they belong to or set a level for, and may read."""

    chosen = NetworkFollow.objects.filter(user=user).values("network_id")
    member_of = NetworkPage.objects.filter(memberships__user=user, memberships__status="active").values("pk")
    return permitted(user, "view_network").filter(Q(pk__in=chosen) | Q(pk__in=member_of)).order_by("title")


def build_levels_form(user, data=None):
    from discussions.forms import NetworkLevelsForm

    networks = list(level_networks(user))
    levels = dict(NetworkFollow.objects.filter(user=user).values_list("network_id", "level"))
    return NetworkLevelsForm(data, prefix="levels", networks=networks, initial_levels=levels)


def save_levels_form(user, form) -> list[str]:
    """Each network's level; "mentions and replies" is the level with no row, so choosing it removes the row."""
    current = dict(NetworkFollow.objects.filter(user=user).values_list("network_id", "level"))
    changes = []
    for network, level in form.levels():
        if current.get(network.pk, Level.MENTIONS) == level:
            continue
        if level == Level.MENTIONS:
            NetworkFollow.objects.filter(user=user, network=network).delete()
        else:
            set_level(user, network, level)
        changes.append(_("%(network)s: %(level)s") % {"network": network.title, "level": str(Level(level).label).split(":")[0].lower()})
    return changes


def _stop_notification_email(user, rest: str) -> str:
    set_email_delivery(user, Delivery.OFF)
    return "notification emails"


register_scope(
    SCOPE,
    _stop_notification_email,
    "notification emails (replies, mentions, followed threads and networks, moderation outcomes)",
)
