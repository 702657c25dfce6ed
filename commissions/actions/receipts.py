"""The receipt a submission's senders get, and the reminders that keep a commission from leaving it unanswered.

A receipt is a transactional email: the submitter always gets it (it names
the reference they will quote), and each other follower from the unit gets it
unless they have switched notification email off. Reminders go, once a day at
most, to whoever must acknowledge an overdue submission: its assignee, or the
commission's chair and policy officers while nobody is assigned to it (every
member of the commission when it has neither).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commissions.models import Submission, acknowledge_days
from discussions.models import EmailPreference
from discussions.notifications import SCOPE, delivery_for, notify
from networks.emails import absolute_url, email_member
from networks.languages import lazy_percent
from networks.models import CommissionMembership
from networks.unsubscribe import unsubscribe_headers, unsubscribe_url

REMINDER_LISTS_AT_MOST = 10
"""How many references one reminder names; the link opens the queue filtered to all of them."""


def send_receipt(submission: Submission) -> int:
    """Queue the receipt for the submitter and the unit's followers, after commit; returns how many."""
    followers = list(submission.followers.all())
    delivery = delivery_for(followers)
    sent = 0
    for user in followers:
        is_submitter = user.pk == submission.submitter_id
        if not is_submitter and delivery[user.pk] == EmailPreference.Delivery.OFF:
            continue
        context = {
            "submission": submission,
            "is_submitter": is_submitter,
            "link": absolute_url(submission.get_absolute_url()),
            "preferences_url": absolute_url("/notifications/preferences/"),
        }
        headers = {}
        if not is_submitter:
            context["unsubscribe_url"] = unsubscribe_url(user, SCOPE)
            headers = unsubscribe_headers(user, SCOPE)
        email_member(
            user,
            lazy_percent(
                gettext_lazy("Received: %(reference)s “%(title)s”"),
                {"reference": submission.reference, "title": submission.title},
            ),
            "commissions/email/receipt",
            context,
            headers=headers,
        )
        sent += 1
    return sent


def _chairs_and_officers(commission_ids: set[int]) -> dict[int, list]:
    """{commission_id: [users]}: the chair and policy officers, or every member where it has neither."""
    seats = defaultdict(list)
    for membership in CommissionMembership.objects.filter(commission_id__in=commission_ids).select_related("user"):
        seats[membership.commission_id].append(membership)
    found = {}
    for commission_id in commission_ids:
        memberships = seats.get(commission_id, [])
        leading = [m.user for m in memberships if m.seat in (CommissionMembership.Seat.CHAIR, CommissionMembership.Seat.OFFICER)]
        found[commission_id] = leading or [m.user for m in memberships]
    return found


def remind_unacknowledged(now: datetime | None = None) -> int:
    """Remind whoever must acknowledge each overdue submission; returns the number of reminders sent.

    Each submission is reminded about at most once per local day (its
    `last_reminded_at`), however often this runs, and never once it is
    acknowledged. A recipient gets one reminder per commission listing all
    their overdue submissions, not one email per submission.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    with transaction.atomic():
        overdue = list(
            Submission.objects.overdue()
            .filter(created_at__lt=now)
            .exclude(last_reminded_at__gte=start_of_today)
            .select_for_update(of=("self",))
            .select_related("commission", "assigned_to")
            .order_by("created_at", "id")
        )
        if not overdue:
            return 0
        leaders = _chairs_and_officers({s.commission_id for s in overdue if s.assigned_to_id is None})
        # (recipient id, commission id, assigned to them?) -> submissions
        batches: dict[tuple[int, int, bool], list[Submission]] = defaultdict(list)
        users = {}
        for submission in overdue:
            if submission.assigned_to_id is not None and submission.assigned_to.is_active:
                users[submission.assigned_to_id] = submission.assigned_to
                batches[(submission.assigned_to_id, submission.commission_id, True)].append(submission)
            else:
                for user in leaders.get(submission.commission_id, []):
                    users[user.pk] = user
                    batches[(user.pk, submission.commission_id, False)].append(submission)
        sent = 0
        for (user_id, _commission, assigned), submissions in batches.items():
            commission = submissions[0].commission
            count = len(submissions)
            query = "?status=overdue&assigned=me" if assigned else "?status=overdue"
            names = ", ".join(s.reference for s in submissions[:REMINDER_LISTS_AT_MOST])
            if count > REMINDER_LISTS_AT_MOST:
                names += " " + _("and %(count)d more") % {"count": count - REMINDER_LISTS_AT_MOST}
            notify(
                [users[user_id]],
                kind="submission_overdue",
                title=ngettext(
                    "%(count)d submission to %(commission)s is waiting to be acknowledged",
                    "%(count)d submissions to %(commission)s are waiting to be acknowledged",
                    count,
                )
                % {"count": count, "commission": commission.name},
                url=reverse("commissions:commission_queue", kwargs={"slug": commission.slug}) + query,
                text=_("Not acknowledged within %(days)d days: %(references)s.")
                % {"days": acknowledge_days(), "references": names},
            )
            sent += 1
        Submission.objects.filter(pk__in=[s.pk for s in overdue]).update(last_reminded_at=now)
    return sent
