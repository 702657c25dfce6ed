"""A reader who only watches hears at once when what they may do in the chat changes."""

import pytest
from channels.db import database_sync_to_async

from chat.models import LiveChatPage
from networks import actions as network_actions
from networks.models import NetworkMembership
from tests.chat.factories import close_all, make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def set_role(network, user, role):
    staff = factories.make_user(name="Sam Staff", staff=True)
    membership = NetworkMembership.objects.get(network=network, user=user)
    network_actions.set_member_role(staff, membership, role)


async def test_a_muted_member_is_told_and_loses_the_right_to_post(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network, format="open", title="Open chat")
    member = await connect(chat, people["member"])
    moderator = await connect(chat, people["moderator"])
    assert member.hello["you"]["take_part"] and not member.hello["you"]["muted"]
    await member.send({"type": "submit", "text": "Shouting in capitals", "client_id": "m1"})
    message_id = (await member.wait_for("ack"))["message"]["id"]

    await moderator.send({"type": "mute", "message": message_id})
    you = (await member.wait_for("you"))["you"]
    assert you["muted"] and not you["take_part"]
    await member.send({"type": "submit", "text": "Again", "client_id": "m2"})
    assert (await member.wait_for("error"))["code"] == "refused"
    await close_all(member, moderator)


async def test_a_member_made_moderator_sees_the_queue_without_reconnecting(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network)
    watcher = await connect(chat, people["other"])
    asker = await connect(chat, people["member"])
    await asker.send({"type": "submit", "text": "First question", "client_id": "q1"})
    assert (await watcher.wait_for("event"))["kind"] == "hidden"

    await set_role(network, people["other"], "moderator")
    you = (await watcher.wait_for("you"))["you"]
    assert you["moderate"] and you["run"]
    await asker.send({"type": "submit", "text": "Second question", "client_id": "q2"})
    event = await watcher.wait_for("event")
    assert event["kind"] == "question" and event["question"]["text"] == "Second question"
    await close_all(watcher, asker)


async def test_other_watchers_are_not_sent_you_when_one_members_role_changes(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network)
    watcher = await connect(chat, people["other"])
    bystander = await connect(chat, people["member"])
    await set_role(network, people["other"], "moderator")
    await watcher.wait_for("you")
    while not await bystander.communicator.receive_nothing(0.3):
        assert (await bystander.communicator.receive_json_from())["type"] == "participants"
    await close_all(watcher, bystander)


async def test_a_reader_given_a_commission_seat_may_take_part_at_once(connect, network):
    from networks.models import CommissionMembership

    reader = await database_sync_to_async(factories.make_user)(name="Priya Policy")
    chat = await database_sync_to_async(make_chat)(network)
    socket = await connect(chat, reader)
    assert not socket.hello["you"]["take_part"]

    commission = await database_sync_to_async(factories.make_commission)()
    await CommissionMembership.objects.acreate(commission=commission, user=reader)
    assert (await socket.wait_for("you"))["you"]["take_part"]
    await close_all(socket)


async def test_a_member_removed_from_a_members_only_network_is_disconnected(connect, private_network):
    member = await database_sync_to_async(factories.make_user)(name="Gail Governor")
    membership = await database_sync_to_async(factories.make_membership)(member, private_network)
    chat = await database_sync_to_async(make_chat)(private_network)
    socket = await connect(chat, member)
    staff = await database_sync_to_async(factories.make_user)(name="Sam Staff", staff=True)

    await database_sync_to_async(network_actions.remove_member)(staff, membership)
    closing = None
    while closing is None or closing["type"] != "websocket.close":
        closing = await socket.communicator.receive_output(3)
    assert closing["code"] == 4403


async def test_publishing_the_chat_with_a_new_co_host_lets_them_answer(connect, network, people):
    chat = await database_sync_to_async(make_chat)(network)
    commission_member = people["other"]
    socket = await connect(chat, commission_member)
    assert not socket.hello["you"]["answer"]

    @database_sync_to_async
    def publish_with_co_host():
        page = LiveChatPage.objects.get(pk=chat.pk)
        page.hosts.add(commission_member)
        page.save_revision().publish()

    await publish_with_co_host()
    assert (await socket.wait_for("you"))["you"]["answer"]
    await close_all(socket)
