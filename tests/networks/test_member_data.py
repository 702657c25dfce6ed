"""A member's data belongs to the app that holds it: every reference to an account is exported and erased by its app."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from chat.models import ChatMessage, ChatMute, ChatReminder, ChatVote
from networks.member_data import ERASED, covered_references, export_member_data
from tests.chat.factories import make_chat
from tests.networks import factories


def references_to_accounts() -> set[str]:
    """"app_label.Model.field" for every field of every installed model that points at the user model."""
    User = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields(include_parents=False):
            if field.is_relation and not field.auto_created and field.related_model is User:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_reference_to_an_account_is_covered_by_some_app():
    missing = references_to_accounts() - set(covered_references())
    assert not missing, f"no app says how to export and erase: {sorted(missing)}"


def test_no_app_covers_a_reference_that_does_not_exist():
    stale = set(covered_references()) - references_to_accounts()
    assert not stale, f"covered but not a reference to an account: {sorted(stale)}"


@pytest.fixture
def chatter(db, network):
    """A member who asked a question, voted for another, asked to be reminded of a chat and was muted in one."""
    member = factories.make_user(name="Chatty Member")
    factories.make_membership(member, network)
    other = factories.make_user(name="Other Member")
    live = make_chat(network, title="Ask the Health Secretary")
    later = make_chat(network, title="Social care question time", status="scheduled")
    ChatMessage.objects.create(chat=live, author=member, kind="question", status="approved", text="What about GP access?",
                               author_name="Chatty Member", client_id="c1")
    theirs = ChatMessage.objects.create(chat=live, author=other, kind="question", status="approved", text="And dentists?",
                                        author_name="Other Member", client_id="c2", vote_count=1)
    ChatVote.objects.create(question=theirs, user=member)
    ChatReminder.objects.create(chat=later, user=member)
    ChatMute.objects.create(chat=live, user=member)
    return member


def test_the_download_includes_chat_messages_votes_and_reminders(client, chatter):
    client.force_login(chatter)
    data = json.loads(client.get(reverse("networks:my_data")).content)
    assert [m["text"] for m in data["chat_messages"]] == ["What about GP access?"]
    assert [v["question"] for v in data["chat_votes"]] == ["And dentists?"]
    assert [r["chat"] for r in data["chat_reminders"]] == ["Social care question time"]


def test_deleting_removes_votes_reminders_and_mutes_but_keeps_questions(client, chatter):
    client.force_login(chatter)
    client.post(reverse("networks:delete_account"), {"confirm": "DELETE"})
    assert not ChatVote.objects.filter(user=chatter).exists()
    assert not ChatReminder.objects.filter(user=chatter).exists()
    assert not ChatMute.objects.filter(user=chatter).exists()
    assert ChatMessage.objects.filter(author=chatter).count() == 1
    assert ChatMessage.objects.get(text="And dentists?").vote_count == 1  # the tally others saw stays


def test_after_deletion_nothing_erased_is_left_to_export(chatter):
    from networks.actions import delete_account

    delete_account(chatter)
    data = export_member_data(get_user_model().objects.get(pk=chatter.pk))
    assert data["chat_votes"] == [] and data["chat_reminders"] == [] and data["networks"] == []
    erased = [reference for reference, outcome in covered_references().items() if outcome == ERASED]
    for reference in erased:
        label, model_name, field_name = reference.split(".")
        model = apps.get_model(label, model_name)
        field = model._meta.get_field(field_name)
        if field.many_to_many:
            assert not getattr(model, field_name).through.objects.filter(**{field.m2m_reverse_field_name(): chatter.pk}).exists(), reference
        else:
            assert not model._default_manager.filter(**{field_name: chatter.pk}).exists(), reference
