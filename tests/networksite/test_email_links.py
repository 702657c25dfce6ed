"""Every link in every email the site sends starts with the configured origin (settings.SITE_URL).

Email leaves from the worker, with no request to take a host from. This test sets an
origin no default could produce, sends one email from each of the project's email
templates, and checks every link in the text part, the HTML part and the
List-Unsubscribe header. It also fails when an email template is added that nothing
here sends, so a new email cannot skip the check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from bulletins import actions as bulletin_actions
from chat.models import LiveChatPage
from commissions import actions as commission_actions
from commissions.models import ConsultationDocument, WorkProgrammeIssue
from discussions.models import EmailPreference, Thread
from discussions.notifications import notify, send_digests, set_email_delivery
from networks.actions.coordinators import sign_up_coordinator
from networks.actions.memberships import approve_membership, decline_membership, join_network
from networks.actions.verification import note_standing_changes
from networks.models import Constituency, Coordinator, NetworkMembership
from tests.bulletins.factories import make_bulletin
from tests.networks import factories

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "https://pip.example.test:8443"
URL = re.compile(r"""https?://[^\s"'<>)\]]+""")
ATTRIBUTE_URL = re.compile(r"""(?:href|src)="([^"]*)\"""")


def project_email_templates() -> set[str]:
    """Every template under an `email/` folder in the project (apps' templates and templates/)."""
    found = set()
    roots = [ROOT / "templates"] + [path for path in ROOT.glob("*/templates") if path.parent.name != "templates"]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and "email" in path.relative_to(root).parts[:-1]:
                found.add(path.relative_to(root).as_posix())
    return found


@pytest.fixture
def origin(settings):
    settings.SITE_URL = ORIGIN  # and nothing else: no other setting may be where links come from
    return ORIGIN


@pytest.fixture
def rendered_templates():
    names: set[str] = set()

    def record(sender, template, **kwargs):
        if template.name:
            names.add(template.name)

    template_rendered.connect(record, dispatch_uid="email-link-test")
    yield names
    template_rendered.disconnect(dispatch_uid="email-link-test")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def send_every_kind_of_email(send, network, private_network):
    """One email from each template: joining, coordinators, notifications, the digest, a bulletin."""
    moderator = factories.make_user("moderator@example.org", name="Morgan Moderator")
    factories.make_membership(moderator, private_network, "moderator")
    for name in ("Priya Pending", "Dan Declined"):
        send(join_network, factories.make_user(name=name), private_network)
    priya, dan = NetworkMembership.objects.filter(network=private_network, status="pending").order_by("user__id")
    send(approve_membership, moderator, priya)
    send(decline_membership, moderator, dan, "Only school governors, please.")

    region = factories.make_region()
    region.staff.add(factories.make_user("northwest.office@example.org", name="North West office", two_factor=True))
    constituency = Constituency.objects.create(name="Warrington North", slug="warrington-north", region=region)
    volunteer = factories.make_user(name="Carol Coordinator")
    send(sign_up_coordinator, volunteer, Coordinator(
        full_name="Carol Coordinator", address="1 High Street, Warrington", postcode="WA1 1AA",
        unit=factories.make_unit(region=region), position="Secretary", constituency=constituency,
        region=region, email="carol@example.org",
    ))

    larry = factories.make_user("larry@example.org", name="Larry Lapsed", verified=False)
    record = factories.make_membership_record(user=larry, membership_number="L9000001", status="lapsed")
    send(note_standing_changes, [record])
    record.status = "current"
    record.save()
    send(note_standing_changes, [record])

    ruth, dora = factories.make_user(name="Ruth Reader"), factories.make_user(name="Dora Digest")
    set_email_delivery(dora, EmailPreference.Delivery.DIGEST)
    send(notify, [ruth, dora], kind="reply", title="Sam replied to your post", url="/networks/health/threads/1/",
         text="I agree about GP waiting times.")
    send(send_digests)

    editor = factories.make_user("eddie.editor@example.org", name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    factories.make_membership(ruth, network)
    Thread.objects.create(network=network, title="Waiting times in A&E", author=ruth)
    network.add_child(instance=LiveChatPage(
        title="Ask the health minister", slug="ask-the-minister", topic="Waiting lists",
        starts_at=timezone.now() + timezone.timedelta(days=3), ends_at=timezone.now() + timezone.timedelta(days=3, hours=1),
    ))
    commission = factories.make_commission()
    ConsultationDocument.objects.create(commission=commission, title="Health and care", year=2026)
    # A submission's receipt, to its submitter and to its unit's other members.
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=2026, title="Care closer to home", brief="b")
    clp = factories.make_unit("Leeds Central CLP", region=region)
    factories.join_unit(ruth, clp, "Member")
    factories.join_unit(volunteer, clp, "Secretary")
    send(commission_actions.submit, volunteer, commission,
         commission_actions.SubmissionDraft(title="Walk-in centres", text="Evening opening.", unit=clp, issue=issue))
    image = Image.objects.create(title="Forum in Leeds", file=get_test_image_file())
    bulletin = make_bulletin(network, user=editor, body=[
        ("rich_text", RichText(f'<p>Read <a linktype="page" id="{network.pk}">our network</a> and '
                               '<a href="/networks/">every network</a>.</p>')),
        ("image", {"image": image, "alt_text": "Members around a table at the Leeds forum", "caption": "Leeds"}),
        ("call_to_action", {"heading": "Have your say", "text": "", "button_label": "Join in", "page": network, "url": ""}),
        ("latest_threads", {"heading": "Latest discussions", "count": 3}),
        ("upcoming_chats", {"heading": "Live chats coming up", "count": 3}),
        ("open_consultations", {"heading": "Open consultations", "count": 3, "commission": commission}),
    ])
    send(bulletin_actions.send_bulletin, editor, bulletin)
    send_every_forum_email(send, region, constituency, commission)

    # A suspension and its end, told to the member.
    from networks.actions import suspensions

    staff = factories.make_user("staff.member@example.org", name="Stella Staff", staff=True, two_factor=True)
    suspension = send(suspensions.suspend_member, staff, ruth, reason="Repeated abuse of other members.")
    send(suspensions.lift_suspension, staff, suspension, reason="Reviewed on appeal.")


def send_every_forum_email(send, region, constituency, commission):
    """A community participant's emails at a forum, the organiser's message, and a coordinators' invitation."""
    from datetime import timedelta

    from commissions.actions import forums as forum_actions
    from commissions.actions import set_submission_status
    from commissions.models import ForumRegistration, WorkProgrammeIssue
    from tests.commissions.forum_factories import forum_draft, move_to_past, move_to_tomorrow

    clp = factories.make_unit("Warrington South CLP", region=region)
    secretary = factories.make_user(name="Sally Secretary")
    factories.join_unit(secretary, clp)
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=2026, title="Care closer to home", brief="Which?")
    forum = forum_actions.organise_forum(secretary, forum_draft(unit=clp, issue=issue, capacity=1, openness="community"))
    send(forum_actions.register_guest, forum, name="Pat Resident", email="pat@example.org", follows_outcome=True)
    pat = ForumRegistration.objects.get(email="pat@example.org")
    forum_actions.confirm_guest(pat)
    send(forum_actions.register_guest, forum, name="Pat Resident", email="pat@example.org", follows_outcome=True)
    send(forum_actions.register_guest, forum, name="Sam Neighbour", email="sam@example.org", follows_outcome=True)
    sam = ForumRegistration.objects.get(email="sam@example.org")
    forum_actions.confirm_guest(sam)
    send(forum_actions.cancel_guest, pat)  # Sam takes the freed place
    send(forum_actions.message_registrants, secretary, forum, "Parking", "Use the car park on Orford Lane.")
    later = forum.starts_at + timedelta(days=1)
    send(forum_actions.update_forum, secretary, forum,
         forum_draft(unit=clp, issue=issue, capacity=1, openness="community", starts_at=later, ends_at=later + timedelta(hours=2)))
    move_to_tomorrow(forum)
    send(forum_actions.send_reminders)
    move_to_past(forum)
    forum_actions.record_attendance(secretary, forum, {sam.pk})
    report = send(forum_actions.file_report, secretary, forum, title="Our forum's report", text="Evening GP hours.")
    send(set_submission_status, factories.make_user(staff=True), report, "acknowledged")
    Coordinator.objects.create(full_name="Tom Barker", address="3 Princes Street", postcode="WA1 1AA", unit=clp,
                               position="Secretary", constituency=constituency, region=region, email="tom@example.org")
    send(forum_actions.schedule_coordinator_event, factories.make_user(staff=True),
         forum_draft(title="North West briefing", kind="briefing", region=region))


def send_account_emails(client, settings):
    """allauth's emails in the site's words: confirming an address (at sign-up and again at sign-in),
    resetting a password, and, where the site hides who is a member, the two that answer a stranger."""
    password = "a-long-demo-password-26"
    client.post("/accounts/signup/", {"email": "new.member@example.org", "display_name": "Nadia Newcomer",
                                      "password1": password, "password2": password})
    client.post("/accounts/login/", {"login": "new.member@example.org", "password": password})
    factories.make_user("ruth.reset@example.org", name="Ruth Reset")
    client.post("/accounts/password/reset/", {"email": "ruth.reset@example.org"})
    settings.ACCOUNT_PREVENT_ENUMERATION = True
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    client.post("/accounts/signup/", {"email": "ruth.reset@example.org", "display_name": "Ruth again",
                                      "password1": password, "password2": password})


def links_in(message) -> list[str]:
    links = URL.findall(message.body)
    for html, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            links += ATTRIBUTE_URL.findall(html) + URL.findall(html)
    if "List-Unsubscribe" in message.extra_headers:
        links += URL.findall(message.extra_headers["List-Unsubscribe"])
    return links


def test_every_email_template_links_only_to_the_configured_origin(
    origin, rendered_templates, send, network, private_network, client, settings
):
    send_every_kind_of_email(send, network, private_network)
    send_account_emails(client, settings)

    assert len(mail.outbox) >= 8
    wrong = {}
    for message in mail.outbox:
        links = links_in(message)
        assert links, f"no link at all in {message.subject!r}"
        outside = [link for link in links if not link.startswith(origin + "/")]
        if outside:
            wrong[message.subject] = outside
    assert not wrong, f"links that do not start with {origin}/:\n{wrong}"

    for message in mail.outbox:
        if "List-Unsubscribe" in message.extra_headers:
            assert message.extra_headers["List-Unsubscribe"].startswith(f"<{origin}/unsubscribe/")
    sent_from = {name for name in rendered_templates if "/email/" in f"/{name}"}
    assert sent_from == project_email_templates(), "email templates this test does not send (add them above)"
