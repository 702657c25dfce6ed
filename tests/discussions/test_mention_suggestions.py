"""Mentioning a member: their handle is on their profile, and typing "@" and a name suggests it.

Suggestions only offer names already shown in the network (its posts' authors), so they never
reveal who belongs to the party or to a members-only network.
"""

from __future__ import annotations

import pytest

from discussions.actions import post_reply, start_thread
from tests.discussions.factories import member_of
from tests.networks import factories


@pytest.fixture
def talk(network, private_network):
    aisha = member_of(network, name="Aisha Member")
    grace = member_of(network, name="Grace Lee")
    gareth = member_of(network, name="Gareth Quiet")  # a member who has never posted
    thread = start_thread(aisha, network, title="GP waiting times", body="Who has data on this?")
    post_reply(grace, thread, body="We counted waits in Warrington.")
    governor = member_of(private_network, name="Gloria Governor")
    start_thread(governor, private_network, title="Governor training", body="A private question.")
    return {"aisha": aisha, "grace": grace, "gareth": gareth, "thread": thread}


def suggestions(client, network, typed: str) -> list[dict]:
    response = client.get("/discussions/mentions/", {"network": network.slug, "q": typed})
    assert response.status_code == 200
    return response.json()["members"]


def test_typing_part_of_a_name_suggests_the_members_who_have_posted_there(client, network, talk):
    client.force_login(talk["aisha"])
    found = suggestions(client, network, "gr")
    assert found == [{"handle": talk["grace"].username, "name": "Grace Lee"}]
    assert suggestions(client, network, "Lee") == found  # the start of any word of the name
    assert suggestions(client, network, talk["grace"].username[:4]) == found  # or of the handle


def test_members_who_have_not_posted_and_other_networks_posters_are_not_revealed(client, network, talk):
    client.force_login(talk["aisha"])
    names = [member["name"] for member in suggestions(client, network, "g")]
    assert names == ["Grace Lee"]
    assert "Gareth Quiet" not in names and "Gloria Governor" not in names


def test_a_members_only_network_suggests_nothing_to_those_outside_it(client, private_network, talk):
    client.force_login(talk["aisha"])
    response = client.get("/discussions/mentions/", {"network": private_network.slug, "q": "g"})
    assert response.status_code != 200
    assert b"Gloria" not in response.content


def test_suggestions_need_a_signed_in_member(client, network, talk):
    response = client.get("/discussions/mentions/", {"network": network.slug, "q": "g"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_post_forms_ask_for_suggestions_and_the_profile_shows_the_handle(client, network, talk):
    client.force_login(talk["aisha"])
    html = client.get(talk["thread"].get_absolute_url()).content.decode()
    assert f'data-mentions="/discussions/mentions/?network={network.slug}"' in html
    assert "discussions/mentions.js" in html
    profile = client.get("/accounts/profile/").content.decode()
    assert f"Your handle is <strong>@{talk['aisha'].username}</strong>" in profile


def test_the_member_page_shows_the_handle_to_mention_them_by(client, network, talk):
    client.force_login(factories.make_user(name="Victor Visitor"))
    html = client.get(f"/members/{talk['grace'].username}/").content.decode()
    assert f"@{talk['grace'].username}" in html
