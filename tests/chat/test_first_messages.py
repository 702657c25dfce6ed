"""In a chat, a newcomer's first messages wait for the moderators where the network holds first posts;
a blocked watched word is refused with its name; and a suspended member's waiting questions are withdrawn."""

from __future__ import annotations

import pytest

from chat import actions
from chat.models import ChatMessage
from discussions.models import WatchedWord
from networks.actions.suspensions import suspend_member
from networks.refusals import ActionRefused
from tests.chat.factories import make_chat
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db
Status = ChatMessage.Status


def test_a_newcomers_message_in_an_open_chat_waits_for_a_moderator(network):
    network.hold_first_posts = True
    network.save()
    moderator = member_of(network, role="moderator")
    chat = make_chat(network, format="open", moderators=[moderator])
    newcomer = member_of(network)
    message = actions.submit(newcomer, chat, "Hello everyone, first time here", "c1").message
    assert (message.kind, message.status) == ("message", Status.PENDING)
    assert actions.approve(moderator, chat, message.pk).status == Status.APPROVED


def test_messages_are_shown_at_once_where_the_network_does_not_hold(network):
    chat = make_chat(network, format="open")
    assert actions.submit(member_of(network), chat, "Hello", "c1").message.status == Status.APPROVED


def test_a_blocked_word_is_refused_in_chat_with_its_name(network):
    WatchedWord.objects.create(word="casino", action=WatchedWord.Action.BLOCK)
    chat = make_chat(network, format="qa")
    with pytest.raises(ActionRefused, match="casino"):
        actions.submit(member_of(network), chat, "Best Casino offers", "c1")
    assert not ChatMessage.objects.exists()


def test_suspension_withdraws_the_members_waiting_questions(network):
    chat = make_chat(network, format="qa")
    member = member_of(network)
    waiting = actions.submit(member, chat, "Will you fund more GPs?", "c1").message
    suspend_member(factories.make_user(staff=True), member, reason="Spam")
    waiting.refresh_from_db()
    assert waiting.status == Status.REJECTED


def test_suspension_withdraws_a_held_message_too_and_the_moderators_queue_drops_it(network):
    network.hold_first_posts = True
    network.save()
    moderator = member_of(network, role="moderator")
    chat = make_chat(network, format="open", moderators=[moderator])
    newcomer = member_of(network)
    held = actions.submit(newcomer, chat, "Buy my watches", "c1").message
    suspend_member(factories.make_user(staff=True), newcomer, reason="Spam")
    held.refresh_from_db()
    assert held.status == Status.REJECTED
    with pytest.raises(ActionRefused):
        actions.approve(moderator, chat, held.pk)
