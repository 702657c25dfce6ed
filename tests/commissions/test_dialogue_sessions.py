"""Commission dialogue sessions: scheduled on an issue, the submitting units invited, officers answer for them,
the joining details for those attending only, and the note linked from each submission discussed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from commissions import actions as submission_actions
from commissions.actions import dialogue as actions
from commissions.models import DialogueInvitation, DialogueSession
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.commissions.forum_factories import dialogue_draft
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db
Response = DialogueInvitation.Response


@pytest.fixture
def second_unit(region):
    return make_unit("Bolton South East CLP", region=region)


@pytest.fixture
def second_officer(second_unit):
    user = factories.make_user(name="Olu Officer")
    join_unit(user, second_unit, "Policy officer")
    return user


@pytest.fixture
def submissions(submission, second_unit, second_officer, health, issue):
    other = submission_actions.submit(
        second_officer, health,
        submission_actions.SubmissionDraft(title="Community nursing in Bolton", text="More district nurses.", unit=second_unit, issue=issue),
    )
    return [submission, other]


@pytest.fixture
def session(chair, health, issue, submissions):
    return actions.schedule_dialogue_session(chair, health, issue, dialogue_draft(), submissions)


def test_scheduling_invites_each_submitting_unit_and_tells_its_officers(session, clp, second_unit, secretary, second_officer, unit_member):
    assert sorted(i.unit.name for i in session.invitations.all()) == [second_unit.name, clp.name]
    assert session.submissions.count() == 2
    for officer in (secretary, second_officer):
        note = Notification.objects.get(recipient=officer, kind="dialogue_invitation")
        assert "invites your unit to a phone conference" in note.title
    assert not Notification.objects.filter(recipient=unit_member, kind="dialogue_invitation").exists()


def test_the_schedule_form_offers_every_units_submission_ticked_and_invites_the_chosen(client, chair, health, issue, submissions, clp):
    client.force_login(chair)
    page = client.get(f"/commissions/{health.slug}/dialogue/new/", {"issue": issue.pk}).content.decode()
    assert page.count('checked') >= 2 and "Community nursing in Bolton" in page
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    response = client.post(f"/commissions/{health.slug}/dialogue/new/", {
        "issue": issue.pk, "title": "Care closer to home: the North West", "medium": "video",
        "starts_at": start.strftime("%Y-%m-%dT18:00"), "ends_at": start.strftime("%Y-%m-%dT19:00"),
        "joining_details": "https://video.example.org/hea-nw", "agenda": "1. Welcome",
        "submissions": [submissions[0].pk],
    })
    session = DialogueSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert [i.unit for i in session.invitations.all()] == [clp]


def test_bad_scheduling_input_is_explained_and_kept(client, chair, health, issue, submissions):
    client.force_login(chair)
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1))
    response = client.post(f"/commissions/{health.slug}/dialogue/new/", {
        "issue": issue.pk, "title": "Too late", "medium": "phone",
        "starts_at": yesterday.strftime("%Y-%m-%dT18:00"), "ends_at": yesterday.strftime("%Y-%m-%dT19:00"),
        "joining_details": "0800 496 0123", "agenda": "Our agenda text", "submissions": [submissions[0].pk],
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "is in the past" in page and "Our agenda text" in page
    with pytest.raises(ActionRefused, match="at least one submission"):
        actions.schedule_dialogue_session(chair, health, issue, dialogue_draft(), [])
    with pytest.raises(ActionRefused, match="must end after it starts"):
        draft = dialogue_draft()
        draft.ends_at = draft.starts_at - timedelta(minutes=5)
        actions.schedule_dialogue_session(chair, health, issue, draft, submissions)


def test_only_the_commission_and_staff_schedule(client, secretary, health, issue, submissions):
    with pytest.raises(ActionRefused, match="Only members of Health"):
        actions.schedule_dialogue_session(secretary, health, issue, dialogue_draft(), submissions)
    client.force_login(secretary)
    assert client.get(f"/commissions/{health.slug}/dialogue/new/").status_code == 403


def test_an_officer_answers_for_the_unit_and_the_joining_details_show_to_those_attending(client, session, secretary, unit_member, second_officer, chair):
    invitation = session.invitations.get(unit__name="Warrington North CLP")
    client.force_login(unit_member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Dial 0800 496 0123" not in page and "Answer for" not in page
    with pytest.raises(ActionRefused, match="Only officers"):
        actions.respond_to_invitation(unit_member, invitation, True)
    client.force_login(secretary)
    assert "Dial 0800 496 0123" not in client.get(session.get_absolute_url()).content.decode()
    response = client.post(f"/dialogue/{session.pk}/invitations/{invitation.pk}/", {f"i{invitation.pk}-attending": "yes"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == Response.ATTENDING and invitation.responded_by == secretary
    assert "Dial 0800 496 0123" in client.get(session.get_absolute_url()).content.decode()
    client.force_login(second_officer)  # invited, but Bolton has not said it will come
    assert "Dial 0800 496 0123" not in client.get(session.get_absolute_url()).content.decode()
    client.force_login(chair)
    assert "Dial 0800 496 0123" in client.get(session.get_absolute_url()).content.decode()


def test_an_officer_cannot_answer_for_another_units_invitation(client, session, secretary):
    other = session.invitations.get(unit__name="Bolton South East CLP")
    client.force_login(secretary)
    response = client.post(f"/dialogue/{session.pk}/invitations/{other.pk}/", {f"i{other.pk}-attending": "yes"})
    assert response.status_code == 403
    assert DialogueInvitation.objects.get(pk=other.pk).response == Response.PENDING


def test_a_session_is_hidden_from_members_it_does_not_concern(client, session):
    client.force_login(factories.make_user())
    assert client.get(session.get_absolute_url()).status_code == 403
    assert client.get(f"/dialogue/{session.pk}/session.ics").status_code == 404


def test_the_note_is_published_after_the_session_linked_from_each_submission_and_followers_told(
    client, session, chair, submissions, unit_member, second_officer
):
    with pytest.raises(ActionRefused, match="has not taken place yet"):
        actions.publish_note(chair, session, "Too early.")
    DialogueSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    session.refresh_from_db()
    client.force_login(chair)
    response = client.post(f"/dialogue/{session.pk}/note/", {"note": ""})
    assert response.status_code == 400
    client.post(f"/dialogue/{session.pk}/note/", {"note": "The commission agreed to **pilot** evening GP hours."})
    session.refresh_from_db()
    assert session.has_note
    for submission in submissions:
        client.force_login(submission.submitter)
        page = client.get(submission.get_absolute_url()).content.decode()
        assert f'href="{session.get_absolute_url()}"' in page and "note published" in page
    assert Notification.objects.filter(recipient=unit_member, kind="dialogue_note").count() == 1
    assert Notification.objects.filter(recipient=second_officer, kind="dialogue_note").exists()
    client.force_login(unit_member)
    assert "<strong>pilot</strong>" in client.get(session.get_absolute_url()).content.decode()
    # Correcting the note tells nobody again.
    actions.publish_note(chair, session, "Corrected note.")
    assert Notification.objects.filter(recipient=unit_member, kind="dialogue_note").count() == 1


def test_attending_units_officers_are_reminded_the_day_before(session, secretary):
    invitation = session.invitations.get(unit__name="Warrington North CLP")
    actions.respond_to_invitation(secretary, invitation, True)
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=18, minute=30)
    DialogueSession.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=1))
    call_command("send_event_reminders", stdout=io.StringIO())
    call_command("send_event_reminders", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=secretary, kind="dialogue_reminder").count() == 1


def test_the_schedule_form_sent_twice_schedules_one_session_and_invites_once(client, chair, health, issue, submissions, clp, secretary):
    import re

    client.force_login(chair)
    page = client.get(f"/commissions/{health.slug}/dialogue/new/", {"issue": issue.pk}).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    data = {
        "issue": issue.pk, "title": "Care closer to home: the North West", "medium": "video",
        "starts_at": start.strftime("%Y-%m-%dT18:00"), "ends_at": start.strftime("%Y-%m-%dT19:00"),
        "joining_details": "https://video.example.org/hea-nw", "agenda": "1. Welcome",
        "submissions": [submissions[0].pk], "idempotency_key": key,
    }
    first = client.post(f"/commissions/{health.slug}/dialogue/new/", data)
    again = client.post(f"/commissions/{health.slug}/dialogue/new/", data, follow=True)
    session = DialogueSession.objects.get()
    assert first.status_code == 302 and again.redirect_chain[0][0] == session.get_absolute_url()
    assert "scheduled already" in again.content.decode()
    assert Notification.objects.filter(recipient=secretary, kind="dialogue_invitation").count() == 1
