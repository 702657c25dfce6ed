"""Everything that happens to a bulletin, one function per event.

Each action checks permission through `networks.permissions.can`, validates,
writes in a transaction and queues its work with `transaction.on_commit`, so a
rolled-back request never sends anything. Views, the Wagtail admin, the
unsubscribe link and the demo loader call these; none of them repeats a rule.
"""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from bulletins.audiences import Audience, audience_for_key, audience_of
from bulletins.emails import render_bulletin
from bulletins.models import (
    SUBJECT_MAX_LENGTH,
    BulletinDelivery,
    BulletinPage,
    BulletinSending,
    BulletinSettings,
    BulletinSubscription,
)
from bulletins.selectors import recipient_count
from networks.actions import ActionRefused
from networks.models import NetworkMembership, NetworkPage
from networks.permissions import can
from networks.unsubscribe import register_scope

Status = BulletinDelivery.Status


def check_subject(subject: str) -> str:
    """The subject as it will be sent, or a refusal saying what to change."""
    subject = (subject or "").strip()
    if not subject:
        raise ActionRefused(_("This bulletin has no subject. Add one on the Content tab and publish again before sending."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ActionRefused(
            gettext(
                "The subject is %(length)s characters long; keep it to %(max)s or fewer so it fits in members' inboxes."
            )
            % {"length": len(subject), "max": SUBJECT_MAX_LENGTH}
        )
    if "\n" in subject or "\r" in subject:
        raise ActionRefused(_("The subject must fit on one line."))
    return subject


def send_test_bulletin(actor, bulletin: BulletinPage) -> str:
    """Email the actor a copy of the bulletin's latest draft, marked as a test. Returns the address used.

    The test copy is the newest revision, published or not, so editors can
    check a draft before publishing it. Nobody else receives anything.
    """
    audience = bulletin.audience
    if not can(actor, "write_bulletin", audience.page):
        raise ActionRefused(_("Only this network's editors and staff can send test copies of its bulletins."))
    if not actor.email:
        raise ActionRefused(_("Your account has no email address to send the test copy to."))
    draft = bulletin.get_latest_revision_as_object()
    check_subject(draft.subject)
    message = render_bulletin(draft, audience).message_for(actor, actor.email, test=True)
    transaction.on_commit(partial(_send_message_later, message))
    return actor.email


def _send_message_later(message) -> None:
    from networks.tasks import send_email

    send_email.enqueue(
        to=list(message.to),
        subject=message.subject,
        text=message.body,
        html=message.alternatives[0][0] if message.alternatives else "",
        headers=dict(message.extra_headers),
        from_email=message.from_email,
    )


def send_bulletin(actor, bulletin: BulletinPage) -> BulletinSending:
    """Queue the published bulletin for every member of its network who wants it: once, ever.

    The unique sending per bulletin refuses a second press, however close the
    two requests; delivery then runs in the task queue (`deliver_bulletin`).
    """
    audience = bulletin.audience
    if not can(actor, "send_bulletin", audience.page):
        raise ActionRefused(_("Only this network's editors and staff can send its bulletins."))
    _refuse_if_sent(bulletin)
    if not bulletin.live:
        raise ActionRefused(_("Publish this bulletin before sending it: members receive the published version."))
    revision = bulletin.live_revision
    published = revision.as_object() if revision is not None else bulletin
    subject = check_subject(published.subject)
    count = recipient_count(audience)
    if count == 0:
        raise ActionRefused(
            gettext("Nobody would receive this bulletin: %(title)s has no members who receive bulletins yet. Nothing was sent.")
            % {"title": audience.title}
        )
    try:
        with transaction.atomic():
            sending = BulletinSending.objects.create(
                bulletin=bulletin,
                **audience.sending_fields,
                revision=revision,
                subject=subject,
                requested_by=actor,
                expected_recipients=count,
            )
    except IntegrityError:
        _refuse_if_sent(bulletin)
        raise
    transaction.on_commit(partial(_deliver_later, sending.pk))
    return sending


def _refuse_if_sent(bulletin: BulletinPage) -> None:
    sending = BulletinSending.objects.filter(bulletin_id=bulletin.pk).first()
    if sending is not None:
        when = timezone.localtime(sending.requested_at).strftime("%-d %B %Y at %H:%M")
        raise ActionRefused(
            ngettext(
                "This bulletin was already sent on %(when)s to %(count)s member. A bulletin is only ever sent once; "
                "write a new bulletin to send more news.",
                "This bulletin was already sent on %(when)s to %(count)s members. A bulletin is only ever sent once; "
                "write a new bulletin to send more news.",
                sending.expected_recipients,
            )
            % {"when": when, "count": sending.expected_recipients}
        )


def _deliver_later(sending_id: int) -> None:
    from bulletins.tasks import deliver_bulletin

    deliver_bulletin.enqueue(sending_id)


def retry_failed_deliveries(actor, sending: BulletinSending) -> int:
    """Put deliveries the mail server refused back in the queue. Returns how many.

    Only FAILED rows are retried: a row left SENDING or UNCONFIRMED by a worker
    that stopped may already have reached the member, so it is never resent.
    """
    if not can(actor, "send_bulletin", sending.audience):
        raise ActionRefused(_("Only this network's editors and staff can retry deliveries."))
    with transaction.atomic():
        retried = sending.deliveries.filter(status=Status.FAILED).update(status=Status.QUEUED, claim=None, error="")
        if retried:
            BulletinSending.objects.filter(pk=sending.pk).update(finished_at=None)
    if not retried:
        raise ActionRefused(_("There are no failed deliveries to retry."))
    transaction.on_commit(partial(_deliver_later, sending.pk))
    return retried


def resume_delivery(actor, sending: BulletinSending) -> int:
    """Start a worker on deliveries still waiting, e.g. after the worker that had them stopped. Returns how many wait.

    Always safe: workers claim rows one batch at a time, so an extra worker
    only shares the queue, and rows another worker holds are never taken.
    """
    if not can(actor, "send_bulletin", sending.audience):
        raise ActionRefused(_("Only this network's editors and staff can resume delivery."))
    waiting = sending.deliveries.filter(status=Status.QUEUED).count()
    if not waiting and sending.recipients_listed_at is not None:
        raise ActionRefused(_("No deliveries are waiting: there is nothing to resume."))
    transaction.on_commit(partial(_deliver_later, sending.pk))
    return waiting


def set_bulletin_choice(user, audience: Audience | NetworkPage, receive: bool) -> BulletinSubscription:
    """Record whether a member receives a network's (or commission's) bulletins; safe to repeat."""
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to change your email preferences."))
    choice, _created = BulletinSubscription.objects.update_or_create(
        user=user, **audience_of(audience).sending_fields, defaults={"receive": bool(receive)}
    )
    return choice


def set_bulletin_choices(user, wanted: set[str]) -> list[Audience]:
    """Save the preferences form: receive bulletins from exactly the audiences whose keys are in `wanted`.

    Only the member's own networks and commissions are touched; returns those whose choice changed.
    """
    from bulletins.selectors import bulletin_choices

    changed = []
    with transaction.atomic():
        for choice in bulletin_choices(user):
            receive = choice.key in wanted
            if receive != choice.receives:
                set_bulletin_choice(user, choice.audience, receive)
                changed.append(choice.audience)
    return changed


def save_preference_form(user, form) -> list[str]:
    """The bulletins section of the email preferences page; returns what changed, in words."""
    wanted = set(form.cleaned_data["receive"])
    changed = set_bulletin_choices(user, wanted)
    return [
        (_("bulletins from %(source)s: on") if audience.key in wanted else _("bulletins from %(source)s: off"))
        % {"source": audience.title}
        for audience in changed
    ]


def stop_bulletins(user, key: str) -> str:
    """The one-click unsubscribe handler for "bulletins:<network id>" and "bulletins:commission-<id>"; idempotent."""
    audience = audience_for_key(key)
    if audience is None:
        return "bulletins from a network that no longer exists"
    set_bulletin_choice(user, audience, False)
    return f"bulletins from {audience.title}"


def describe_bulletin_scope(key: str) -> str:
    audience = audience_for_key(key)
    return f"bulletins from {audience.title}" if audience else "network bulletins"


def set_new_member_default(actor, network: NetworkPage, receive: bool) -> BulletinSettings:
    """Choose whether members who join from now on receive bulletins.

    Members already in the network keep what they had: anyone who never chose
    is first given an explicit choice equal to the old default, in batches.
    """
    if not can(actor, "send_bulletin", network):
        raise ActionRefused(_("Only this network's editors and staff can change its bulletin settings."))
    receive = bool(receive)
    with transaction.atomic():
        settings_row, _created = BulletinSettings.objects.select_for_update().get_or_create(network=network)
        old = settings_row.new_members_receive
        if old != receive:
            undecided = (
                NetworkMembership.objects.filter(network=network)
                .exclude(user__bulletin_choices__network=network)
                .values_list("user_id", flat=True)
            )
            BulletinSubscription.objects.bulk_create(
                [BulletinSubscription(user_id=user_id, network=network, receive=old) for user_id in undecided.iterator()],
                batch_size=1000,
                ignore_conflicts=True,
            )
            settings_row.new_members_receive = receive
            settings_row.save(update_fields=["new_members_receive"])
    return settings_row


def register_unsubscribe_scope() -> None:
    """Let members leave a network's (or commission's) bulletins from the one-click link in every bulletin."""
    register_scope("bulletins", stop_bulletins, "network bulletins", describe_bulletin_scope)
