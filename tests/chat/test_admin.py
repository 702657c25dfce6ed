"""Editors schedule chats in the Wagtail admin, under a network only."""

import pytest

from chat.models import LiveChatPage
from networks.models import NetworkPage
from tests.chat.factories import make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db


def test_live_chats_are_created_under_networks_only():
    assert LiveChatPage in NetworkPage.allowed_subpage_models()
    assert LiveChatPage.allowed_parent_page_models() == [NetworkPage]


def test_staff_open_the_add_and_edit_forms(client, network):
    client.force_login(factories.make_user(staff=True))
    add = client.get(f"/admin/pages/add/chat/livechatpage/{network.pk}/")
    assert add.status_code == 200
    for field in ("topic", "starts_at", "ends_at", "format", "hosts", "moderators"):
        assert f'name="{field}"' in add.text
    chat = make_chat(network)
    assert client.get(f"/admin/pages/{chat.pk}/edit/").status_code == 200


def test_a_chat_must_end_after_it_starts(network):
    from django.core.exceptions import ValidationError

    chat = make_chat(network)
    chat.ends_at = chat.starts_at
    with pytest.raises(ValidationError) as problem:
        chat.full_clean()
    assert "The chat must end after it starts." in str(problem.value)


def test_publishing_a_new_revision_keeps_a_running_chat_open_and_numbered(network, people):
    from chat import actions

    chat = make_chat(network, status="scheduled")
    actions.open_chat(people["host"], chat)
    chat.title = "Retitled while live"
    chat.save_revision().publish()
    state = LiveChatPage.objects.get(pk=chat.pk).state()
    assert state.opened_at is not None and state.last_seq == 1


def test_host_and_moderator_pickers_offer_the_networks_people_not_every_account(client, network, people):
    """An outsider is not offered; the network's hosts, commission members and members are."""
    outsider = factories.make_user(name="Oscar Outsider")
    commissioner = factories.make_commission_member(name="Cara Commissioner")
    client.force_login(factories.make_user(staff=True))
    add = client.get(f"/admin/pages/add/chat/livechatpage/{network.pk}/")
    form = add.context["form"]
    hosts = set(form.fields["hosts"].queryset)
    moderators = set(form.fields["moderators"].queryset)
    assert {people["host"], commissioner} <= hosts and people["member"] not in hosts and outsider not in hosts
    assert {people["member"], people["moderator"], people["host"]} <= moderators and outsider not in moderators

    chat = make_chat(network, hosts=[outsider])
    edit = client.get(f"/admin/pages/{chat.pk}/edit/")
    assert outsider in set(edit.context["form"].fields["hosts"].queryset), "a host already named stays listed"
