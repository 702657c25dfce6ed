"""Deleting an account leaves no copy of the member's name or email address anywhere in the database.

A member who has posted, been quoted, mentioned others and been mentioned, chatted and voted,
submitted, reported a post, signed up as a coordinator and received email deletes their account;
then every text column of every table (all installed models, found generically) is searched for
their name, their address and their handle.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from chat import actions as chat_actions
from commissions import actions as commission_actions
from commissions.models import ConsultationDocument
from discussions import actions as discussion_actions
from discussions.models import Notification, Post
from discussions.text import quote_for_reply
from networks.actions import sign_up_coordinator
from networks.member_data import FORMER_MEMBER, MemberIdentity
from networks.models import CommissionMembership, Constituency, Coordinator
from tests.chat.factories import make_chat
from tests.commissions.factories import commission_page
from tests.networks import factories

NAME = "Nadia Newcomer"
EMAIL = "nadia.newcomer@example.org"
HANDLE = "nadia.newcomer"

THE_PARTYS_OWN_RECORDS = {"networks_membershiprecord"}
"""The party's membership list, imported from its membership system and re-imported on every import:
deleting an account unlinks the row (networks.actions.accounts) but the party's register is not the
platform's to erase."""

TEXT_TYPES = {"CharField", "TextField", "EmailField", "SlugField", "URLField", "JSONField", "FilePathField"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker() -> None:
    """Do what `manage.py db_worker` does in the demo: send the queued email, update the search index."""
    from unittest import mock

    from django.db import connections

    # The worker closes its database connection when it stops; here that connection holds the test's
    # transaction (on PostgreSQL closing it ends the test's data), so it stays open.
    with override_settings(TASKS=DATABASE_TASKS), mock.patch.object(connections["default"], "close"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def tables_naming(*needles: str) -> dict[str, set[str]]:
    """{"table.column": {needle, ...}} for every text column of every model's table that contains a needle.

    Generic on purpose: a model added later is searched without anyone listing it here.
    Tables a model names but this database does not have (Wagtail's SQLite full-text
    table, on PostgreSQL) are the only ones passed over.
    """
    existing = set(connection.introspection.table_names(include_views=False))
    found: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in existing or model._meta.db_table in THE_PARTYS_OWN_RECORDS:
            continue
        for field in model._meta.concrete_fields:
            if field.get_internal_type() not in TEXT_TYPES:
                continue
            rows = model._base_manager.annotate(_as_text=Cast(field.attname, TextField()))
            for needle in needles:
                query = Q(_as_text__icontains=needle) | Q(_as_text__icontains=json.dumps(needle)[1:-1])
                if rows.filter(query).exists():
                    found.setdefault(f"{model._meta.db_table}.{field.column}", set()).add(needle)
    return found


@pytest.fixture
def everything_nadia_did(db, network, django_capture_on_commit_callbacks):
    """Nadia takes part in every way the platform offers; the email she causes and receives sits in the task queue."""
    with override_settings(TASKS=DATABASE_TASKS), django_capture_on_commit_callbacks(execute=True):
        User = get_user_model()
        nadia = factories.make_user(EMAIL, name=NAME)
        User.objects.filter(pk=nadia.pk).update(username=HANDLE, first_name="Nadia", last_name="Newcomer")
        nadia.refresh_from_db()
        factories.make_membership(nadia, network)
        friend = factories.make_user(name="Frank Friend")
        factories.make_membership(friend, network)
        moderator = factories.make_user(name="Mo Moderator")
        factories.make_membership(moderator, network, "moderator")

        # Discussions: she starts a thread, mentions Frank; Frank quotes her and mentions her back.
        thread = discussion_actions.start_thread(
            nadia, network, title="Evening GP appointments", body=f"What do you think, @{friend.username}?"
        )
        opening = thread.posts.get()
        quote = quote_for_reply(NAME, opening.body)
        discussion_actions.post_reply(friend, thread, body=f"{quote}I agree with @{HANDLE}.", parent=opening)
        reply = discussion_actions.post_reply(nadia, thread, body="Thank you, that is kind.")
        other_thread = discussion_actions.start_thread(friend, network, title="Walk-in centres", body="Ours closed.")
        discussion_actions.flag_post(nadia, other_thread.posts.get(), reason="other", detail="Out of date")
        discussion_actions.hide_post(moderator, reply, reason="Off topic for now")

        # Chat: a question approved by a moderator, a vote for someone else's, a reminder.
        chat = make_chat(network, moderators=[moderator])
        asked = chat_actions.submit(nadia, chat, "Will evening appointments be funded?", "nadia-1").message
        chat_actions.approve(moderator, chat, asked.pk)
        theirs = chat_actions.submit(friend, chat, f"Following {NAME}'s question: what about weekends?", "frank-1").message
        chat_actions.approve(moderator, chat, theirs.pk)
        chat_actions.vote(nadia, chat, theirs.pk)

        # Commissions: she submits for herself.
        region = factories.make_region("North West")
        health = factories.make_commission("Health", "HEA")
        commission_page(health)
        chair = factories.make_user(name="Patricia Chair")
        CommissionMembership.objects.create(commission=health, user=chair, seat=CommissionMembership.Seat.CHAIR)
        document = ConsultationDocument.objects.create(
            commission=health, title="Health: policy choices", stage=ConsultationDocument.Stage.POLICY_CHOICES, year=2026, is_open=True
        )
        commission_actions.submit(
            nadia, health, commission_actions.SubmissionDraft(title="Evening hours", text="Please.", region=region, document=document)
        )

        # The Coordinators Network: her contact details, and an email about her to the regional office.
        office = factories.make_user(name="Olu Office")
        region.staff.add(office)
        constituency = Constituency.objects.create(name="Warrington North", slug="warrington-north", region=region)
        unit = factories.make_unit("Warrington North CLP", region=region)
        sign_up_coordinator(
            nadia,
            Coordinator(
                full_name=NAME, address="1 High Street, Warrington", postcode="WA1 1AA", unit=unit, position="Member",
                constituency=constituency, email=EMAIL, mobile_phone="07700900123",
            ),
        )
    run_the_worker()
    return nadia


def test_deleting_the_account_leaves_no_copy_of_the_name_address_or_handle(client, everything_nadia_did):
    nadia = everything_nadia_did
    before = tables_naming(NAME, EMAIL, HANDLE)
    # The test is only worth something if the name really was spread about before.
    for column in (
        "auth_user.email",
        "networks_profile.display_name",
        "discussions_notification.title",
        "discussions_post.body",
        "chat_chatmessage.author_name",
        "chat_chatevent.payload",
        "django_tasks_database_dbtaskresult.args_kwargs",
        "networks_coordinator.email",
    ):
        assert column in before, f"{column} never named her: the test setup lost its point"

    if connection.vendor == "sqlite":  # PostgreSQL keeps the index as a tsvector, not as text
        assert "wagtailsearch_indexentry.body" in before, "the search index never named her"

    client.force_login(nadia)
    with override_settings(TASKS=DATABASE_TASKS):
        response = client.post(reverse("networks:delete_account"), {"confirm": "DELETE"}, follow=True)
    assert "Your account has been deleted" in response.content.decode()
    run_the_worker()

    assert tables_naming(NAME, EMAIL, HANDLE) == {}


def test_what_stays_says_former_member(everything_nadia_did):
    from networks.actions import delete_account

    nadia = everything_nadia_did
    with override_settings(TASKS=DATABASE_TASKS):
        delete_account(nadia)

    mention = Notification.objects.get(kind="mention", recipient__profile__display_name="Frank Friend")
    assert mention.title.startswith(f"{FORMER_MEMBER} mentioned you")
    quoting = Post.objects.get(author__profile__display_name="Frank Friend", thread__title="Evening GP appointments")
    assert quoting.body.startswith(f"{FORMER_MEMBER} wrote:") and f"I agree with {FORMER_MEMBER}." in quoting.body
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__to=[EMAIL]).exists()


def test_scrubbing_replaces_whole_names_addresses_and_handles_only():
    nadia = MemberIdentity(names=("Nadia Newcomer", "Nadia"), emails=("nadia@example.org",), username="nadia")
    assert nadia.scrub("Nadia Newcomer wrote") == "Former member wrote"
    assert nadia.scrub("Nadiatou and @nadia2 and xnadia@example.org stay") == "Nadiatou and @nadia2 and xnadia@example.org stay"
    assert nadia.scrub("thanks @nadia, mail nadia@example.org.") == "thanks Former member, mail Former member."
    assert nadia.scrub_json({"author": "NADIA", "n": 3, "list": ["Nadia Newcomer"]}) == {
        "author": "Former member", "n": 3, "list": ["Former member"]
    }




def test_the_download_holds_everything_the_account_owns(client, everything_nadia_did):
    client.force_login(everything_nadia_did)
    data = json.loads(client.get(reverse("networks:my_data")).content)

    assert [m["text"] for m in data["chat_messages"]] == ["Will evening appointments be funded?"]
    assert [v["question"] for v in data["chat_votes"]] == [f"Following {NAME}'s question: what about weekends?"]
    assert {f["thread"] for f in data["threads_followed"]} == {"Evening GP appointments", "Evening hours"}
    assert {(t["thread"], t["network"]) for t in data["threads_started"]} == {
        ("Evening GP appointments", "Health Network"), ("Evening hours", None)  # the submission's dialogue
    }
    assert [r["detail"] for r in data["reports_filed"]] == ["Out of date"]
    assert {n["title"] for n in data["notifications"]} >= {
        "Frank Friend mentioned you in “Evening GP appointments”",
        "A moderator hid your post in “Evening GP appointments”",
    }
    assert any(p["hidden_by_a_moderator"] for p in data["posts"])
    assert [s["title"] for s in data["submissions"]] == ["Evening hours"]
    assert [c["email"] for c in data["coordinator_signups"]] == [EMAIL]
