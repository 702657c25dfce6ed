"""Every creating form makes one thing however often it is sent: a double click or a retried request gets the first result.

Each form carries a one-time key (networks.idempotency). The tests take the key from the
page the member sees, as a browser would, then send the form twice.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from commissions import actions as commission_actions
from commissions.models import (
    Amendment,
    ConsultationDocument,
    ConsultationParagraph,
    Submission,
    WorkProgrammeIssue,
)
from discussions import actions as discussion_actions
from discussions.models import Flag, Post, Thread
from networks import idempotency
from networks.models import IdempotencyKey
from tests.commissions.factories import commission_page
from tests.networks import factories

KEY = re.compile(r'name="(?:[\w-]*-)?idempotency_key" value="([0-9a-f]{32})"')


@pytest.fixture
def site(db):
    network = factories.make_network("Health Network", slug="health")
    member = factories.make_user(name="Aisha Member")
    factories.make_membership(member, network)
    other = factories.make_user(name="Omar Other")
    factories.make_membership(other, network)
    thread = discussion_actions.start_thread(other, network, title="GP waiting times", body="Three weeks.")
    commission = factories.make_commission()
    commission_page(commission)
    region = factories.make_region()
    unit = factories.make_unit(region=region)
    factories.join_unit(member, unit)
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=timezone.localdate().year, title="Care", brief="?")
    draft = ConsultationDocument.objects.create(
        commission=commission, title="Final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT,
        year=timezone.localdate().year, is_open=True,
    )
    ConsultationParagraph.objects.create(document=draft, number=1, text="The NHS must be free.")
    submission = commission_actions.submit(
        member, commission, commission_actions.SubmissionDraft(title="Walk-in centres", text="Evening hours.", unit=unit, issue=issue)
    )
    client = Client()
    client.force_login(member)
    return {"client": client, "member": member, "network": network, "thread": thread, "commission": commission,
            "unit": unit, "issue": issue, "draft": draft, "submission": submission}


def _forms(site):
    """(form page, where it posts, what it sends, how many things of its kind exist) for every creating form."""
    thread, submission, draft = site["thread"], site["submission"], site["draft"]
    opening = thread.posts.get()
    return {
        "thread": (f"/networks/{site['network'].slug}/threads/new/", None,
                   {"title": "Hospital parking charges", "body": "Free for blue badge holders?", "tags": "NHS"},
                   lambda: Thread.objects.count()),
        "reply": (f"/discussions/threads/{thread.pk}/reply/", None, {"body": "Four weeks in our town."},
                  lambda: Post.objects.filter(thread=thread).count()),
        "reply from the thread page": (thread.get_absolute_url(), f"/discussions/threads/{thread.pk}/reply/",
                                       {"body": "Five in ours."}, lambda: Post.objects.filter(thread=thread).count()),
        "report": (f"/discussions/posts/{opening.pk}/report/", None, {"reason": "spam", "detail": ""},
                   lambda: Flag.objects.count()),
        "submission": (f"/commissions/{site['commission'].slug}/submit/", None,
                       {"on_behalf": str(site["unit"].pk), "topic": f"issue:{site['issue'].pk}", "kind": "submission",
                        "title": "Evening GP hours", "text": "Shift workers cannot see a GP.", "community_took_part": ""},
                       lambda: Submission.objects.count()),
        "dialogue message": (submission.get_absolute_url(), f"/submissions/{submission.reference}/reply/",
                             {"body": "Here are the minutes."}, lambda: Post.objects.filter(thread=submission.thread).count()),
        "amendment": (f"/commissions/{site['commission'].slug}/documents/{draft.pk}/", None,
                      {"unit": site["unit"].pk, "paragraph": 1, "kind": "insert", "target_text": "", "new_text": "always",
                       "reason": "Clarity."},
                      lambda: Amendment.objects.count()),
    }


FORMS = ["thread", "reply", "reply from the thread page", "report", "submission", "dialogue message", "amendment"]
MAKE_MANY = [name for name in FORMS if name != "report"]
"""A member may send each of these as often as they like; a post is reported once per member, as before."""


@pytest.mark.parametrize("name", FORMS)
def test_the_same_form_sent_twice_makes_one_and_answers_with_it(site, name):
    page, target, data, count = _forms(site)[name]
    client = site["client"]
    keys = KEY.findall(client.get(page).content.decode())
    assert keys, f"the {name} form carries a key"
    before = count()
    first = client.post(target or page, {**data, "idempotency_key": keys[-1]})
    again = client.post(target or page, {**data, "idempotency_key": keys[-1]}, follow=True)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert count() == before + 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert "already" in again.content.decode()


@pytest.mark.parametrize("name", MAKE_MANY)
def test_each_showing_of_a_form_has_a_new_key_so_a_second_post_is_a_second_post(site, name):
    page, target, data, count = _forms(site)[name]
    client = site["client"]
    before = count()
    for _ in range(2):
        key = KEY.findall(client.get(page).content.decode())[-1]
        assert client.post(target or page, {**data, "idempotency_key": key}).status_code == 302
    assert count() == before + 2


def test_a_refused_form_keeps_its_key_and_spends_nothing(site):
    client = site["client"]
    page = f"/networks/{site['network'].slug}/threads/new/"
    key = KEY.findall(client.get(page).content.decode())[-1]
    refused = client.post(page, {"title": "Hi", "body": "x", "idempotency_key": key})
    assert refused.status_code == 400 and f'value="{key}"' in refused.content.decode()
    assert client.post(page, {"title": "Hospital parking charges", "body": "x", "idempotency_key": key}).status_code == 302
    assert Thread.objects.filter(title="Hospital parking charges").count() == 1


def test_a_form_without_a_key_still_works(site):
    client = site["client"]
    response = client.post(f"/discussions/threads/{site['thread'].pk}/reply/", {"body": "No key at all.", "idempotency_key": "nonsense"})
    assert response.status_code == 302
    assert Post.objects.filter(body="No key at all.").count() == 1


def test_a_twin_that_commits_the_key_first_answers_the_second_copy(site, monkeypatch):
    """The race of two copies arriving together: the second finds no result, then loses the insert to the first."""
    member, thread = site["member"], site["thread"]
    key = idempotency.new_key()
    first = idempotency.run_once(member, key, lambda: discussion_actions.post_reply(member, thread, body="Once."), lambda p: p.get_absolute_url())
    monkeypatch.setattr(idempotency, "_earlier", _none_then(idempotency._earlier))
    second = idempotency.run_once(member, key, lambda: discussion_actions.post_reply(member, thread, body="Once."), lambda p: p.get_absolute_url())
    assert second.repeated and second.url == first.url
    assert Post.objects.filter(body="Once.").count() == 1


def _none_then(found):
    calls = []

    def earlier(user, key):
        calls.append(key)
        return None if len(calls) == 1 else found(user, key)

    return earlier


def test_keys_are_the_members_data_and_go_after_a_day(site):
    member, thread = site["member"], site["thread"]
    idempotency.run_once(member, idempotency.new_key(), lambda: discussion_actions.post_reply(member, thread, body="Old."), lambda p: "/")
    IdempotencyKey.objects.update(created_at=timezone.now() - timezone.timedelta(days=2))
    idempotency.run_once(member, idempotency.new_key(), lambda: discussion_actions.post_reply(member, thread, body="New."), lambda p: "/")
    assert IdempotencyKey.objects.filter(user=member).count() == 1
    from networks.actions import delete_account

    delete_account(member)
    assert not IdempotencyKey.objects.filter(user=member).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL (SQLite's test database serialises them); the race is shown above on both")
def test_two_copies_sent_at_once_make_one_reply():
    network = factories.make_network("Health Network", slug="health")
    member = factories.make_user()
    factories.make_membership(member, network)
    thread = discussion_actions.start_thread(member, network, title="GP waiting times", body="Three weeks.")
    key = idempotency.new_key()
    start = threading.Barrier(2)
    answers = []

    def send():
        client = Client()
        client.force_login(member)
        start.wait()
        answers.append(client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Only once.", "idempotency_key": key}))
        connection.close()

    copies = [threading.Thread(target=send) for _ in range(2)]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join()
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Post.objects.filter(body="Only once.").count() == 1
