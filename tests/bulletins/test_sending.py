"""The send-once promise: queued outside the request, in batches, never twice to the same member."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail import get_connection
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from bulletins import actions as bulletin_actions
from bulletins import tasks as bulletin_tasks
from bulletins.models import BulletinDelivery, BulletinSending, BulletinSubscription
from networks.actions import ActionRefused
from tests.networks import factories

Status = BulletinDelivery.Status


class WorkerStopped(BaseException):
    """What a worker sees when it is told to stop mid-batch (like SystemExit from a SIGTERM handler)."""


def recipients_in_outbox() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def queue(editor, bulletin) -> BulletinSending:
    """Press "Send to members" without running the task: the worker has not started yet."""
    return bulletin_actions.send_bulletin(editor, bulletin)


def statuses(sending) -> dict:
    counts = sending.counts()
    return {status: n for status, n in counts.items() if n and status != "total"}


def test_each_member_who_wants_it_gets_exactly_one_copy(network, editor, members, bulletin, send_now):
    pending = factories.make_user("pending@example.org")
    factories.make_membership(pending, network, pending=True)
    no_thanks = factories.make_user("no.thanks@example.org")
    factories.make_membership(no_thanks, network)
    BulletinSubscription.objects.create(user=no_thanks, network=network, receive=False)
    outsider = factories.make_user("outsider@example.org")

    sending = send_now(bulletin_actions.send_bulletin, editor, bulletin)

    expected = {editor.email, *(member.email for member in members)}
    assert recipients_in_outbox() == Counter(expected)
    assert pending.email not in recipients_in_outbox() and outsider.email not in recipients_in_outbox()
    assert no_thanks.email not in recipients_in_outbox()
    sending.refresh_from_db()
    assert sending.expected_recipients == 4
    assert statuses(sending) == {Status.SENT: 4}
    assert sending.finished_at is not None


def test_publishing_does_not_send_and_republishing_after_sending_sends_nothing_more(
    network, editor, members, bulletin, send_now
):
    assert mail.outbox == []
    send_now(bulletin_actions.send_bulletin, editor, bulletin)
    assert len(mail.outbox) == 4

    bulletin.subject = "Health Network: June update (corrected)"
    bulletin.save_revision(user=editor).publish()

    assert len(mail.outbox) == 4


def test_pressing_send_again_is_refused_and_nothing_is_sent(network, editor, members, bulletin, send_now):
    send_now(bulletin_actions.send_bulletin, editor, bulletin)
    assert len(mail.outbox) == 4

    with pytest.raises(ActionRefused, match="already sent .* to 4 members"):
        send_now(bulletin_actions.send_bulletin, editor, bulletin)

    assert len(mail.outbox) == 4
    assert BulletinSending.objects.count() == 1


def test_running_the_task_twice_sends_nothing_twice(network, editor, members, bulletin):
    sending = queue(editor, bulletin)

    first = bulletin_tasks.deliver_bulletin.call(sending.pk)
    second = bulletin_tasks.deliver_bulletin.call(sending.pk)

    assert first == {Status.SENT: 4, Status.FAILED: 0}
    assert second == {}
    assert max(recipients_in_outbox().values()) == 1
    assert len(mail.outbox) == 4


def test_two_workers_never_claim_the_same_member(network, editor, members, bulletin):
    sending = queue(editor, bulletin)
    bulletin_tasks.list_recipients(sending)

    first = bulletin_tasks.claim_batch(sending, size=2)
    second = bulletin_tasks.claim_batch(sending, size=2)
    third = bulletin_tasks.claim_batch(sending, size=2)

    assert len(first) == 2 and len(second) == 2 and third == []
    assert {d.pk for d in first}.isdisjoint({d.pk for d in second})


def test_listing_recipients_twice_adds_nobody_twice(network, editor, members, bulletin):
    sending = queue(editor, bulletin)
    assert bulletin_tasks.list_recipients(sending) == 4
    BulletinSending.objects.filter(pk=sending.pk).update(recipients_listed_at=None)
    sending.refresh_from_db()

    assert bulletin_tasks.list_recipients(sending) == 0
    assert sending.deliveries.count() == 4


@pytest.fixture
def many_members(network):
    for n in range(7):
        factories.make_membership(factories.make_user(f"reader{n}@example.org"), network)


def test_a_worker_stopped_half_way_resumes_without_resending(
    network, editor, many_members, bulletin, monkeypatch
):
    """The worker is stopped while sending the 4th message of a 2-per-batch run, then started again."""
    monkeypatch.setattr(bulletin_tasks, "BATCH_SIZE", 2)
    sending = queue(editor, bulletin)
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def stop_on_fourth(self, messages):
        calls["n"] += 1
        if calls["n"] == 4:
            raise WorkerStopped()
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", stop_on_fourth)
    with pytest.raises(WorkerStopped):
        bulletin_tasks.deliver_bulletin.call(sending.pk)

    assert len(mail.outbox) == 3
    assert statuses(sending) == {Status.SENT: 3, Status.SENDING: 1, Status.QUEUED: 4}
    in_flight = sending.deliveries.get(status=Status.SENDING)

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    bulletin_tasks.deliver_bulletin.call(sending.pk)

    assert max(recipients_in_outbox().values()) == 1
    assert len(mail.outbox) == 7
    assert in_flight.email not in recipients_in_outbox()
    assert statuses(sending) == {Status.SENT: 7, Status.SENDING: 1}
    sending.refresh_from_db()
    assert sending.finished_at is None

    # Long after, the next run reports the interrupted copy as not confirmed and still does not resend it.
    BulletinDelivery.objects.filter(pk=in_flight.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    bulletin_tasks.deliver_bulletin.call(sending.pk)

    assert len(mail.outbox) == 7
    assert statuses(sending) == {Status.SENT: 7, Status.UNCONFIRMED: 1}
    sending.refresh_from_db()
    assert sending.finished_at is not None


def test_a_worker_killed_after_claiming_a_batch_never_resends_it(network, editor, many_members, bulletin):
    """A hard kill (no chance to record anything) right after claiming: those members are not resent."""
    sending = queue(editor, bulletin)
    bulletin_tasks.list_recipients(sending)
    claimed = bulletin_tasks.claim_batch(sending, size=3)

    bulletin_tasks.deliver_bulletin.call(sending.pk)

    claimed_addresses = {delivery.email for delivery in claimed}
    assert len(mail.outbox) == 8 - 3
    assert claimed_addresses.isdisjoint(recipients_in_outbox())
    assert max(recipients_in_outbox().values()) == 1
    assert sending.deliveries.filter(status=Status.SENDING).count() == 3


def test_refused_addresses_are_recorded_and_retrying_sends_only_to_them(
    network, editor, members, bulletin, monkeypatch, send_now
):
    refused = members[0].email
    real_send = EmailBackend.send_messages

    def refuse_one(self, messages):
        if messages[0].to == [refused]:
            raise SMTPRecipientsRefused({refused: (550, b"Mailbox unavailable")})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    sending = send_now(bulletin_actions.send_bulletin, editor, bulletin)

    assert refused not in recipients_in_outbox()
    assert statuses(sending) == {Status.SENT: 3, Status.FAILED: 1}
    failure = sending.deliveries.get(status=Status.FAILED)
    assert "Mailbox unavailable" in failure.error and failure.attempts == 1
    sending.refresh_from_db()
    assert sending.finished_at is not None

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert send_now(bulletin_actions.retry_failed_deliveries, editor, sending) == 1

    assert recipients_in_outbox()[refused] == 1
    assert len(mail.outbox) == 4
    assert statuses(sending) == {Status.SENT: 4}
    failure.refresh_from_db()
    assert failure.attempts == 2 and failure.error == ""

    with pytest.raises(ActionRefused, match="no failed deliveries"):
        bulletin_actions.retry_failed_deliveries(editor, sending)


def test_a_member_may_not_retry_deliveries(network, editor, members, bulletin, send_now):
    sending = send_now(bulletin_actions.send_bulletin, editor, bulletin)
    with pytest.raises(ActionRefused):
        bulletin_actions.retry_failed_deliveries(members[0], sending)


@pytest.mark.parametrize("batch_size", [5, 20])
def test_queries_per_batch_do_not_grow_with_the_batch(
    network, editor, bulletin, batch_size, django_assert_num_queries
):
    for n in range(batch_size):
        factories.make_membership(factories.make_user(f"batch{batch_size}-{n}@example.org"), network)
    sending = queue(editor, bulletin)
    bulletin_tasks.list_recipients(sending)
    rendered = bulletin_tasks.render_for(sending)
    connection = get_connection()

    # Claim (select ids, update, load rows) and one update for the sent: four, for 5 or 20 members.
    with django_assert_num_queries(4):
        outcome = bulletin_tasks.deliver_batch(sending, rendered, connection, size=batch_size)

    assert outcome[Status.SENT] == batch_size
    assert len(mail.outbox) == batch_size


def test_a_lost_worker_is_replaced_from_the_report_and_nobody_gets_two(
    client, network, editor, many_members, bulletin, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker died before sending anything (its task is lost); the editor presses "Resume delivery"."""
    sending = queue(editor, bulletin)
    bulletin_tasks.list_recipients(sending)
    monkeypatch.setattr(bulletin_tasks, "BATCH_SIZE", 3)
    connection = get_connection()
    bulletin_tasks.deliver_batch(sending, bulletin_tasks.render_for(sending), connection)
    assert len(mail.outbox) == 3
    client.force_login(editor)
    assert "Resume delivery" in client.get(f"/admin/bulletins/{bulletin.pk}/report/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bulletins/{bulletin.pk}/resume/")

    assert len(mail.outbox) == 8 and max(recipients_in_outbox().values()) == 1
    assert statuses(sending) == {Status.SENT: 8}
    with pytest.raises(ActionRefused, match="nothing to resume"):
        bulletin_actions.resume_delivery(editor, sending)


def test_the_deliver_bulletins_command_finishes_unfinished_sendings(network, editor, members, bulletin):
    from io import StringIO

    from django.core.management import call_command

    sending = queue(editor, bulletin)
    out = StringIO()
    call_command("deliver_bulletins", stdout=out)
    call_command("deliver_bulletins", stdout=out)

    assert len(mail.outbox) == 4 and max(recipients_in_outbox().values()) == 1
    assert "1 unfinished bulletin sending resumed." in out.getvalue()
    assert "0 unfinished bulletin sendings resumed." in out.getvalue()
    sending.refresh_from_db()
    assert sending.finished_at is not None
