"""Demo local policy forums, dialogue sessions and a coordinators' briefing, called by `commissions.demo`.

In every region a CLP has held a forum on one of the six commissions'
issues (its report with the commission, in a different status in each
region, and the members who came following it) and has another coming up
with people registered, some from the wider community. Aisha, policy officer
of Warrington North CLP, organised the North West's, so the demo shows the
whole loop from her forum to the Health commission's response. Each
commission has one dialogue session with the units that submitted on an
issue; the Health one has met and published its note. The coordinators have
a national briefing coming up.

Idempotent: forums are found by their title and unit, sessions by their
title, registrations by forum and person. Rows are written directly (not
through the actions), so loading the demo emails nobody.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from commissions.models import (
    DialogueInvitation,
    DialogueSession,
    Forum,
    ForumRegistration,
    Submission,
    WorkProgrammeIssue,
)
from networks.models import Coordinator, PartyUnit, Profile, Region, UnitMembership

Status = Submission.Status
Openness = Forum.Openness

# How far each region's past forum report has got: every status appears, most have an answer, and the
# North West's (fifth in alphabetical order: Aisha's) has the Health commission's response.
REPORT_STATUSES = [
    Status.RECEIVED, Status.REFLECTED, Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION, Status.RESPONDED,
    Status.NOT_TAKEN_FORWARD, Status.RESPONDED, Status.REFLECTED, Status.ACKNOWLEDGED, Status.RESPONDED,
    Status.UNDER_CONSIDERATION,
]

VENUES = {
    "East Midlands": ("Sneinton Market Community Hall\nAvenue A, Nottingham", "NG1 1DW"),
    "Eastern": ("Ipswich Town Hall, Cornhill\nIpswich", "IP1 1DH"),
    "Greater London": ("Stoke Newington Library\nChurch Street, London", "N16 0JS"),
    "North": ("Newcastle Civic Centre, Barras Bridge\nNewcastle upon Tyne", "NE1 8QH"),
    "North West": ("Orford Jubilee Hub, Jubilee Way\nWarrington", "WA2 8HE"),
    "Scotland": ("Springburn Winter Gardens Hall\nGlasgow", "G21 1TD"),
    "South East": ("Battle Library, Oxford Road\nReading", "RG30 1HD"),
    "South West": ("Bedminster Library, Cannons Way\nBristol", "BS3 4AH"),
    "Wales": ("Canton Community Hall, Leckwith Road\nCardiff", "CF11 8AB"),
    "West Midlands": ("Erdington Library, Orphanage Road\nBirmingham", "B24 9HP"),
    "Yorkshire and the Humber": ("Leeds Civic Hall, Calverley Street\nLeeds", "LS1 1UR"),
}

FIRST_NAMES = ["Aileen", "Bashir", "Carys", "Dominic", "Efua", "Gareth", "Hannah", "Imogen", "Jamal", "Kirsty",
               "Liam", "Maryam", "Niall", "Olwen", "Parveen", "Rhys", "Siobhan", "Tariq", "Una", "Wes"]
LAST_NAMES = ["Ashworth", "Begum", "Costello", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
              "Kerr", "Lloyd", "McBride", "Nowak", "Okafor", "Patel", "Quinn", "Robson", "Singh", "Taylor"]

REPORT_TEXT = (
    "{count} people came to our local policy forum on {topic}, in small groups with a facilitator each. "
    "They agreed three points for the commission.\n\n"
    "1. What changes must be visible locally within two years, or people stop believing it will happen.\n"
    "2. Local councillors and front-line staff should be asked before national roll-out.\n"
    "3. The commission should write back to the forum, so everyone who came hears what became of it.\n\n"
    "Several people from the wider community came for the first time and asked to be kept informed."
)

FORUM_DESCRIPTION = (
    "Come and tell the {commission} policy commission what you think about **{topic}**. "
    "We will start with a short introduction to the question, then talk in small groups, and agree what to send "
    "to the commission. Tea and coffee from half an hour before. Everyone who comes hears what the commission "
    "makes of it."
)


def load(commissions: dict, people: dict) -> str:
    rng = random.Random(15)
    regions = list(Region.objects.order_by("name"))
    issues = list(
        WorkProgrammeIssue.objects.filter(year=timezone.localdate().year).select_related("commission")
        .order_by("commission__name", "sort_order")
    )
    if not regions or not issues:
        return "forums: no regions or work programmes yet"
    User = get_user_model()
    aisha = User.objects.filter(email="member@example.org").first()
    forums = 0
    reports_before = Submission.objects.count()
    for index, region in enumerate(regions):
        unit = _region_clp(region, aisha)
        if unit is None:
            continue
        organiser = aisha if aisha and unit.name == "Warrington North CLP" else people["officers"].get(unit.pk)
        locals_ = _local_members(region, unit)
        past_issue = issues[(index * 3) % len(issues)]
        if region.name == "North West":
            past_issue = next((i for i in issues if i.commission.code == "HEA"), past_issue)
        forums += _past_forum(rng, region, unit, organiser, past_issue, locals_, REPORT_STATUSES[index % len(REPORT_STATUSES)], people)
        forums += _upcoming_forum(rng, region, unit, organiser, issues[(index * 3 + 1) % len(issues)], locals_, index)
    if Submission.objects.count() != reports_before:
        _number_in_order_received()
    sessions = sum(_dialogue_session(commission, people) for commission in commissions.values())
    briefing = _coordinators_briefing()
    return (
        f"forums: {Forum.objects.local_forums().count()} local policy forums ({forums} new), "
        f"{DialogueSession.objects.count()} dialogue sessions ({sessions} new), {briefing}"
    )


def _number_in_order_received() -> None:
    """Renumber each commission's references for the year in the order submissions arrived.

    The forums' reports are written after the other demo submissions but dated
    among them; references count up with time, as they would have been issued.
    Runs only in the load that created reports, before anyone has seen them.
    """
    # order_by(): without it the model's default ordering joins the DISTINCT, and every submission
    # became a group of its own (the whole renumbering ran once per submission).
    groups = Submission.objects.order_by().values_list("commission_id", "year").distinct()
    for commission_id, year in groups:
        rows = list(Submission.objects.filter(commission_id=commission_id, year=year).select_related("commission").order_by("created_at", "pk"))
        for row in rows:  # out of the way first: the numbers and references are unique
            row.number, row.reference = 100000 + row.number, f"TMP-{row.pk}"
        Submission.objects.bulk_update(rows, ["number", "reference"])
        for number, row in enumerate(rows, start=1):
            row.number, row.reference = number, f"{row.commission.code}-{year}-{number:04d}"
        Submission.objects.bulk_update(rows, ["number", "reference"])


def _region_clp(region: Region, aisha) -> PartyUnit | None:
    """The region's first constituency CLP; in the North West, Warrington North (Aisha's)."""
    units = PartyUnit.objects.filter(region=region, kind=PartyUnit.Kind.CLP, constituency__isnull=False).order_by("name")
    if region.name == "North West":
        return units.filter(name="Warrington North CLP").first() or units.first()
    return units.first()


def _local_members(region: Region, unit: PartyUnit) -> list:
    """Four members of the unit who come to its forums (demo accounts, password as every demo user's)."""
    from networks.demo import DEMO_PASSWORD

    User = get_user_model()
    found = []
    offset = sum(map(ord, region.slug))
    for n in range(4):
        name = f"{FIRST_NAMES[(offset + n * 7) % len(FIRST_NAMES)]} {LAST_NAMES[(offset * 3 + n) % len(LAST_NAMES)]}"
        email = f"{slugify(name)}.{region.slug}@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(username=f"{slugify(name)}-{region.slug}"[:150], email=email, password=DEMO_PASSWORD)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            Profile.objects.get_or_create(user=user, defaults={"display_name": name, "region": region})
        UnitMembership.objects.get_or_create(unit=unit, user=user, defaults={"position": "Member"})
        found.append(user)
    return found


def _at(days: int, hour: int = 19) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _forum(region, unit, organiser, issue, title, starts_at, *, openness, capacity, online=False) -> tuple[Forum, bool]:
    existing = Forum.objects.filter(unit=unit, title=title).first()
    if existing is not None:
        return existing, False
    venue, postcode = VENUES.get(region.name, ("", ""))
    forum = Forum.objects.create(
        kind=Forum.Kind.FORUM, title=title, unit=unit, region=region, constituency=unit.constituency,
        commission=issue.commission, issue=issue,
        description=FORUM_DESCRIPTION.format(commission=issue.commission.name, topic=issue.title.lower()),
        questions=issue.brief, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        venue=venue, postcode=postcode, online_url="https://video.example.org/forum-" + unit.slug if online else "",
        capacity=capacity, openness=openness, organiser=organiser,
        organiser_contact=f"{organiser.email if organiser else 'secretary@example.org'} · 01925 574913",
        created_at=starts_at - timedelta(days=21),
    )
    return forum, True


def _past_forum(rng, region, unit, organiser, issue, locals_, target, people) -> int:
    from commissions.demo import _demo_submission

    held = _at(-rng.randint(30, 75))
    forum, created = _forum(region, unit, organiser, issue, f"{issue.title}: {unit.constituency.name} has its say", held,
                            openness=Openness.COMMUNITY, capacity=40)
    if not created:
        return 0
    attendees = [organiser, *locals_[:3]] if organiser else locals_[:3]
    for user in attendees:
        ForumRegistration.objects.get_or_create(
            forum=forum, user=user,
            defaults={"status": ForumRegistration.Status.REGISTERED, "attended": True, "registered_at": held - timedelta(days=10),
                      "confirmed_at": held - timedelta(days=10)},
        )
    ForumRegistration.objects.get_or_create(  # registered, did not come
        forum=forum, user=locals_[3],
        defaults={"status": ForumRegistration.Status.REGISTERED, "attended": False, "registered_at": held - timedelta(days=8)},
    )
    for n, follows in enumerate((True, True, False)):
        name = f"{FIRST_NAMES[(n * 5 + len(region.name)) % len(FIRST_NAMES)]} {LAST_NAMES[(n * 11 + len(unit.name)) % len(LAST_NAMES)]}"
        ForumRegistration.objects.get_or_create(
            forum=forum, user=None, email=f"{slugify(name)}.resident@example.org",
            defaults={"name": name, "status": ForumRegistration.Status.REGISTERED, "attended": True, "follows_outcome": follows,
                      "registered_at": held - timedelta(days=5), "confirmed_at": held - timedelta(days=5)},
        )
    forum.walk_ins = rng.randint(3, 12)
    forum.attendance_recorded_at = held + timedelta(hours=3)
    submitter = organiser or people["officers"][unit.pk]
    count = len(attendees) + 3 + forum.walk_ins
    _demo_submission(rng, issue.commission, unit, submitter, issue, None, f"Report of the local policy forum: {forum.title}",
                     True, held + timedelta(days=2), target, people["commission"][issue.commission.code],
                     list(issue.commission.documents.order_by("year", "stage")))
    report = Submission.objects.get(commission=issue.commission, title=f"Report of the local policy forum: {forum.title}")
    Submission.objects.filter(pk=report.pk).update(
        text=REPORT_TEXT.format(count=count, topic=issue.title.lower()), forum_held_on=timezone.localtime(held).date(),
        forum_attendees=count, community_took_part=True,
    )
    report.followers.add(*[user.pk for user in attendees])
    forum.report = report
    forum.save(update_fields=["walk_ins", "attendance_recorded_at", "report"])
    return 1


def _upcoming_forum(rng, region, unit, organiser, issue, locals_, index) -> int:
    full = index % 4 == 1  # some are full, with a waiting list
    forum, created = _forum(
        region, unit, organiser, issue, f"{issue.title}: what {unit.constituency.name} thinks", _at(7 + index * 3),
        openness=Openness.COMMUNITY if index % 2 == 0 else Openness.MEMBERS, capacity=3 if full else 30,
        online=index % 3 == 0,
    )
    if not created:
        return 0
    for n, user in enumerate(locals_):
        status = ForumRegistration.Status.REGISTERED if not full or n < 3 else ForumRegistration.Status.WAITING
        ForumRegistration.objects.get_or_create(
            forum=forum, user=user, defaults={"status": status, "registered_at": timezone.now() - timedelta(days=4 - n)}
        )
    if forum.openness == Openness.COMMUNITY and not full:
        name = f"{FIRST_NAMES[(index * 3) % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7 + 2) % len(LAST_NAMES)]}"
        ForumRegistration.objects.get_or_create(
            forum=forum, user=None, email=f"{slugify(name)}.neighbour@example.org",
            defaults={"name": name, "status": ForumRegistration.Status.REGISTERED, "follows_outcome": True,
                      "confirmed_at": timezone.now() - timedelta(days=1)},
        )
    return 1


def _dialogue_session(commission, people) -> int:
    """One session per commission, on its issue with the most units' submissions; Health's has met."""
    issue = (
        WorkProgrammeIssue.objects.filter(commission=commission, year=timezone.localdate().year)
        .order_by("sort_order").first()
    )
    if issue is None:
        return 0
    title = f"{commission.name} dialogue: {issue.title}"
    if DialogueSession.objects.filter(title=title).exists():
        return 0
    submissions = list(Submission.objects.filter(commission=commission, issue=issue, unit__isnull=False).select_related("unit"))
    if not submissions:
        return 0
    members = people["commission"][commission.code]
    met = commission.code == "HEA"
    start = _at(-9, 18) if met else _at(12 + len(commission.code), 18)
    session = DialogueSession.objects.create(
        commission=commission, issue=issue, title=title,
        medium=DialogueSession.Medium.PHONE if met else DialogueSession.Medium.VIDEO,
        starts_at=start, ends_at=start + timedelta(hours=1, minutes=15),
        joining_details="Dial 0800 496 0714, then PIN 2026 4417#" if met else f"https://video.example.org/{commission.slug}-dialogue",
        agenda=(
            f"1. Welcome from {members[0].profile.display_name}, chair\n"
            f"2. What the submissions on {issue.title.lower()} said: a summary from the commission\n"
            "3. Each unit: two minutes on what it would most like the commission to take forward\n"
            "4. Questions and discussion\n"
            "5. What happens next, and when units will hear"
        ),
        scheduled_by=members[0], created_at=start - timedelta(days=20),
    )
    session.submissions.add(*submissions)
    for n, unit_id in enumerate(sorted({s.unit_id for s in submissions})):
        officer = people["officers"].get(unit_id)
        response = [DialogueInvitation.Response.ATTENDING, DialogueInvitation.Response.ATTENDING,
                    DialogueInvitation.Response.DECLINED, DialogueInvitation.Response.PENDING][n % 4]
        DialogueInvitation.objects.create(
            session=session, unit_id=unit_id, response=response,
            responded_by=officer if response != DialogueInvitation.Response.PENDING else None,
            responded_at=start - timedelta(days=7) if response != DialogueInvitation.Response.PENDING else None,
        )
    if met:
        session.note = (
            f"The chair thanked the units for their submissions on {issue.title.lower()}.\n\n"
            "**What we heard.** Units want community services in place before hospital services move, and evening "
            "GP appointments for people who work shifts.\n\n"
            "**What the commission will do.** It will ask ministers about pilots of evening opening in two regions, "
            "and report back in each submission's dialogue before the final draft is published."
        )
        session.note_published_at = start + timedelta(days=2)
        session.note_published_by = members[0]
        session.save(update_fields=["note", "note_published_at", "note_published_by"])
    return 1


def _coordinators_briefing() -> str:
    """A national briefing for every PiP coordinator, with the coordinators who have accounts registered."""
    staff = get_user_model().objects.filter(email="staff@example.org").first()
    title = "National briefing: the new rolling programme and your local policy forums"
    event = Forum.objects.filter(title=title).first()
    if event is None:
        start = _at(18, 18)
        event = Forum.objects.create(
            kind=Forum.Kind.BRIEFING, title=title, region=None, openness=Openness.COORDINATORS, organiser=staff,
            description=(
                "A briefing for every PiP coordinator on the year's work programmes, how to organise a local policy "
                "forum that reaches beyond the usual faces, and how to follow its report to the commission's answer. "
                "Online, so coordinators in every region can join."
            ),
            starts_at=start, ends_at=start + timedelta(hours=1, minutes=30),
            online_url="https://video.example.org/pip-coordinators-briefing", capacity=100,
            organiser_contact="pip.coordinators@example.org · 020 7783 1000",
        )
    for coordinator in Coordinator.objects.filter(user__isnull=False).select_related("user"):
        ForumRegistration.objects.get_or_create(forum=event, user=coordinator.user, defaults={"status": ForumRegistration.Status.REGISTERED})
    return f"1 coordinators' briefing ({event.registrations.count()} registered)"

