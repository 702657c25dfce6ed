"""Members choose per network; the default for new members is the editors' choice."""

from __future__ import annotations

import pytest
from django.core import mail

from bulletins import actions as bulletin_actions
from bulletins.models import BulletinSubscription
from bulletins.selectors import bulletin_choices, receives_bulletins, recipient_count
from networks.actions import ActionRefused, join_network
from tests.bulletins.factories import make_bulletin
from tests.networks import factories


def test_members_receive_bulletins_by_default(network, member):
    assert receives_bulletins(member, network)
    assert [(c.title, c.receives) for c in bulletin_choices(member)] == [("Health Network", True)]


def test_preferences_page_lists_my_networks_with_my_choices(member_client, member, network):
    sports = factories.make_network("Sports Network", slug="sports")
    factories.make_membership(member, sports)
    BulletinSubscription.objects.create(user=member, network=sports, receive=False)

    page = member_client.get("/notifications/preferences/").content.decode()

    assert "Bulletins from your networks and commissions" in page
    assert f'value="{network.pk}" id="bulletins-{network.pk}" checked' in page
    assert f'value="{sports.pk}" id="bulletins-{sports.pk}">' in page


def test_saving_the_form_records_each_choice(member_client, member, network):
    sports = factories.make_network("Sports Network", slug="sports")
    factories.make_membership(member, sports)

    response = member_client.post(
        "/accounts/bulletins/", {"receive": [str(sports.pk)], "next": "/notifications/preferences/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/notifications/preferences/"
    assert "Your bulletin choices are saved." in response.content.decode()
    assert not receives_bulletins(member, network)
    assert receives_bulletins(member, sports)


def test_a_network_i_do_not_belong_to_is_refused_with_a_message(member_client, member, network):
    other = factories.make_network("Sports Network", slug="sports")

    response = member_client.post("/accounts/bulletins/", {"receive": [str(network.pk), str(other.pk)]})

    assert response.status_code == 200
    assert "You can only choose bulletins from your own networks and commissions." in response.content.decode()
    assert not BulletinSubscription.objects.filter(user=member).exists()


def test_garbage_in_the_form_is_refused_not_a_500(member_client, member):
    response = member_client.post("/accounts/bulletins/", {"receive": ["not-a-number"]})
    assert response.status_code == 200
    assert "were not saved" in response.content.decode()


def test_preferences_need_signing_in(client):
    response = client.get("/accounts/bulletins/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_someone_in_no_network_is_told_so(client, db):
    user = factories.make_user()
    client.force_login(user)
    assert "You are not a member of any network yet" in client.get("/accounts/bulletins/").content.decode()


def test_editors_can_make_bulletins_opt_in_for_new_members_only(client, network, member, editor):
    client.force_login(editor)

    response = client.post(f"/networks/{network.slug}/bulletins/settings/", {}, follow=True)

    assert "New members will not receive bulletins unless they choose to." in response.content.decode()
    newcomer = factories.make_user()
    join_network(newcomer, network)
    assert not receives_bulletins(newcomer, network)
    assert receives_bulletins(member, network), "members who joined before keep receiving"

    client.post(f"/networks/{network.slug}/bulletins/settings/", {"new_members_receive": "on"})
    assert not receives_bulletins(newcomer, network), "the newcomer joined while bulletins were opt-in"
    assert receives_bulletins(member, network)


def test_only_editors_and_staff_change_the_default(member_client, network):
    assert member_client.get(f"/networks/{network.slug}/bulletins/settings/").status_code == 403
    assert member_client.post(f"/networks/{network.slug}/bulletins/settings/", {}).status_code == 403
    with pytest.raises(ActionRefused):
        bulletin_actions.set_new_member_default(factories.make_user(), network, False)


def test_a_network_where_nobody_wants_bulletins_sends_nothing(network, editor, member, send_now):
    for user in (editor, member):
        bulletin_actions.set_bulletin_choice(user, network, False)
    bulletin = make_bulletin(network, user=editor)
    assert recipient_count(network) == 0

    with pytest.raises(ActionRefused, match="no members who receive bulletins"):
        send_now(bulletin_actions.send_bulletin, editor, bulletin)

    assert mail.outbox == []
    assert not bulletin.is_sent


def test_unticking_every_network_stops_them_all(member_client, member, network):
    member_client.post("/accounts/bulletins/", {})
    assert not receives_bulletins(member, network)
