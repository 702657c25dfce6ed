"""Bulletins from a policy commission: to its members and the party units that sent it submissions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from bulletins import actions as bulletin_actions
from bulletins.models import BulletinSubscription
from bulletins.selectors import bulletin_choices
from commissions import actions as submission_actions
from commissions.models import WorkProgrammeIssue
from networks.actions import ActionRefused
from networks.permissions import can
from tests.bulletins.factories import make_bulletin
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.fixture
def health(db):
    return factories.make_commission("Health", "HEA")


@pytest.fixture
def health_page(health):
    return commission_page(health)


@pytest.fixture
def circle(health, network):
    """A commission member, a CLP that submitted to Health, one that did not, and a network member."""
    seat = factories.make_commission_member(health, email="npf.rep@example.org")
    submitting = make_unit("Warrington North CLP")
    secretary = factories.make_user("secretary@example.org")
    colleague = factories.make_user("colleague@example.org")
    join_unit(secretary, submitting)
    join_unit(colleague, submitting, "Member")
    issue = WorkProgrammeIssue.objects.create(
        commission=health, year=timezone.localdate().year, title="Care closer to home", brief="Which services?"
    )
    submission_actions.submit(
        secretary, health,
        submission_actions.SubmissionDraft(title="Our forum on care", text="We met in May.", unit=submitting, issue=issue),
    )
    quiet = make_unit("Wigan CLP")
    bystander = factories.make_user("bystander@example.org")
    join_unit(bystander, quiet)
    network_member = factories.make_user("network.member@example.org")
    factories.make_membership(network_member, network)
    mail.outbox.clear()
    return {"seat": seat, "secretary": secretary, "colleague": colleague, "bystander": bystander,
            "network_member": network_member}


@pytest.fixture
def staff(db):
    return factories.make_user("staff@example.org", staff=True)


def test_staff_send_a_commission_bulletin_to_its_members_and_submitting_units(
    health_page, circle, staff, send_now
):
    bulletin = make_bulletin(health_page, subject="Health commission: what we heard", user=staff)

    sending = send_now(bulletin_actions.send_bulletin, staff, bulletin)

    assert recipients() == {"npf.rep@example.org", "secretary@example.org", "colleague@example.org"}
    assert sending.commission_id == health_page.commission_id and sending.network_id is None
    message = mail.outbox[0]
    assert message.from_email == "Health policy commission via Policy Networks <networks@example.org>"
    assert "party unit that has made a submission" in message.body
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_one_click_unsubscribe_stops_that_commissions_bulletins(client, health_page, circle, staff, send_now):
    send_now(bulletin_actions.send_bulletin, staff, make_bulletin(health_page, user=staff))
    to_colleague = next(m for m in mail.outbox if m.to == ["colleague@example.org"])
    link = to_colleague.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")

    assert "bulletins from Health policy commission" in client.post(link).content.decode()

    assert BulletinSubscription.objects.get(user=circle["colleague"]).commission_id == health_page.commission_id
    mail.outbox.clear()
    send_now(bulletin_actions.send_bulletin, staff, make_bulletin(health_page, title="July", subject="July", user=staff))
    assert recipients() == {"npf.rep@example.org", "secretary@example.org"}


def test_the_commission_appears_in_the_secretarys_preferences(client, health_page, circle, network):
    choices = {choice.title: choice.receives for choice in bulletin_choices(circle["secretary"])}
    assert choices == {"Health policy commission": True}
    assert {c.title for c in bulletin_choices(circle["bystander"])} == set()

    client.force_login(circle["secretary"])
    client.post("/accounts/bulletins/", {})
    assert not bulletin_choices(circle["secretary"])[0].receives


def test_archive_and_feed_are_public(client, health_page, circle, staff, send_now):
    bulletin = make_bulletin(health_page, subject="Health commission: what we heard", user=staff)
    send_now(bulletin_actions.send_bulletin, staff, bulletin)

    archive = client.get(f"/commissions/{health_page.slug}/bulletins/").content.decode()
    assert "Health commission: what we heard" in archive
    assert "Health commission: what we heard" in client.get(f"/commissions/{health_page.slug}/bulletins/feed/").content.decode()
    page = client.get(bulletin.url).content.decode()
    assert "Sent by Health policy commission on" in page
    assert "Health commission: what we heard" in client.get(health_page.url).content.decode()


def test_open_consultations_block_links_each_open_document(health, health_page, circle, staff, send_now):
    from commissions.models import ConsultationDocument

    year = timezone.localdate().year
    open_doc = ConsultationDocument.objects.create(commission=health, title="Health: policy choices", stage=2, year=year)
    ConsultationDocument.objects.create(commission=health, title="Health: old challenges", stage=1, year=year - 2, is_open=False)
    bulletin = make_bulletin(
        health_page, user=staff,
        body=[("open_consultations", {"heading": "Have your say", "count": 3, "commission": health})],
    )
    send_now(bulletin_actions.send_bulletin, staff, bulletin)

    body = mail.outbox[0].body
    assert "Health: policy choices" in body and "Health: old challenges" not in body
    assert f"http://testserver/commissions/{health.slug}/documents/{open_doc.pk}/" in body


def test_only_staff_write_and_send_for_a_commission(health_page, circle, network):
    editor = factories.make_user()
    factories.make_membership(editor, network, "editor")
    for user in (editor, circle["seat"], circle["secretary"]):
        assert not can(user, "write_bulletin", health_page)
        assert not can(user, "send_bulletin", health_page)
    bulletin = make_bulletin(health_page)
    with pytest.raises(ActionRefused):
        bulletin_actions.send_bulletin(editor, bulletin)


def test_a_commission_nobody_is_in_is_told_so(health_page, staff, send_now):
    bulletin = make_bulletin(health_page, user=staff)
    with pytest.raises(ActionRefused, match="Health policy commission has no members who receive bulletins yet"):
        send_now(bulletin_actions.send_bulletin, staff, bulletin)
    assert mail.outbox == []
