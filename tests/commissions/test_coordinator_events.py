"""Coordinators' briefing and training events: scheduled by staff (nationally) or a regional office (for its region),
the coordinators they are for invited, and registering as at a forum."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from commissions.actions import forums as actions
from commissions.models import Forum, ForumRegistration
from discussions.models import Notification
from networks.actions import ActionRefused
from networks.models import Coordinator
from tests.commissions.forum_factories import forum_draft
from tests.networks import factories
from tests.networks.factories import make_constituency, make_coordinator, make_region, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    north_west, wales = make_region("North West"), make_region("Wales")
    return {"north_west": north_west, "wales": wales,
            "warrington": make_constituency("Warrington North", region=north_west),
            "cardiff": make_constituency("Cardiff West", region=wales)}


@pytest.fixture
def coordinators(places):
    jo = factories.make_user("jo@example.org", name="Jo Halliwell")
    make_coordinator(jo, places["warrington"])
    bethan = factories.make_user("bethan@example.org", name="Bethan Morgan")
    make_coordinator(bethan, places["cardiff"])
    # Signed up on paper: no account, only the address they gave.
    Coordinator.objects.create(full_name="Tom Barker", address="3 Princes Street", postcode="WA1 1AA",
                               unit=make_unit("Warrington South CLP", region=places["north_west"]), position="Secretary",
                               constituency=places["warrington"], region=places["north_west"], email="tom.barker@example.org")
    return {"jo": jo, "bethan": bethan}


@pytest.fixture
def office(places):
    user = factories.make_user("northwest.office@example.org", name="Nadia North West Office", two_factor=True)
    places["north_west"].staff.add(user)
    return user


def _briefing(user, region, **overrides):
    return actions.schedule_coordinator_event(
        user, forum_draft(title="Briefing on the new work programme", kind=Forum.Kind.BRIEFING, region=region, **overrides)
    )


def test_a_regional_office_schedules_for_its_region_and_its_coordinators_are_invited(
    places, coordinators, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = _briefing(office, places["north_west"])
    assert event.openness == Forum.Openness.COORDINATORS and event.region == places["north_west"]
    assert Notification.objects.filter(recipient=coordinators["jo"], kind="coordinator_event").exists()
    assert not Notification.objects.filter(recipient=coordinators["bethan"]).exists()
    assert any(m.to == ["tom.barker@example.org"] and "You are invited" in m.subject for m in mail.outbox)
    assert event.get_absolute_url() == f"/coordinators/events/{event.pk}/"


def test_a_regional_office_cannot_schedule_nationally_or_for_another_region(places, office):
    with pytest.raises(ActionRefused, match="national staff"):
        _briefing(office, None)
    with pytest.raises(ActionRefused, match="region's office"):
        _briefing(office, places["wales"])


def test_staff_schedule_a_national_training_event_for_every_coordinator(places, coordinators):
    staff = factories.make_user(staff=True)
    event = actions.schedule_coordinator_event(
        staff, forum_draft(title="Running a forum: training", kind=Forum.Kind.TRAINING, region=None, venue="",
                           postcode="", online_url="https://video.example.org/pip-training")
    )
    assert {n.recipient for n in Notification.objects.filter(kind="coordinator_event")} == {coordinators["jo"], coordinators["bethan"]}
    assert event.is_national and event.is_online_only


def test_coordinators_register_others_may_not(client, places, coordinators, office):
    event = _briefing(office, places["north_west"])
    actions.register(coordinators["jo"], event)
    with pytest.raises(ActionRefused, match="PiP coordinators only"):
        actions.register(factories.make_user(), event)
    client.force_login(coordinators["bethan"])  # a coordinator, but in Wales
    assert client.get(event.get_absolute_url()).status_code == 403
    client.force_login(coordinators["jo"])
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You are registered." in page and "07700 900123" in page


def test_a_coordinator_without_an_account_registers_with_their_coordinators_address(
    client, places, coordinators, office, django_capture_on_commit_callbacks
):
    event = _briefing(office, places["north_west"])
    with pytest.raises(ActionRefused, match="the email address you signed up as a coordinator with"):
        actions.register_guest(event, name="Someone", email="someone@example.org", follows_outcome=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register_guest(event, name="Tom Barker", email="Tom.Barker@example.org", follows_outcome=False)
    client.post(re.search(r"(/forums/places/[^/\s]+/confirm/)", mail.outbox[-1].body).group(1))
    assert ForumRegistration.objects.get(email="tom.barker@example.org").status == ForumRegistration.Status.REGISTERED


def test_the_events_page_lists_what_the_member_may_attend(client, places, coordinators, office):
    _briefing(office, places["north_west"])
    client.force_login(coordinators["jo"])
    assert "Briefing on the new work programme" in client.get("/coordinators/events/").content.decode()
    client.force_login(coordinators["bethan"])
    assert "Briefing on the new work programme" not in client.get("/coordinators/events/").content.decode()
    client.force_login(office)
    page = client.get("/coordinators/events/").content.decode()
    assert "Schedule an event" in page
    assert client.get("/coordinators/events/new/").status_code == 200
    client.force_login(coordinators["jo"])
    assert client.get("/coordinators/events/new/").status_code == 403


def test_the_schedule_form_keeps_the_text_and_explains_a_past_start(client, places, office):
    client.force_login(office)
    response = client.post("/coordinators/events/new/", {
        "kind": "briefing", "region": places["north_west"].pk, "title": "Autumn briefing",
        "description": "What the NPF decided.", "starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T12:00",
        "online_url": "https://video.example.org/x", "organiser_contact": "northwest@example.org",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "is in the past" in page and "What the NPF decided." in page
