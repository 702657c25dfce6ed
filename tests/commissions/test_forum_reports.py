"""Report back closes the loop: the forum's report becomes its unit's forum-report submission, with the figures
from the register; everyone who attended follows it to the commission's answer; the figures count forums."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail

from commissions import actions as submission_actions
from commissions.actions import forums as actions
from commissions.models import Forum, ForumRegistration, Submission
from commissions.selectors import accountability_figures
from discussions.models import Notification
from networks.actions import ActionRefused
from networks.permissions import can
from tests.commissions.forum_factories import make_forum, move_to_past
from tests.networks import factories
from tests.networks.factories import make_constituency, make_coordinator

pytestmark = pytest.mark.django_db
Status = Submission.Status


@pytest.fixture
def forum(secretary, clp, issue):
    return make_forum(secretary, clp, issue, openness=Forum.Openness.COMMUNITY)


@pytest.fixture
def attendees(forum, client, django_capture_on_commit_callbacks):
    """Two members from elsewhere, one who did not come, and two community participants (one who wants news)."""
    came = [factories.make_user(name="Ann Attender"), factories.make_user(name="Bob Attender")]
    stayed_home = factories.make_user(name="Nora No-show")
    for user in [*came, stayed_home]:
        actions.register(user, forum)
    guests = {}
    for name, email, follows in (("Pat Resident", "pat@example.org", True), ("Quinn Quiet", "quinn@example.org", False)):
        with django_capture_on_commit_callbacks(execute=True):
            actions.register_guest(forum, name=name, email=email, follows_outcome=follows)
        client.post(re.search(r"(/forums/places/[^/\s]+/confirm/)", mail.outbox[-1].body).group(1))
        guests[name] = ForumRegistration.objects.get(email=email)
    return {"came": came, "stayed_home": stayed_home, "guests": guests}


def _attended(forum, attendees, secretary, walk_ins=3):
    move_to_past(forum)
    ids = {r.pk for r in ForumRegistration.objects.filter(user__in=attendees["came"])}
    ids |= {guest.pk for guest in attendees["guests"].values()}
    return actions.record_attendance(secretary, forum, ids, walk_ins=walk_ins)


def test_a_report_for_a_forum_that_has_not_happened_is_refused(forum, secretary, client):
    with pytest.raises(ActionRefused, match="has not happened yet"):
        actions.file_report(secretary, forum, title="Our report", text="We said things.")
    client.force_login(secretary)
    response = client.post(f"/forums/{forum.pk}/report/", {"title": "Our forum's report", "text": "Evening GP hours, please."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "has not happened yet" in page and "Evening GP hours, please." in page
    assert not Submission.objects.exists()


def test_a_report_needs_the_register_first(forum, secretary):
    move_to_past(forum)
    with pytest.raises(ActionRefused, match="Record who attended first"):
        actions.file_report(secretary, forum, title="Our report", text="We said things.")


def test_the_report_becomes_the_units_forum_report_with_the_registers_figures(forum, attendees, secretary, clp, issue, health):
    figures = _attended(forum, attendees, secretary)
    assert figures == {"members": 2, "community": 2, "walk_ins": 3, "total": 7}
    submission = actions.file_report(secretary, forum, title="Care closer to home: our forum", text="Evening GP hours.")
    forum.refresh_from_db()
    assert forum.report == submission
    assert (submission.kind, submission.unit, submission.issue, submission.commission) == (
        Submission.Kind.FORUM_REPORT, clp, issue, health
    )
    assert submission.forum_attendees == 7 and submission.community_took_part is True
    assert submission.forum_held_on == forum.starts_at.astimezone().date()
    followers = set(submission.followers.values_list("pk", flat=True))
    assert {user.pk for user in attendees["came"]} <= followers
    assert attendees["stayed_home"].pk not in followers
    with pytest.raises(ActionRefused, match="already been sent"):
        actions.file_report(secretary, forum, title="Again", text="Again")
    with pytest.raises(ActionRefused, match="can no longer change"):
        actions.record_attendance(secretary, forum, set())


def test_a_coordinator_files_the_report_for_a_unit_they_are_not_in(clp, region, issue):
    constituency = make_constituency("Warrington North", region=region)
    clp.constituency = constituency
    clp.save()
    coordinator = factories.make_user(name="Jo Halliwell")
    make_coordinator(coordinator, constituency, unit=clp)
    forum = make_forum(coordinator, clp, issue)
    move_to_past(forum)
    actions.record_attendance(coordinator, forum, set(), walk_ins=12)
    submission = actions.file_report(coordinator, forum, title="Report from Warrington North", text="Twelve came.")
    assert submission.unit == clp and submission.submitter == coordinator and submission.forum_attendees == 12


def test_attendees_hear_every_status_change_and_the_response_by_their_chosen_channel(
    forum, attendees, secretary, chair, django_capture_on_commit_callbacks
):
    _attended(forum, attendees, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        submission = actions.file_report(secretary, forum, title="Care closer to home: our forum", text="Evening GP hours.")
    ann, bob = attendees["came"]
    assert Notification.objects.filter(recipient=ann, kind="forum_report").exists()
    assert any(m.to == ["pat@example.org"] and "has gone to Health" in m.subject for m in mail.outbox)
    from discussions.models import EmailPreference
    from discussions.notifications import set_email_delivery

    set_email_delivery(bob, EmailPreference.Delivery.DIGEST)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
        submission_actions.set_submission_status(
            chair, submission, Status.RESPONDED, response="The commission will pilot evening opening in the North West."
        )
    for user in (ann, bob):
        notes = Notification.objects.filter(recipient=user, kind="submission_status").order_by("created_at")
        assert [n.title.rsplit(": ", 1)[-1] for n in notes] == ["Acknowledged", "Responded"]
    assert "pilot evening opening" in Notification.objects.get(recipient=ann, title__endswith="Responded").text
    recipients = [m.to for m in mail.outbox]
    assert [ann.email] in recipients and [bob.email] not in recipients  # Bob chose the daily digest
    to_pat = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert len(to_pat) == 2 and "pilot evening opening" in to_pat[-1].body
    assert not any(m.to == ["quinn@example.org"] for m in mail.outbox)  # Quinn did not ask to hear


def test_a_community_participant_stops_the_updates_by_their_link(forum, attendees, secretary, chair, client, django_capture_on_commit_callbacks):
    _attended(forum, attendees, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        submission = actions.file_report(secretary, forum, title="Our forum's report", text="Evening GP hours.")
    stop = re.search(r"(/forums/places/[^/\s]+/stop/)", [m for m in mail.outbox if m.to == ["pat@example.org"]][-1].body)
    client.post(stop.group(1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    assert not any(m.to == ["pat@example.org"] for m in mail.outbox)


def test_an_attendee_from_another_unit_reads_the_report_but_does_not_reply(forum, attendees, secretary, client, chair):
    _attended(forum, attendees, secretary)
    submission = actions.file_report(secretary, forum, title="Our forum's report", text="Evening GP hours.")
    ann, _bob = attendees["came"]
    stayed_home = attendees["stayed_home"]
    assert can(ann, "view_submission", submission) and not can(ann, "reply_submission", submission)
    assert not can(stayed_home, "view_submission", submission)
    client.force_login(ann)
    assert client.get(submission.get_absolute_url()).status_code == 200
    client.force_login(stayed_home)
    assert client.get(submission.get_absolute_url()).status_code == 403


def test_the_forum_page_shows_the_live_status_timeline_and_the_way_to_the_response(forum, attendees, secretary, chair, client):
    _attended(forum, attendees, secretary)
    submission = actions.file_report(secretary, forum, title="Our forum's report", text="Evening GP hours.")
    submission_actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    submission_actions.set_submission_status(chair, submission, Status.RESPONDED, response="We will pilot it.")
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "What happened to what we said" in page
    assert submission.reference in page and 'class="status status-responded"' in page
    assert page.index("Received") < page.index("Acknowledged") < page.index("Responded</strong>")
    assert "Read the report and the commission" not in page  # a visitor sees where it is, not the dialogue
    client.force_login(attendees["came"][0])
    page = client.get(forum.get_absolute_url()).content.decode()
    assert f'href="{submission.get_absolute_url()}"' in page


def test_the_home_page_links_an_attendee_to_what_happened(forum, attendees, secretary, client):
    from tests.home.factories import site_tree

    site_tree()
    _attended(forum, attendees, secretary)
    actions.file_report(secretary, forum, title="Our forum's report", text="Evening GP hours.")
    client.force_login(attendees["came"][0])
    page = client.get("/").content.decode()
    assert f'href="/forums/{forum.pk}/#outcome-heading"' in page and "What happened to what we said" in page


def test_the_figures_count_forums_held_people_reached_and_reports_answered_by_region(
    forum, attendees, secretary, chair, health, client, region
):
    _attended(forum, attendees, secretary)
    submission = actions.file_report(secretary, forum, title="Our forum's report", text="Evening GP hours.")
    submission_actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    submission_actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you.")
    # A second forum report, not yet answered, and a forum still to come (not "held").
    second = make_forum(secretary, forum.unit, forum.issue, title="A second forum")
    move_to_past(second)
    actions.record_attendance(secretary, second, set(), walk_ins=10)
    actions.file_report(secretary, second, title="Second forum report", text="More.")
    make_forum(secretary, forum.unit, forum.issue, title="Still to come")
    tally = accountability_figures([health])[health.pk].overall
    assert (tally.forums_held, tally.people_reached, tally.members_reached, tally.community_reached) == (2, 17, 2, 2)
    assert (tally.forum_reports, tally.forum_reports_answered, tally.percent_forum_reports_answered) == (2, 1, 50)
    rows = list(csv.DictReader(io.StringIO(client.get("/commissions/health/figures.csv").content.decode())))
    by_region = {row["region"]: row for row in rows}
    assert by_region["North West"]["forums_held"] == "2" and by_region["North West"]["people_reached"] == "17"
    assert by_region["All regions"]["forum_reports_answered_percent"] == "50"
    page = client.get("/commissions/health/").content.decode()
    assert "Forums held" in page and "Forum reports answered" in page and "50%" in page


def test_the_member_data_download_and_deletion_cover_forum_places(forum, attendees, secretary):
    from networks.member_data import erase_member, export_member_data

    ann = attendees["came"][0]
    data = export_member_data(ann)
    assert [r["forum"] for r in data["forum_registrations"]] == [forum.title]
    assert [f["title"] for f in export_member_data(secretary)["forums_organised"]] == [forum.title]
    erase_member(ann)
    assert not ForumRegistration.objects.filter(user=ann).exists()
