"""Local policy forums as events: organising one, its page and calendar, registering, the waiting list,
the wider community's registration, the organiser's register, reminders, and bad input kept and explained."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from commissions.actions import forums as actions
from commissions.models import Forum, ForumRegistration
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.commissions.forum_factories import (
    forum_draft,
    make_forum,
    move_to_past,
    move_to_tomorrow,
)
from tests.networks import factories
from tests.networks.factories import join_unit, make_constituency, make_coordinator, make_unit

pytestmark = pytest.mark.django_db
Status = ForumRegistration.Status


@pytest.fixture
def constituency(region):
    return make_constituency("Warrington North", region=region)


@pytest.fixture
def clp_in_constituency(clp, constituency):
    clp.constituency = constituency
    clp.save()
    return clp


@pytest.fixture
def forum(secretary, clp_in_constituency, issue):
    return make_forum(secretary, clp_in_constituency, issue, capacity=2)


def _guest_link(purpose: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(rf"(/forums/places/[^/\s]+/{purpose}/)", body)
    assert match, body
    return match.group(1)


# Organising ----------------------------------------------------------------------------------


def test_an_officer_organises_a_forum_for_their_unit(secretary, clp_in_constituency, issue, health, region, constituency):
    forum = make_forum(secretary, clp_in_constituency, issue, questions="Which services should move?\nHow do we staff them?")
    assert forum.organiser == secretary
    assert (forum.region, forum.constituency, forum.commission) == (region, constituency, health)
    assert forum.postcode == "WA2 7AA" and forum.is_local_forum


def test_the_constituencys_coordinator_organises_for_a_unit_they_are_not_in(clp_in_constituency, constituency, issue):
    coordinator = factories.make_user(name="Jo Halliwell")
    make_coordinator(coordinator, constituency, unit=clp_in_constituency)
    forum = make_forum(coordinator, clp_in_constituency, issue)
    assert forum.organiser == coordinator


def test_an_officer_without_a_verified_membership_cannot_organise(clp, issue):
    officer = factories.make_user(name="Unverified Officer", verified=False)
    join_unit(officer, clp, "Secretary")
    with pytest.raises(ActionRefused, match="needs a verified party membership"):
        make_forum(officer, clp, issue)


def test_an_ordinary_member_cannot_organise(unit_member, clp, issue):
    with pytest.raises(ActionRefused, match="Only officers of Warrington North CLP"):
        make_forum(unit_member, clp, issue)
    assert not Forum.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"starts_at": timezone.now() - timedelta(days=1), "ends_at": timezone.now()}, "is in the past"),
        ({"ends_at": timezone.now() + timedelta(days=6)}, "must end after it starts"),
        ({"postcode": "not a postcode"}, "is not a UK post code"),
        ({"postcode": ""}, "Give the post code"),
        ({"venue": "", "online_url": ""}, "the address where the forum meets, or the link"),
        ({"venue": "", "online_url": "javascript:alert(1)"}, "must be a web address"),
        ({"capacity": 0}, "1 or more"),
        ({"organiser_contact": " "}, "phone number or email address"),
    ],
)
def test_bad_forum_details_are_refused_with_the_reason(secretary, clp, issue, overrides, message):
    with pytest.raises(ActionRefused, match=message):
        make_forum(secretary, clp, issue, **overrides)


def test_the_form_keeps_what_was_typed_when_the_start_is_in_the_past(client, secretary, clp, issue):
    client.force_login(secretary)
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1))
    response = client.post("/forums/new/", {
        "unit": clp.pk, "title": "Our forum on GP access", "topic": f"issue:{issue.pk}",
        "description": "We will talk about *evening* appointments.", "starts_at": yesterday.strftime("%Y-%m-%dT19:00"),
        "ends_at": yesterday.strftime("%Y-%m-%dT21:00"), "venue": "The Parr Hall", "postcode": "WA1 1BL",
        "openness": "members", "organiser_contact": "07700 900123",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "is in the past" in page
    assert "We will talk about *evening* appointments." in page and "The Parr Hall" in page
    assert not Forum.objects.exists()


def test_a_malformed_date_is_a_clear_form_error_not_a_500(client, secretary, clp, issue):
    client.force_login(secretary)
    response = client.post("/forums/new/", {"unit": clp.pk, "title": "T", "topic": f"issue:{issue.pk}",
                                            "starts_at": "next tuesday", "ends_at": "", "organiser_contact": "x"})
    assert response.status_code == 400
    assert "Enter a date and time, such as 14/05/2026 19:00." in response.content.decode()


def test_the_organise_page_is_refused_to_members_who_organise_for_no_unit(client, unit_member):
    client.force_login(unit_member)
    response = client.get("/forums/new/")
    assert response.status_code == 403
    assert "organised by a party unit&#x27;s officers" in response.content.decode()


def test_the_organiser_moves_the_forum_and_registrants_are_told(secretary, forum, unit_member):
    actions.register(unit_member, forum)
    later = forum.starts_at + timedelta(days=1)
    actions.update_forum(secretary, forum, forum_draft(unit=forum.unit, issue=forum.issue, starts_at=later,
                                                       ends_at=later + timedelta(hours=2), capacity=2))
    note = Notification.objects.get(recipient=unit_member, kind="forum_changed")
    assert "has changed" in note.title


def test_cancelling_tells_everyone_registered_with_the_reason(secretary, forum, unit_member, client):
    actions.register(unit_member, forum)
    with pytest.raises(ActionRefused, match="Say why"):
        actions.cancel_forum(secretary, forum, "")
    actions.cancel_forum(secretary, forum, "The hall flooded.")
    note = Notification.objects.get(recipient=unit_member, kind="forum_cancelled")
    assert note.text == "The hall flooded."
    client.force_login(unit_member)
    assert "This forum was cancelled" in client.get(forum.get_absolute_url()).content.decode()
    with pytest.raises(ActionRefused, match="cancelled"):
        actions.register(factories.make_user(), forum)


# The page and its calendar ---------------------------------------------------------------------------


def test_the_contact_and_online_link_are_shown_only_to_registrants(client, forum, unit_member):
    Forum.objects.filter(pk=forum.pk).update(online_url="https://meet.example.org/warrington")
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "07700 900123" not in page and "meet.example.org" not in page
    client.force_login(unit_member)
    client.post(f"/forums/{forum.pk}/register/")
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "07700 900123" in page and "https://meet.example.org/warrington" in page


def test_the_forum_ics_and_the_unit_constituency_and_region_calendars_list_it(client, forum, clp_in_constituency, constituency, region):
    event = Calendar.from_ical(client.get(f"/forums/{forum.pk}/forum.ics").content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Local policy forum: Care closer to home: what Warrington wants"
    assert "WA2 7AA" in str(event["location"])
    assert event.decoded("dtstart") == forum.starts_at.replace(microsecond=0)
    for path in (f"/units/{clp_in_constituency.slug}/forums.ics", f"/constituencies/{constituency.slug}/forums.ics",
                 f"/regions/{region.slug}/forums.ics"):
        response = client.get(path)
        assert response["Content-Type"].startswith("text/calendar"), path
        assert [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == [str(event["uid"])]
    feed = client.get(f"/regions/{region.slug}/forums/feed/").content.decode()
    assert "Care closer to home: what Warrington wants" in feed and f"/forums/{forum.pk}/" in feed


def test_a_unit_only_forum_is_hidden_from_other_members_and_from_public_calendars(client, secretary, clp, issue, region):
    forum = make_forum(secretary, clp, issue, openness=Forum.Openness.UNIT)
    outsider = factories.make_user()
    client.force_login(outsider)
    response = client.get(forum.get_absolute_url())
    assert response.status_code == 403 and "open to members of its party unit only" in response.content.decode()
    client.logout()
    assert client.get(f"/forums/{forum.pk}/forum.ics").status_code == 404
    assert Calendar.from_ical(client.get(f"/regions/{region.slug}/forums.ics").content).walk("VEVENT") == []
    client.force_login(secretary)
    assert client.get(forum.get_absolute_url()).status_code == 200


def test_an_unknown_calendar_or_forum_is_a_404(client, db):
    assert client.get("/units/nowhere/forums.ics").status_code == 404
    assert client.get("/forums/99999999999999999999/").status_code == 404
    assert client.get("/forums/424242/").status_code == 404


# Taking part ----------------------------------------------------------------------------------------


def test_members_register_with_one_post_and_past_capacity_join_the_waiting_list(client, forum):
    first, second, third = (factories.make_user(name=name) for name in ("Ann", "Bob", "Cat"))
    for user in (first, second, third):
        client.force_login(user)
        client.post(f"/forums/{forum.pk}/register/")
    statuses = dict(ForumRegistration.objects.values_list("user__profile__display_name", "status"))
    assert statuses == {"Ann": Status.REGISTERED, "Bob": Status.REGISTERED, "Cat": Status.WAITING}
    response = client.get(forum.get_absolute_url())
    assert "You are on the waiting list." in response.content.decode()


def test_registering_twice_says_so(client, forum, unit_member):
    client.force_login(unit_member)
    client.post(f"/forums/{forum.pk}/register/")
    response = client.post(f"/forums/{forum.pk}/register/", follow=True)
    assert "You are already registered for this forum." in response.content.decode()
    assert ForumRegistration.objects.filter(user=unit_member).count() == 1


def test_cancelling_a_place_gives_it_to_the_first_person_waiting(forum):
    ann, bob, cat, dan = (factories.make_user() for _ in range(4))
    for user in (ann, bob, cat, dan):
        actions.register(user, forum)
    actions.cancel_registration(ann, forum)
    statuses = dict(ForumRegistration.objects.values_list("user", "status"))
    assert statuses[ann.pk] == Status.CANCELLED and statuses[cat.pk] == Status.REGISTERED
    assert statuses[dan.pk] == Status.WAITING
    assert Notification.objects.filter(recipient=cat, kind="forum_place").exists()
    assert not Notification.objects.filter(recipient=dan, kind="forum_place").exists()


def test_cancelling_a_registration_one_does_not_have_is_explained(client, forum, unit_member):
    client.force_login(unit_member)
    response = client.post(f"/forums/{forum.pk}/unregister/", follow=True)
    assert "You are not registered for this forum, so there is nothing to cancel." in response.content.decode()


def test_a_visitor_who_posts_register_is_sent_to_sign_in(client, forum):
    response = client.post(f"/forums/{forum.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_unit_only_forum_refuses_members_of_other_units(secretary, clp, issue):
    forum = make_forum(secretary, clp, issue, openness=Forum.Openness.UNIT)
    other = factories.make_user()
    join_unit(other, make_unit("Leeds Central CLP"), "Member")
    with pytest.raises(ActionRefused):
        actions.register(other, forum)


def test_registration_closes_when_the_forum_starts(forum, unit_member):
    move_to_past(forum, days=0)
    with pytest.raises(ActionRefused, match="registration has closed"):
        actions.register(unit_member, forum)


# The wider community -----------------------------------------------------------------------------------


@pytest.fixture
def community_forum(secretary, clp_in_constituency, issue):
    return make_forum(secretary, clp_in_constituency, issue, openness=Forum.Openness.COMMUNITY, capacity=1)


def test_the_community_registers_with_name_and_email_and_a_confirmation_link(client, community_forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/forums/{community_forum.pk}/join/", {"name": "Pat Resident", "email": "Pat@Example.org", "follows_outcome": "on"})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    registration = ForumRegistration.objects.get()
    assert registration.status == Status.UNCONFIRMED and registration.email == "pat@example.org"
    assert mail.outbox[-1].to == ["pat@example.org"]
    link = _guest_link("confirm")
    # The link's page asks before it acts (mail scanners follow links).
    assert "Confirm my place" in client.get(link).content.decode()
    assert ForumRegistration.objects.get().status == Status.UNCONFIRMED
    page = client.post(link).content.decode()
    assert "You are registered." in page and "07700 900123" in page
    assert ForumRegistration.objects.get().status == Status.REGISTERED
    # Nothing about them shows on the public page.
    assert "Pat Resident" not in client.get(community_forum.get_absolute_url()).content.decode()


def test_a_second_confirmation_past_capacity_goes_to_the_waiting_list(client, community_forum, django_capture_on_commit_callbacks):
    links = []
    for name, email in (("Pat", "pat@example.org"), ("Sam", "sam@example.org")):
        with django_capture_on_commit_callbacks(execute=True):
            actions.register_guest(community_forum, name=name, email=email, follows_outcome=False)
        links.append(_guest_link("confirm"))
    for link in links:
        client.post(link)
    assert dict(ForumRegistration.objects.values_list("name", "status")) == {"Pat": Status.REGISTERED, "Sam": Status.WAITING}


def test_a_guest_cancels_by_their_link_and_a_tampered_link_does_nothing(client, community_forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.register_guest(community_forum, name="Pat", email="pat@example.org", follows_outcome=False)
    confirm = _guest_link("confirm")
    client.post(confirm)
    cancel = confirm.replace("/confirm/", "/cancel/")
    assert client.post(cancel).status_code == 400  # a confirm token is not a cancel token
    with django_capture_on_commit_callbacks(execute=True):
        actions.register_guest(community_forum, name="Pat", email="pat@example.org", follows_outcome=False)
    assert "already registered" in mail.outbox[-1].subject
    client.post(_guest_link("cancel"))
    assert ForumRegistration.objects.get().status == Status.CANCELLED
    assert client.get("/forums/places/garbage/confirm/").status_code == 400


def test_guest_registration_is_refused_on_a_members_forum_and_bad_email_keeps_the_text(client, forum, community_forum):
    with pytest.raises(ActionRefused, match="open to party members only"):
        actions.register_guest(forum, name="Pat", email="pat@example.org", follows_outcome=False)
    response = client.post(f"/forums/{community_forum.pk}/join/", {"name": "Pat Resident", "email": "not-an-email"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address such as name@example.org." in page and "Pat Resident" in page


# The organiser's register -------------------------------------------------------------------------------------


def test_only_the_organiser_and_staff_see_the_register(client, forum, secretary, unit_member, staff):
    actions.register(unit_member, forum)
    fellow_officer = factories.make_user()
    join_unit(fellow_officer, forum.unit, "Chair")
    for user, status in ((unit_member, 403), (fellow_officer, 403), (secretary, 200), (staff, 200)):
        client.force_login(user)
        assert client.get(f"/forums/{forum.pk}/register-list/").status_code == status, user


def test_the_organiser_messages_registrants_once(forum, secretary, unit_member, django_capture_on_commit_callbacks):
    actions.register(unit_member, forum)
    with django_capture_on_commit_callbacks(execute=True):
        count = actions.message_registrants(secretary, forum, "Parking at the centre", "Use the Orford Lane car park.")
    assert count == 1
    assert mail.outbox[-1].to == [unit_member.email] and "Use the Orford Lane car park." in mail.outbox[-1].body
    with pytest.raises(ActionRefused, match="already sent"):
        actions.message_registrants(secretary, forum, "Again", "Second message")


def test_attendance_is_recorded_after_the_forum_only(forum, secretary, unit_member):
    registration = actions.register(unit_member, forum)
    with pytest.raises(ActionRefused, match="has not started yet"):
        actions.record_attendance(secretary, forum, {registration.pk})
    move_to_past(forum)
    figures = actions.record_attendance(secretary, forum, {registration.pk}, walk_ins=4)
    assert figures == {"members": 1, "community": 0, "walk_ins": 4, "total": 5}
    with pytest.raises(ActionRefused, match="not on this forum's register"):
        actions.record_attendance(secretary, forum, {registration.pk + 999})


def test_the_attendance_form_rejects_a_negative_walk_in_count(client, forum, secretary):
    move_to_past(forum)
    client.force_login(secretary)
    response = client.post(f"/forums/{forum.pk}/attendance/", {"walk_ins": "-3"})
    assert response.status_code == 400 and "Give 0 or more." in response.content.decode()


# Reminders ---------------------------------------------------------------------------------------------------


def test_everyone_with_a_place_is_reminded_the_day_before_once(forum, unit_member):
    actions.register(unit_member, forum)
    call_command("send_event_reminders", stdout=io.StringIO())
    assert not Notification.objects.filter(kind="forum_reminder").exists()  # a week away
    move_to_tomorrow(forum)
    call_command("send_event_reminders", stdout=io.StringIO())
    call_command("send_event_reminders", stdout=io.StringIO())
    reminders = Notification.objects.filter(kind="forum_reminder", recipient=unit_member)
    assert reminders.count() == 1 and reminders.get().title.startswith("Tomorrow at 19:00")


def test_a_guest_is_reminded_by_email(community_forum, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.register_guest(community_forum, name="Pat", email="pat@example.org", follows_outcome=False)
    client.post(_guest_link("confirm"))
    move_to_tomorrow(community_forum)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders() == 1
    assert mail.outbox[-1].to == ["pat@example.org"] and mail.outbox[-1].subject.endswith(
        "Tomorrow at 19:00: Care closer to home: what Warrington wants"
    )


def test_the_organise_form_sent_twice_publishes_one_forum(client, secretary, clp, issue):
    """A double click or a retried request: the first forum's page, and its people invited once (issue 19 item 22)."""
    import re

    client.force_login(secretary)
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', client.get("/forums/new/").content.decode()).group(1)
    start = timezone.localtime(timezone.now() + timedelta(days=7))
    data = {
        "unit": clp.pk, "title": "Our forum on GP access", "topic": f"issue:{issue.pk}", "description": "Evening hours.",
        "starts_at": start.strftime("%Y-%m-%dT19:00"), "ends_at": start.strftime("%Y-%m-%dT21:00"),
        "venue": "The Parr Hall", "postcode": "WA1 1BL", "openness": "members", "organiser_contact": "07700 900123",
        "idempotency_key": key,
    }
    first = client.post("/forums/new/", data)
    again = client.post("/forums/new/", data, follow=True)
    forum = Forum.objects.get()
    assert first.status_code == 302 and first["Location"] == forum.get_absolute_url()
    assert again.redirect_chain[0][0] == forum.get_absolute_url()
    assert "published already" in again.content.decode()
