"""The email preferences page is one form with one Save: every change is saved, or refused with a message."""

from __future__ import annotations

import pytest

from bulletins.models import BulletinSubscription
from bulletins.selectors import receives_bulletins
from discussions.models import EmailPreference
from tests.networks import factories

URL = "/notifications/preferences/"


@pytest.fixture
def sports(member):
    sports = factories.make_network("Sports Network", slug="sports")
    factories.make_membership(member, sports)
    return sports


def test_the_page_is_one_form_with_one_save_button(member_client, sports):
    page = member_client.get(URL).content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    assert main.count("<form") == 1
    assert main.count('type="submit"') == 1
    assert 'name="notifications"' in page and 'name="bulletins-receive"' in page


def test_one_save_changes_notifications_and_bulletins_together_and_says_what_changed(member_client, member, network, sports):
    response = member_client.post(URL, {"notifications": "digest", "bulletins-receive": [str(sports.pk)]}, follow=True)

    page = response.content.decode()
    assert "Your email preferences have been saved. What changed: notification email: once a day, in a digest; " in page
    assert "bulletins from Health Network: off." in page
    assert EmailPreference.objects.get(user=member).notifications == "digest"
    assert not receives_bulletins(member, network)
    assert receives_bulletins(member, sports)


def test_saving_without_a_change_says_so(member_client, network, sports):
    response = member_client.post(
        URL, {"notifications": "immediate", "bulletins-receive": [str(network.pk), str(sports.pk)]}, follow=True
    )
    assert "Nothing changed: your email preferences were already as shown." in response.content.decode()


def test_one_refused_choice_saves_nothing_and_keeps_every_choice_made(member_client, member, network, sports):
    stranger = factories.make_network("Housing Network", slug="housing")

    response = member_client.post(URL, {"notifications": "digest", "bulletins-receive": [str(sports.pk), str(stranger.pk)]})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: please look at the choices marked below." in page
    assert "You can only choose bulletins from your own networks and commissions." in page
    assert 'value="digest" required id="id_notifications_1" checked' in page
    assert f'value="{sports.pk}" id="bulletins-{sports.pk}" checked' in page
    assert f'value="{network.pk}" id="bulletins-{network.pk}">' in page
    assert not EmailPreference.objects.filter(user=member).exists()
    assert not BulletinSubscription.objects.filter(user=member).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"notifications": "hourly"},
        {"notifications": ["digest", "off"], "bulletins-receive": "commission-abc"},
        {"bulletins-receive": ["", "commission-", "commission-99999999999999999999", "9" * 40, "\x00"]},
        {"notifications": "\x00", "unexpected": "value", "bulletins-receive[]": "1"},
        {},
    ],
)
def test_unexpected_values_are_refused_with_a_message_never_a_server_error(member_client, member, network, data):
    response = member_client.post(URL, data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not EmailPreference.objects.filter(user=member).exists()
    assert receives_bulletins(member, network)


@pytest.mark.parametrize("receive", ["commission-abc", "commission-", "9" * 40, "\x00", "network-1"])
def test_the_bulletin_page_refuses_unexpected_values_with_a_message(member_client, member, network, receive):
    response = member_client.post("/accounts/bulletins/", {"receive": [receive], "next": "abc"})
    assert response.status_code == 200
    assert "Your bulletin choices were not saved" in response.content.decode()
    assert receives_bulletins(member, network)
