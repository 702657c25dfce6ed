"""The home page is about the member: their duties first ("To do"), then what is happening to their
own work ("Your work"), each item linking to where it is done, for a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bulletins.models import BulletinPage
from chat.actions import ask_reminder
from commissions import actions as commission_actions
from commissions.models import (
    ConsultationDocument,
    ConsultationParagraph,
    Submission,
    WorkProgrammeIssue,
)
from discussions.actions import flag_post, follow_thread, post_reply, start_thread
from discussions.models import Thread
from networks.home_panels import TO_DO, register_home_panel
from networks.models import Constituency, Coordinator, NetworkMembership
from tests.bulletins.factories import make_bulletin
from tests.chat.factories import make_chat
from tests.commissions.factories import commission_page
from tests.home.factories import site_tree
from tests.networks import factories

pytestmark = pytest.mark.django_db


def section(html: str, heading: str) -> str:
    """The text of the home page's section with this h2 heading (up to the next h2)."""
    match = re.search(rf"<h2[^>]*>{re.escape(heading)}</h2>(.*?)(?=<h2|</main>)", html, re.S)
    assert match, f"no section “{heading}” on the page"
    return match.group(1)


class World:
    """A commission, a region, a unit and a network, and the people with duties in them; `add(n)` gives
    each person `n` more of everything their home page lists."""

    def __init__(self):
        site_tree()
        self.network = factories.make_network("Health Network", slug="health")
        self.private = factories.make_network("School Governors Network", slug="school-governors", members_only=True)
        self.region = factories.make_region("North West")
        self.health = factories.make_commission("Health", "HEA")
        commission_page(self.health)
        self.clp = factories.make_unit("Warrington North CLP", region=self.region)
        self.member = factories.make_user("member@example.org", name="Aisha Member", region=self.region)
        factories.make_membership(self.member, self.network)
        factories.join_unit(self.member, self.clp, "Policy officer")
        self.chair = factories.make_commission_member(self.health, name="Patricia Chair")
        self.office = factories.make_user(name="North West Office", two_factor=True)
        self.region.staff.add(self.office)
        self.rep = factories.make_user(name="North West NPF representative")
        self.region.npf_representatives.add(self.rep)
        self.moderator = factories.make_user(name="Morgan Moderator")
        factories.make_membership(self.moderator, self.network, "moderator")
        factories.make_membership(self.moderator, self.private, "moderator")
        self.editor = factories.make_user(name="Eddie Editor")
        factories.make_membership(self.editor, self.network, "editor")
        self.reader = factories.make_user(name="Grace Lee")
        factories.make_membership(self.reader, self.network)
        self.issue = WorkProgrammeIssue.objects.create(
            commission=self.health, year=timezone.localdate().year, title="Care closer to home", brief="?"
        )
        draft = ConsultationDocument.objects.create(
            commission=self.health, title="Health: final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT,
            year=timezone.localdate().year, is_open=True,
        )
        self.paragraph = ConsultationParagraph.objects.create(document=draft, number=1, text="Care should be delivered close to home.")
        Constituency.objects.create(name="Warrington North", slug="warrington-north", region=self.region)
        Constituency.objects.create(name="Bolton South East", slug="bolton-south-east", region=self.region)
        factories.make_membership(self.member, self.private, pending=True)
        self.submissions = []

    def add(self, n: int) -> World:
        start = len(self.submissions)
        for i in range(start, start + n):
            submission = commission_actions.submit(
                self.member, self.health,
                commission_actions.SubmissionDraft(
                    title=f"Evening GP hours {i}", text="Our forum asked for evening hours.", unit=self.clp, issue=self.issue
                ),
            )
            self.submissions.append(submission)
            if i % 2:
                commission_actions.reply_to_submission(self.chair, submission, f"Thank you: we will look at this ({i}).")
            amendment = commission_actions.propose_amendment(
                self.member, self.paragraph, unit=self.clp, kind="insert", target_text="", new_text=f" And at weekends ({i}).", reason="Access.",
            )
            if i % 2:
                commission_actions.forward_amendment(self.rep, amendment)
            starter, replier = (factories.make_user(name=f"{who} {i}") for who in ("Starter", "Replier"))
            for person in (starter, replier):
                factories.make_membership(person, self.network)
            thread = start_thread(starter, self.network, title=f"Waiting times {i}", body="Who has figures?")
            follow_thread(self.member, thread)
            reply = post_reply(replier, thread, body=f"We counted them ({i}).")
            flag_post(self.member, reply, reason="off_topic")
            factories.make_membership(factories.make_user(name=f"Asking {i}"), self.private, pending=True)
            ask_reminder(self.member, make_chat(self.network, title=f"Ask the minister {i}", status="scheduled"))
            make_bulletin(self.network, title=f"Update {i}", subject=f"Update {i}", publish=False, user=self.editor)
        Submission.objects.filter(pk=self.submissions[0].pk).update(created_at=timezone.now() - timezone.timedelta(days=30))
        return self


@pytest.fixture
def world():
    return World().add(2)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_sees_no_to_do_or_work_of_their_own(client, world):
    html = client.get("/").content.decode()
    assert "To do" not in html and "Your work" not in html


def test_a_member_sees_their_submissions_amendments_replies_requests_and_reminders(client, world):
    html = home(client, world.member)
    work = section(html, "Your work")
    latest = world.submissions[1]
    assert f'href="{latest.get_absolute_url()}"' in work
    assert "Latest reply from Patricia Chair" in work and "Thank you: we will look at this (1)." in work
    assert "Health: final draft, paragraph 1" in work and "Forwarded" in work and "Submitted" in work
    thread = Thread.objects.get(title="Waiting times 0")
    assert f'href="/discussions/threads/{thread.pk}/unread/"' in work and "1 new reply" in work
    assert "School Governors Network" in work and "a moderator will decide" in work
    assert "Ask the minister 0" in work and "Ask the minister 1" in work
    assert "To do" not in html  # a member with no duties has no to-do


def test_reading_the_new_reply_takes_the_thread_off_the_list(client, world):
    thread = Thread.objects.get(title="Waiting times 0")
    client.force_login(world.member)
    client.get(thread.get_absolute_url())
    work = section(client.get("/").content.decode(), "Your work")
    assert "Waiting times 0" not in work and "Waiting times 1" in work


def test_a_commission_member_sees_what_to_acknowledge_and_decide_first(client, world):
    html = home(client, world.chair)
    assert html.index(">To do<") < html.index(">Your networks<")
    todo = section(html, "To do")
    assert '/commissions/health/queue/?status=received">2 to acknowledge' in todo
    assert '/commissions/health/queue/?status=overdue" class="overdue">1 overdue' in todo
    oldest = world.submissions[0]
    assert f'href="{oldest.get_absolute_url()}"' in todo
    assert "1 amendment to Health: final draft to decide" in todo


def test_a_regional_office_sees_its_queue_and_the_constituencies_without_a_coordinator(client, world):
    Coordinator.objects.create(
        full_name="Jo Halliwell", email="jo@example.org", address="12 Orford Lane", postcode="WA2 7AA",
        unit=world.clp, position="Policy officer", constituency=Constituency.objects.get(slug="warrington-north"),
        region=world.region, mobile_phone="07700900111",
    )
    todo = section(home(client, world.office), "To do")
    assert '/regions/north-west/queue/?status=received">2 submissions not yet acknowledged' in todo
    assert "1 constituency without a coordinator" in todo and "/coordinators/coverage/#coverage-north-west" in todo


def test_an_npf_representative_sees_the_amendments_to_forward(client, world):
    todo = section(home(client, world.rep), "To do")
    waiting = world.clp.amendments.get(status="submitted")
    assert f"#amendment-{waiting.pk}" in todo
    assert 'href="/amendments/"' in todo


def test_a_moderator_sees_reported_posts_and_requests_to_join(client, world):
    todo = section(home(client, world.moderator), "To do")
    assert 'href="/networks/health/moderation/">2 reported posts in Health Network' in todo
    assert 'href="/networks/school-governors/members/">3 people ask to join School Governors Network' in todo


def test_an_editor_sees_the_bulletins_not_sent_yet(client, world):
    todo = section(home(client, world.editor), "To do")
    for bulletin in BulletinPage.objects.all():
        assert f'href="/admin/pages/{bulletin.pk}/edit/">{bulletin.title}' in todo


def test_the_navigation_leads_to_the_queues_and_amendments_of_those_who_have_them(client, world):
    assert 'href="/submissions/queues/"' in home(client, world.chair)
    rep = home(client, world.rep)
    assert 'href="/amendments/"' in rep.split("</header>")[0]
    member = home(client, world.member).split("</header>")[0]
    assert 'href="/submissions/queues/"' not in member and 'href="/amendments/"' not in member


@pytest.mark.parametrize("who", ["member", "chair", "office", "rep", "moderator", "editor"])
def test_the_home_page_costs_the_same_queries_however_much_there_is(client, who):
    world = World().add(2)
    client.force_login(getattr(world, who))
    counts = []
    for more in (0, 4):
        world.add(more)
        client.get("/")  # Wagtail's site root paths cached, as on a running site
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{counts[0]} queries with 2 of everything, {counts[1]} with 6"


def test_an_app_adds_a_panel_without_touching_the_home_page(client, world, monkeypatch):
    from networks import home_panels

    monkeypatch.setattr(home_panels, "_PANELS", dict(home_panels._PANELS))
    register_home_panel(
        "forum_reports", section=TO_DO, order=5, template="networks/slots/home_my_requests.html",
        read=lambda user: {"memberships": list(NetworkMembership.objects.pending().filter(user=user))} if user == world.member else None,
    )
    todo = section(home(client, world.member), "To do")
    assert "Your requests to join" in todo and "School Governors Network" in todo


def test_registering_a_different_panel_under_a_taken_name_fails_loudly():
    with pytest.raises(ValueError):
        register_home_panel("my_submissions", section=TO_DO, template="x.html", read=lambda user: None)
    with pytest.raises(ValueError):
        register_home_panel("new_panel", section="elsewhere", template="x.html", read=lambda user: None)
