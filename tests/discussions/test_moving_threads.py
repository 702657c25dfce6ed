"""Moving a thread into a members-only network: the moderator is warned who would lose it, and they are told."""

from __future__ import annotations

import pytest

from discussions import actions
from discussions.models import ModerationLogEntry, Notification
from tests.networks import factories


@pytest.fixture
def governors(moderator):
    network = factories.make_network("School Governors Network", slug="school-governors", members_only=True)
    factories.make_membership(moderator, network, "moderator")
    return network


@pytest.fixture
def housing(moderator):
    network = factories.make_network("Housing Network", slug="housing")
    factories.make_membership(moderator, network, "moderator")
    return network


def move(client, thread, destination, **extra):
    data = {"operation": "move", "move-destination": destination.pk, "move-reason": "Schools are discussed there"}
    data.update({f"move-{key}": value for key, value in extra.items()})
    return client.post(f"/discussions/threads/{thread.pk}/moderate/", data)


def test_the_move_form_names_who_would_lose_access_before_anything_moves(client, thread, moderator, other, governors, housing):
    actions.post_reply(other, thread, body="Same in our area.")
    client.force_login(moderator)

    page = client.get(f"/discussions/threads/{thread.pk}/moderate/").content.decode()

    warning = page[page.index('id="move-lockouts"'):page.index("</div>", page.index('id="move-lockouts"'))]
    assert "Moved to School Governors Network:" in warning
    assert "Aisha Author (the thread's author), Omar Other" in warning
    assert "Housing Network" not in warning  # public: nobody loses it


def test_moving_without_confirming_is_refused_with_the_names_and_nothing_moves(client, thread, moderator, governors):
    client.force_login(moderator)

    response = move(client, thread, governors)

    assert response.status_code == 400
    page = response.content.decode()
    assert "School Governors Network is members-only and 1 person who took part in this thread cannot read it there: Aisha Author." in page
    assert "Schools are discussed there" in page  # the reason typed is kept
    thread.refresh_from_db()
    assert thread.network.slug == "health"


def test_a_confirmed_move_tells_the_author_they_lost_access_and_where_to_ask_to_join(client, thread, author, moderator, governors):
    client.force_login(moderator)

    response = move(client, thread, governors, lockout_confirmed="on")

    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.network == governors
    told = Notification.objects.get(recipient=author, kind="moderation")
    assert told.title == "A moderator moved “GP waiting times in rural areas” to School Governors Network, a members-only network you are not in"
    assert told.url == governors.url
    assert "Ask to join School Governors Network" in told.text
    assert ModerationLogEntry.objects.filter(action="move", detail__contains="1 person who took part lost access").count() == 2


def test_an_author_who_can_still_read_it_is_told_of_the_move(client, thread, author, moderator, housing):
    client.force_login(moderator)

    move(client, thread, housing)

    told = Notification.objects.get(recipient=author, kind="moderation")
    assert told.title == "A moderator moved your thread “GP waiting times in rural areas” from Health Network to Housing Network"
    assert told.url == thread.get_absolute_url().replace("/health/", "/housing/")
    assert told.text == "Reason: Schools are discussed there"


def test_members_of_the_destination_are_not_warned_about(client, thread, author, moderator, governors):
    factories.make_membership(author, governors)
    client.force_login(moderator)
    assert 'id="move-lockouts"' not in client.get(f"/discussions/threads/{thread.pk}/moderate/").content.decode()
    assert move(client, thread, governors).status_code == 302
