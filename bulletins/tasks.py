"""Bulletin delivery, outside the request, in batches, at most once per member.

`deliver_bulletin` is the django-tasks task the send action queues. It is safe
to run any number of times, at once or one after another (a worker restarting
half-way simply runs it again):

1. It lists the recipients: one `BulletinDelivery` row per member, created with
   the (sending, user) unique constraint, so listing twice adds nobody twice.
2. It claims a batch with one conditional UPDATE (QUEUED -> SENDING, stamped
   with a fresh claim id), so no two workers ever hold the same row.
3. It sends the batch over one mail connection and records the outcome in at
   most two UPDATEs. A row only leaves SENDING as SENT or FAILED (or goes back
   to QUEUED if it was never attempted), and only QUEUED rows are ever claimed.

So the queries per batch are constant (five at most, whatever the batch size)
and the bulletin is rendered once per run, not once per member. A row stuck in
SENDING because its worker died mid-batch becomes UNCONFIRMED after
`ABANDONED_AFTER`: it may have gone out, so it is reported, never resent.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

from django.core.mail import get_connection
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.utils import timezone
from django_tasks import task

from bulletins.emails import RenderedBulletin, message_id_for, render_bulletin
from bulletins.models import BulletinDelivery, BulletinSending

Status = BulletinDelivery.Status

BATCH_SIZE = 200
LISTING_CHUNK = 2000
ABANDONED_AFTER = timedelta(minutes=30)
ERROR_MAX_LENGTH = 500


@task()
def deliver_bulletin(sending_id: int) -> dict[str, int]:
    """List the recipients, then send batch after batch until none is queued. Returns what this run did."""
    sending = (
        BulletinSending.objects.select_related("bulletin", "network", "commission", "revision")
        .filter(pk=sending_id)
        .first()
    )
    if sending is None:
        return {}
    list_recipients(sending)
    mark_abandoned(sending)
    rendered = render_for(sending)
    totals: Counter[str] = Counter()
    connection = get_connection()
    connection.open()
    try:
        while (outcome := deliver_batch(sending, rendered, connection)) is not None:
            totals.update(outcome)
    finally:
        connection.close()
    finish_if_done(sending)
    return dict(totals)


def render_for(sending: BulletinSending) -> RenderedBulletin:
    """The published revision the editor sent, rendered once for this run."""
    bulletin = sending.revision.as_object() if sending.revision_id else sending.bulletin
    return render_bulletin(bulletin, sending.audience)


def list_recipients(sending: BulletinSending) -> int:
    """Create a QUEUED delivery for each member who wants the bulletin, once; returns rows added.

    Pages through the recipients by user id so memory stays flat however many
    members there are; the unique constraint makes a second run add nothing.
    """
    if sending.recipients_listed_at is not None:
        return 0
    added = 0
    last_id = 0
    already = BulletinDelivery.objects.filter(sending=sending, user=OuterRef("pk"))
    recipients = sending.audience.recipients().exclude(Exists(already)).order_by("pk")
    while True:
        chunk = list(recipients.filter(pk__gt=last_id).values_list("pk", "email")[:LISTING_CHUNK])
        if not chunk:
            break
        last_id = chunk[-1][0]
        created = BulletinDelivery.objects.bulk_create(
            [BulletinDelivery(sending=sending, user_id=user_id, email=email) for user_id, email in chunk],
            ignore_conflicts=True,
        )
        added += len(created)
    now = timezone.now()
    BulletinSending.objects.filter(pk=sending.pk, recipients_listed_at__isnull=True).update(recipients_listed_at=now)
    sending.recipients_listed_at = now
    return added


def mark_abandoned(sending: BulletinSending) -> int:
    """Rows a dead worker left SENDING become UNCONFIRMED: reported, and never sent again."""
    return sending.deliveries.filter(
        status=Status.SENDING, claimed_at__lt=timezone.now() - ABANDONED_AFTER
    ).update(
        status=Status.UNCONFIRMED,
        claim=None,
    )


def claim_batch(sending: BulletinSending, size: int | None = None) -> list[BulletinDelivery]:
    """Take up to `size` (default BATCH_SIZE) QUEUED deliveries for this worker alone (three queries)."""
    candidates = list(
        sending.deliveries.filter(status=Status.QUEUED).order_by("pk").values_list("pk", flat=True)[: size or BATCH_SIZE]
    )
    if not candidates:
        return []
    claim = uuid.uuid4()
    BulletinDelivery.objects.filter(pk__in=candidates, status=Status.QUEUED).update(
        status=Status.SENDING, claim=claim, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return list(
        BulletinDelivery.objects.filter(claim=claim, status=Status.SENDING)
        .select_related("user")
        .only("id", "claim", "email", "user__id", "user__email")
        .order_by("pk")
    )


def deliver_batch(
    sending: BulletinSending, rendered: RenderedBulletin, connection, size: int | None = None
) -> Counter[str] | None:
    """Claim, send and record one batch; None when nothing is left to claim.

    Whatever stops the loop (a mail server error for one member, or the worker
    being told to stop), what was sent is recorded as SENT and what was never
    attempted goes back to QUEUED for the next run. Only the one message in
    flight when the worker was interrupted stays unconfirmed.
    """
    batch = claim_batch(sending, size)
    if not batch:
        return None
    sent: list[int] = []
    failed: dict[int, str] = {}
    in_flight: int | None = None
    try:
        for delivery in batch:
            in_flight = delivery.pk
            message = rendered.message_for(
                delivery.user, delivery.email, message_id=message_id_for(sending.pk, delivery.user_id)
            )
            try:
                connection.send_messages([message])
            except Exception as error:  # the mail server's refusal is recorded, and the batch goes on
                failed[delivery.pk] = f"{error.__class__.__name__}: {error}"[:ERROR_MAX_LENGTH]
            else:
                sent.append(delivery.pk)
            in_flight = None
    finally:
        record(batch, sent, failed, in_flight)
    return Counter({Status.SENT: len(sent), Status.FAILED: len(failed)})


def record(batch: list[BulletinDelivery], sent: list[int], failed: dict[int, str], in_flight: int | None) -> None:
    """Write a batch's outcome: at most three UPDATEs, however many members."""
    now = timezone.now()
    claim = batch[0].claim if batch else None
    if sent:
        BulletinDelivery.objects.filter(pk__in=sent, claim=claim).update(status=Status.SENT, sent_at=now, error="")
    if failed:
        BulletinDelivery.objects.filter(pk__in=list(failed), claim=claim).update(
            status=Status.FAILED, error=Case(*(When(pk=pk, then=Value(message)) for pk, message in failed.items()))
        )
    done = set(sent) | set(failed)
    if in_flight is not None:
        done.add(in_flight)
    untouched = [delivery.pk for delivery in batch if delivery.pk not in done]
    if untouched:
        BulletinDelivery.objects.filter(pk__in=untouched, claim=claim).update(status=Status.QUEUED, claim=None)


def finish_if_done(sending: BulletinSending) -> bool:
    """Stamp the time sending finished once no delivery is waiting or in progress."""
    waiting = sending.deliveries.filter(status__in=[Status.QUEUED, Status.SENDING]).exists()
    if waiting:
        return False
    now = timezone.now()
    if BulletinSending.objects.filter(pk=sending.pk, finished_at__isnull=True).update(finished_at=now):
        sending.finished_at = now
    return True
