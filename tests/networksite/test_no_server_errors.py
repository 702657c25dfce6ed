"""Hostile input never gives a 500: every URL of the site, with odd ids in its path and odd values in its forms.

The URL conf is walked, not listed by hand, so a new view is covered the day it
is added. Each route is asked with its real objects (so the view gets past its
lookups to the forms behind them), then with ids no key can hold ("²", a number
beyond 64 bits, 0) in its path, and each form field the site uses is posted with
values a browser would never send. Every answer must be below 500 and no view may
raise; run on SQLite and on PostgreSQL (whose errors differ: a NUL byte, an
out-of-range integer).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from bulletins.actions import send_bulletin
from commissions import actions as commission_actions
from commissions.actions import dialogue as dialogue_actions
from commissions.actions import forums as forum_actions
from commissions.models import (
    ConsultationDocument,
    ConsultationParagraph,
    Forum,
    WorkProgrammeIssue,
)
from discussions import actions as discussion_actions
from networks.models import CommissionMembership
from tests.bulletins.factories import make_bulletin
from tests.chat.factories import make_chat
from tests.commissions.factories import commission_page
from tests.commissions.forum_factories import dialogue_draft, forum_draft, make_forum, move_to_past
from tests.networks import factories

pytestmark = pytest.mark.django_db

OUR_APPS = ("networks", "discussions", "chat", "commissions", "bulletins", "home")
"""The site's own views, and Wagtail's document download (whose permission check is ours); not the admin,
allauth or the health check (its 503 is its answer when the worker is not running)."""

ODD_IDS = ["9223372036854775808", "0"]
ODD_STRINGS = ["%00", "%C2%B2", "x" * 250]
ODD_VALUES = ["9223372036854775808", "²", "٣", "\x00", "x" * 3000 + "'\" AND 1=1 --"]
FIELDS = [
    "submission", "notification", "membership", "assignee", "parent", "paragraph", "unit", "region", "issue",
    "topic", "on_behalf", "destination", "move-destination", "decision", "action", "reason", "body", "title",
    "text", "prefix", "operation", "follow", "kind", "role", "status", "reflected_in", "query", "next",
    "receive", "notifications", "q", "network", "page", "type", "question", "message", "client_id", "cancel",
    "detail", "note", "target_text", "new_text", "display_name", "constituency", "tags", "official",
    "forum_held_on", "forum_attendees", "community_took_part", "new_members_receive", "idempotency_key",
    # Forums, coordinators' events and dialogue sessions (issue 15).
    "starts_at", "ends_at", "description", "venue", "postcode", "online_url", "capacity", "organiser_contact",
    "questions", "openness", "name", "email", "follows_outcome", "attended", "walk_ins", "subject", "medium",
    "joining_details", "agenda", "submissions", "date_from", "date_to",
]
ODD_QUERIES = [{"page": "²", "q": "don't \" (NHS) a\"b c\"d", "sort": "²", "tag": "\x00", "network": "²", "to": "²",
                "issue": "9223372036854775808", "document": "²", "paragraph": "٣", "status": "\x00", "region": "²"}]


def _routes(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            module = getattr(pattern.callback, "__module__", "") or type(pattern.callback).__module__
            ours = module.split(".")[0] in OUR_APPS or module == "wagtail.documents.views.serve"
            if ours and pattern.name != "healthz" and "(?P" not in route and "^" not in route:
                yield route


def _routes_by_area() -> dict[str, list[str]]:
    areas = defaultdict(list)
    for route in _routes():
        areas[route.split("/", 1)[0]].append(route)
    return dict(areas)


AREAS = _routes_by_area()
PAGES = "Wagtail pages"
"""The page tree's own URLs (networks, chats, commissions, bulletins), asked with odd queries and forms too."""


@pytest.fixture
def world(db):
    """One of everything a URL can name: public and members-only networks, threads, a chat, a commission's
    documents and amendments, a submission, a region, a unit, a sent bulletin; an upcoming community forum
    with a place taken and a past one (its register and report), a dialogue session, a coordinators' event."""
    network = factories.make_network("Health Network", slug="health")
    private = factories.make_network("School Governors Network", slug="school-governors", members_only=True)
    member = factories.make_user(name="Aisha Member")
    factories.make_membership(member, network, "moderator")
    factories.make_membership(member, private)
    staff = factories.make_user(staff=True)
    thread = discussion_actions.start_thread(member, network, title="GP waiting times", body="Three weeks.", tags=["NHS"])
    post = discussion_actions.post_reply(member, thread, body="Agreed.")
    chat = make_chat(network, status="closed")
    commission = factories.make_commission()
    page = commission_page(commission)
    region = factories.make_region()
    unit = factories.make_unit(region=region)
    factories.join_unit(member, unit)
    region.npf_representatives.add(staff)
    CommissionMembership.objects.create(commission=commission, user=staff)
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=timezone.localdate().year, title="Care", brief="?")
    draft = ConsultationDocument.objects.create(
        commission=commission, title="Final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT,
        year=timezone.localdate().year, is_open=True,
    )
    paragraph = ConsultationParagraph.objects.create(document=draft, number=1, text="The NHS must be free.")
    amendment = commission_actions.propose_amendment(
        member, paragraph, unit=unit, kind="insert", target_text="", new_text="always", reason="Clarity.",
    )
    submission = commission_actions.submit(
        member, commission, commission_actions.SubmissionDraft(title="Walk-in centres", text="Evening hours.", unit=unit, issue=issue)
    )
    constituency = factories.make_constituency(region=region)
    unit.constituency = constituency
    unit.save()
    forum = make_forum(member, unit, issue, openness=Forum.Openness.COMMUNITY)
    forum_actions.register(staff, forum)
    met = make_forum(member, unit, issue, title="Care closer to home: the forum that met")
    forum_actions.register(staff, met)
    move_to_past(met)
    session = dialogue_actions.schedule_dialogue_session(staff, commission, issue, dialogue_draft(), [submission])
    event = forum_actions.schedule_coordinator_event(staff, forum_draft(title="Briefing", kind=Forum.Kind.BRIEFING, region=region))
    bulletin = make_bulletin(network, user=staff)
    send_bulletin(staff, bulletin)
    notification = member.notifications.first() or staff.notifications.first()
    return {
        "users": [None, member, staff],
        "pages": [network.url, private.url, chat.url, page.url, bulletin.url, "/networks/", "/commissions/", "/"],
        # Each parameter's real value, by the first word of the route (a thread's pk is not a post's).
        "values": {
            "pk": {"discussions/threads": thread.pk, "discussions/posts": post.pk, "commissions": draft.pk,
                   "amendments": amendment.pk, "notifications": notification.pk if notification else 1,
                   "forums/<int:pk>/attendance": met.pk, "forums/<int:pk>/report": met.pk,
                   "forums/<int:pk>/register-list": met.pk, "forums": forum.pk, "coordinators": event.pk,
                   "dialogue": session.pk},
            "invitation_id": session.invitations.first().pk,
            "slug": {"networks": network.slug, "commissions": page.slug, "regions": region.slug, "units": unit.slug,
                     "constituencies": constituency.slug},
            "chat_id": chat.pk,
            "page_id": bulletin.pk,
            "tag": "nhs",
            "reference": submission.reference,
            "username": member.username,
            "token": "not-a-token",
        },
        "private_slug": private.slug,
    }


def _real(route: str, name: str, values: dict) -> str:
    value = values.get(name, 1)
    if isinstance(value, dict):
        value = next((found for prefix, found in value.items() if route.startswith(prefix)), next(iter(value.values())))
    return str(value)


def _urls(route: str, values: dict, private_slug: str) -> list[str]:
    """The route with its real values, then with an odd value in each of its parameters in turn."""
    names = re.findall(r"<(?:(\w+):)?(\w+)>", route)

    def fill(odd_name=None, odd_value=None):
        url = route
        for _, name in names:
            value = odd_value if name == odd_name else _real(route, name, values)
            url = re.sub(rf"<(?:\w+:)?{name}>", value, url, count=1)
        return "/" + url

    urls = {fill()}
    if route.startswith("networks/"):
        urls.add(fill("slug", private_slug))  # a members-only network's views too
    for converter, name in names:
        for odd in ODD_IDS if converter == "int" else ODD_STRINGS:
            urls.add(fill(name, odd))
    return sorted(urls)


@pytest.mark.parametrize("area", [*sorted(AREAS), PAGES])
def test_no_url_answers_500_whatever_it_is_sent(world, area):
    problems = []
    for user in world["users"]:
        client = Client(raise_request_exception=True)
        for route in AREAS.get(area, [None]):
            for url in _urls(route, world["values"], world["private_slug"]) if route else world["pages"]:
                requests = [("get", {}), *(("get", query) for query in ODD_QUERIES)]
                if user is not None:
                    client.force_login(user)  # every route again, as a POST may have signed the member out
                    requests += [("post", {}), *(("post", dict.fromkeys(FIELDS, value)) for value in ODD_VALUES)]
                for method, data in requests:
                    try:
                        status = getattr(client, method)(url, data).status_code
                    except Exception as error:  # noqa: BLE001 - every exception is the finding
                        problems.append(f"{method.upper()} {url} {str(data)[:60]} as {user}: {type(error).__name__}: {error}")
                        continue
                    if status >= 500:
                        problems.append(f"{method.upper()} {url} {str(data)[:60]} as {user}: {status}")
    assert not problems, "\n".join(problems[:40])


def test_every_area_of_the_site_is_walked():
    """The walk reaches each app's views (so a URL conf change cannot silently empty this test)."""
    assert {"networks", "discussions", "chats", "commissions", "submissions", "amendments", "notifications"} <= set(AREAS)
    assert sum(len(routes) for routes in AREAS.values()) >= 60
