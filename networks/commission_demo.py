"""Demo content for the commissions in dialogue: pages, units, coordinators, submissions, amendments.

Runs after the networks, discussions and chat demos. Idempotent: every object
is found by a natural key and only created when missing. Submissions are
spread over every status, commission and region, with dates in the past, so
the accountability figures, queues and dashboards show something at once.
Demo rows are written directly (not through the actions) so loading the demo
sends nobody an email.
"""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from discussions.models import Amendment, Post, Submission, SubmissionEvent, Thread
from home.models import HomePage
from networks.demo import DEMO_PASSWORD
from networks.models import (
    CommissionIndexPage,
    CommissionMembership,
    CommissionPage,
    Constituency,
    ConsultationDocument,
    ConsultationParagraph,
    Coordinator,
    PartyUnit,
    PolicyCommission,
    Profile,
    Region,
    UnitMembership,
    WorkProgrammeIssue,
)

Seat = CommissionMembership.Seat
Status = Submission.Status

# Constituencies as data: a handful per region, enough to show coverage gaps.
CONSTITUENCIES = {
    "East Midlands": ["Nottingham East", "Derby South", "Leicester West", "Mansfield"],
    "Eastern": ["Ipswich", "Norwich South", "Luton North", "Stevenage"],
    "Greater London": ["Hackney North and Stoke Newington", "Tottenham", "Lewisham Deptford", "Ealing North"],
    "North": ["Newcastle upon Tyne Central", "Sunderland Central", "Durham North", "Middlesbrough"],
    "North West": ["Warrington North", "Manchester Gorton", "Liverpool Walton", "Bolton South East"],
    "Scotland": ["Glasgow North East", "Edinburgh South", "Dundee West", "Kirkcaldy"],
    "South East": ["Reading West", "Southampton Test", "Brighton Kemptown", "Slough"],
    "South West": ["Bristol South", "Plymouth Sutton", "Exeter", "Swindon North"],
    "Wales": ["Cardiff West", "Swansea East", "Newport East", "Wrexham"],
    "West Midlands": ["Birmingham Erdington", "Wolverhampton South East", "Coventry North East", "Stoke-on-Trent Central"],
    "Yorkshire and the Humber": ["Leeds Central", "Sheffield Brightside", "Hull East", "Bradford South"],
}

# Affiliates and societies, each homed in a region for routing.
AFFILIATES = [
    ("UNISON Greater London Region", PartyUnit.Kind.UNION, "Greater London"),
    ("GMB Northern Region", PartyUnit.Kind.UNION, "North"),
    ("Communication Workers Union Wales", PartyUnit.Kind.UNION, "Wales"),
    ("Socialist Health Association", PartyUnit.Kind.SOCIETY, "Greater London"),
    ("Labour Housing Group", PartyUnit.Kind.SOCIETY, "West Midlands"),
    ("Fabian Society, Yorkshire", PartyUnit.Kind.SOCIETY, "Yorkshire and the Humber"),
]

WORK_PROGRAMMES = {
    "BIW": [
        ("Trade justice and the developing world", "How should fair trade rules sit alongside aid, and what should Britain argue for at the WTO?"),
        ("Europe after enlargement", "What does a larger European Union mean for jobs, migration and our influence?"),
    ],
    "CSC": [
        ("Affordable homes for local people", "How can councils and housing associations build more homes that local families can afford?"),
        ("Buses outside the big cities", "What would it take to give rural and market towns a reliable bus service?"),
    ],
    "CJC": [
        ("Tackling anti-social behaviour", "What has worked in your area, and what should neighbourhood policing look like?"),
        ("Citizenship and integration", "How do we build cohesive communities and make citizenship meaningful?"),
    ],
    "EDU": [
        ("Skills for work at 14 to 19", "How should vocational and academic routes fit together for young people?"),
        ("Parents and school governance", "How can parents and governors have a stronger voice in how schools are run?"),
    ],
    "HEA": [
        ("Care closer to home", "Which services should move out of hospitals and into communities, and how?"),
        ("Public health and obesity", "What should government, schools and employers do about rising obesity?"),
        ("Waiting times and patient choice", "How do we keep waiting times down while giving patients real choice?"),
    ],
    "PAW": [
        ("Pensions for the next generation", "How should a fair state and workplace pension system be funded?"),
        ("Skills and productivity in the regions", "What would raise wages and productivity outside London and the South East?"),
    ],
}

# Invented people: the demo never puts words in a real politician's mouth.
MEMBERS = {
    "BIW": [("Rt Hon Margaret Ainsworth MP", Seat.CHAIR), ("Ian Pearce MP", Seat.GOVERNMENT), ("Cllr Joan Redfern", Seat.NEC), ("Tomasz Walczak", Seat.NPF)],
    "CSC": [("Cllr Ruth Kendal", Seat.CHAIR), ("Yvette Prescott MP", Seat.GOVERNMENT), ("Annie Blackwood", Seat.NEC), ("Peter Wilmslow", Seat.NPF)],
    "CJC": [("Baroness Helena Strachan", Seat.CHAIR), ("Hazel Brereton MP", Seat.GOVERNMENT), ("Mohammed Azam", Seat.NEC), ("Cllr Sarah Okoro", Seat.NPF)],
    "EDU": [("Alan Jessop MP", Seat.CHAIR), ("Jacqui Knight MP", Seat.GOVERNMENT), ("Christine Shawford", Seat.NEC), ("Gurinder Sandhu", Seat.NPF)],
    "HEA": [("Rt Hon Patricia Hale MP", Seat.CHAIR), ("Rosie Wainwright MP", Seat.GOVERNMENT), ("Dianne Hartley", Seat.NEC)],
    "PAW": [("Ed Barlow MP", Seat.CHAIR), ("Stephen Tinsley MP", Seat.GOVERNMENT), ("Mary Turner", Seat.NEC), ("Cllr Ellie Reddington", Seat.NPF)],
}

FINAL_DRAFT = [
    "A modern National Health Service must be free at the point of use, based on need and not the ability to pay.",
    "Care should be delivered as close to home as is safe, with more services in community hospitals and GP surgeries.",
    "Patients should be able to choose where and when they are treated, and be given the information to make that choice.",
    "Public health is everyone's business: government will work with schools, employers and local authorities to reduce obesity.",
    "NHS staff are its greatest asset; we will invest in training and fair pay through Agenda for Change.",
    "Health inequalities between the richest and poorest areas must narrow in every region by the end of the next parliament.",
]

SUBMISSION_TEXTS = [
    "Our local policy forum met in small groups and agreed three priorities. First, {topic} must be judged by what "
    "people in {place} actually see change. Second, members want regular feedback from the commission. Third, "
    "the wider community should be consulted before the final draft.",
    "Members in {place} discussed {topic} at an all-member meeting. We ask the commission to look at the evidence "
    "from local councillors and to consider pilots in areas like ours before national roll-out.",
    "Following our branch discussion on {topic}, we propose that the party commits to clear targets and an annual "
    "report to members on progress. Several members who work in the sector offered to share their experience.",
]

RESPONSES = [
    "Thank you for this thoughtful submission. The commission discussed it at its last meeting and it has informed "
    "the section of our report on this issue. We would welcome a follow-up once your forum has met again.",
    "Thank you. The commission agrees with much of your analysis; the points on local pilots have been passed to "
    "ministers, and we will report back on their answer in this dialogue.",
]

REASONS = [
    "The commission considered this carefully but concluded that the costs could not be met within the spending plans for this parliament.",
    "This proposal is outside the commission's remit; we have passed it to the relevant commission for information.",
]


def load(stdout) -> None:
    rng = random.Random(2026)
    regions = {region.name: region for region in Region.objects.all()}
    if not regions:
        stdout.write("commissions: no regions yet; run the networks demo first")
        return
    commissions = {commission.code: commission for commission in PolicyCommission.objects.all()}
    year = timezone.localdate().year
    _pages(commissions)
    constituencies = _constituencies(regions)
    units = _units(regions, constituencies)
    people = _people(regions, commissions, units)
    issues = _work_programmes(commissions, year)
    documents = _documents(commissions, year)
    coordinators = _coordinators(units, constituencies)
    submissions = _submissions(rng, commissions, units, issues, documents, people, year)
    amendments = _amendments(documents, units, people)
    stdout.write(
        f"commissions: {len(commissions)} commission pages, {len(units)} party units, {len(constituencies)} constituencies, "
        f"{coordinators} coordinators, {submissions} submissions, {amendments} amendments"
    )


def _user(email: str, name: str, region: Region | None = None):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email.split("@")[0], email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        Profile.objects.get_or_create(user=user, defaults={"display_name": name, "region": region})
    return user


def _pages(commissions: dict) -> None:
    home = HomePage.objects.first()
    index = CommissionIndexPage.objects.first()
    if index is None:
        index = CommissionIndexPage(
            title="Policy commissions",
            slug="commissions",
            intro="Six policy commissions draw up policy for the National Policy Forum. Each publishes an annual "
            "work programme of topical issues and consultation documents, and answers the submissions local "
            "parties and affiliates send it. Track what has happened to every proposal.",
        )
        home.add_child(instance=index)
    for commission in commissions.values():
        if not CommissionPage.objects.filter(commission=commission).exists():
            index.add_child(
                instance=CommissionPage(
                    title=commission.name,
                    slug=commission.slug,
                    commission=commission,
                    intro=f"The {commission.name} policy commission is made up of members representing the "
                    "Government, the National Executive Committee and the National Policy Forum.",
                )
            )


def _constituencies(regions: dict) -> dict[str, Constituency]:
    found = {}
    for region_name, names in CONSTITUENCIES.items():
        for name in names:
            found[name], _ = Constituency.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "region": regions[region_name]}
            )
    return found


def _units(regions: dict, constituencies: dict) -> dict[str, PartyUnit]:
    found = {}
    for name, constituency in constituencies.items():
        unit, _ = PartyUnit.objects.get_or_create(
            slug=slugify(f"{name} CLP"),
            defaults={"name": f"{name} CLP", "kind": PartyUnit.Kind.CLP, "region": constituency.region, "constituency": constituency},
        )
        found[unit.name] = unit
    for name in ("Manchester Gorton", "Leeds Central", "Cardiff West", "Bristol South"):
        constituency = constituencies[name]
        unit, _ = PartyUnit.objects.get_or_create(
            slug=slugify(f"{name} central branch"),
            defaults={"name": f"{name} Central Branch", "kind": PartyUnit.Kind.BRANCH, "region": constituency.region, "constituency": constituency},
        )
        found[unit.name] = unit
    for name, kind, region_name in AFFILIATES:
        unit, _ = PartyUnit.objects.get_or_create(slug=slugify(name), defaults={"name": name, "kind": kind, "region": regions[region_name]})
        found[unit.name] = unit
    return found


def _people(regions: dict, commissions: dict, units: dict) -> dict:
    """Commission members with seats, unit officers, regional staff and NPF representatives."""
    User = get_user_model()
    people = {"commission": {}, "officers": {}}
    for code, members in MEMBERS.items():
        people["commission"][code] = []
        for index, (name, seat) in enumerate(members):
            user = _user(f"{code.lower()}.{index + 1}@example.org", name)
            CommissionMembership.objects.get_or_create(commission=commissions[code], user=user, defaults={"seat": seat})
            people["commission"][code].append(user)
    demo_commission = User.objects.filter(email="commission@example.org").first()
    if demo_commission:
        people["commission"]["HEA"].append(demo_commission)

    member = User.objects.filter(email="member@example.org").first()
    if member:
        UnitMembership.objects.get_or_create(unit=units["Warrington North CLP"], user=member, defaults={"position": "Policy officer"})
        UnitMembership.objects.get_or_create(unit=units["Socialist Health Association"], user=member, defaults={"position": "Member"})
    for unit in units.values():
        officer = _user(f"secretary.{unit.slug}@example.org", f"Secretary, {unit.name}", unit.region)
        UnitMembership.objects.get_or_create(unit=unit, user=officer, defaults={"position": "Secretary"})
        people["officers"][unit.pk] = officer

    north_west = regions["North West"]
    office = _user("northwest.office@example.org", "Nadia North West Office", north_west)
    north_west.staff.add(office)
    for region in regions.values():
        rep = _user(f"npf.{region.slug}@example.org", f"NPF representative, {region.name}", region)
        region.npf_representatives.add(rep)
    return people


def _work_programmes(commissions: dict, year: int) -> dict[str, list[WorkProgrammeIssue]]:
    found = {}
    for code, issues in WORK_PROGRAMMES.items():
        commission = commissions[code]
        found[code] = []
        for order, (title, brief) in enumerate(issues):
            issue, _ = WorkProgrammeIssue.objects.get_or_create(
                commission=commission, title=title, defaults={"year": year, "brief": brief, "sort_order": order}
            )
            found[code].append(issue)
        WorkProgrammeIssue.objects.get_or_create(
            commission=commission,
            title=f"{commission.name}: lessons from the Big Conversation",
            defaults={"year": year - 1, "brief": "What did members and the wider community tell us in last year's consultation?"},
        )
    return found


def _documents(commissions: dict, year: int) -> dict[str, list[ConsultationDocument]]:
    found = {}
    for code, commission in commissions.items():
        stage1, _ = ConsultationDocument.objects.get_or_create(
            commission=commission, stage=ConsultationDocument.Stage.BIG_CONVERSATION,
            defaults={"title": f"{commission.name}: the big challenges", "year": year - 2, "is_open": False,
                      "summary": "A Big Conversation style document on the challenges the party faces as it develops policy."},
        )
        stage2, _ = ConsultationDocument.objects.get_or_create(
            commission=commission, stage=ConsultationDocument.Stage.POLICY_CHOICES,
            defaults={"title": f"{commission.name}: policy choices", "year": year - 1, "is_open": True,
                      "summary": "The policy choices emerging from the first stage of consultation."},
        )
        found[code] = [stage1, stage2]
    health = commissions["HEA"]
    final, created = ConsultationDocument.objects.get_or_create(
        commission=health, stage=ConsultationDocument.Stage.FINAL_DRAFT,
        defaults={"title": "Health: final draft for the National Policy Forum", "year": year, "is_open": True,
                  "summary": "The final draft, to be considered for amendment at the Warwick-style NPF. Party units "
                  "submit amendments to its numbered paragraphs through their NPF representatives."},
    )
    if created or not final.paragraphs.exists():
        for number, text in enumerate(FINAL_DRAFT, start=1):
            ConsultationParagraph.objects.create(document=final, number=number, text=text, sort_order=number)
    found["HEA"].append(final)
    return found


def _coordinators(units: dict, constituencies: dict) -> int:
    plan = [
        ("Warrington North", "Jo Halliwell", "12 Orford Lane\nWarrington", "WA2 7AA", "07700 900111"),
        ("Leeds Central", "Imran Qureshi", "4 Park Square\nLeeds", "LS1 2NE", "07700 900222"),
        ("Cardiff West", "Bethan Morgan", "27 Cowbridge Road East\nCardiff", "CF11 9AD", "07700 900333"),
        ("Bristol South", "Grace Adebayo", "8 North Street\nBristol", "BS3 1HT", "07700 900444"),
        ("Ipswich", "Tom Barker", "3 Princes Street\nIpswich", "IP1 1PH", "07700 900555"),
    ]
    for name, full_name, address, postcode, mobile in plan:
        constituency = constituencies[name]
        Coordinator.objects.get_or_create(
            email=f"{slugify(full_name)}@example.org",
            constituency=constituency,
            defaults={
                "full_name": full_name, "address": address, "postcode": postcode, "unit": units[f"{name} CLP"],
                "position": "Policy officer", "mobile_phone": mobile.replace(" ", ""), "region": constituency.region,
            },
        )
    return Coordinator.objects.count()


# Submissions ---------------------------------------------------------------------

LIFECYCLE = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION, Status.RESPONDED]
FINAL_STATUSES = [Status.REFLECTED, Status.NOT_TAKEN_FORWARD]
# How far along each demo submission is: weighted so every status appears and most are answered.
SPREAD = [
    Status.RECEIVED, Status.RECEIVED, Status.ACKNOWLEDGED, Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION,
    Status.RESPONDED, Status.RESPONDED, Status.REFLECTED, Status.REFLECTED, Status.NOT_TAKEN_FORWARD,
]


def _submissions(rng, commissions, units, issues, documents, people, year) -> int:
    from django.contrib.auth import get_user_model

    unit_list = sorted(units.values(), key=lambda unit: unit.name)
    member = get_user_model().objects.filter(email="member@example.org").first()
    now = timezone.now()
    plans = []
    for code, commission in sorted(commissions.items()):
        # Each commission gets its own number of submissions and mix of statuses, so the figures differ.
        # Seeded by the commission alone, so a second load plans exactly the same submissions.
        plan_rng = random.Random(code)
        count = 8 + plan_rng.randint(0, 6)
        targets = [SPREAD[(index + plan_rng.randint(0, 3)) % len(SPREAD)] for index in range(count)]
        targets[0], targets[1] = Status.RESPONDED, Status.RECEIVED
        overdue_index = 1 if code in ("HEA", "CSC", "PAW") else None
        for index in range(count):
            unit = unit_list[(index * 7 + len(code) * 3 + ord(code[0])) % len(unit_list)]
            if code == "HEA" and index == 0:
                unit = units["Warrington North CLP"]
            topic = issues[code][index % len(issues[code])]
            title = f"{topic.title}: the view from {unit.name}"
            if Submission.objects.filter(commission=commission, title=title).exists():
                continue
            submitter = member if unit.name == "Warrington North CLP" and member else people["officers"][unit.pk]
            target = targets[index]
            age = rng.randint(3, 160) if target != Status.RECEIVED else rng.randint(1, 9)
            if index == overdue_index:
                age = rng.randint(20, 40)  # overdue: not acknowledged in time
            created = now - timedelta(days=age, hours=rng.randint(0, 20))
            forum = index % 3 == 0
            plans.append((
                created, commission, unit, submitter, topic, documents[code][1] if index % 4 == 3 else None,
                title, forum, target, people["commission"][code], documents[code],
            ))
    # References count up with time, as they would have been issued.
    for created, commission, unit, submitter, topic, document, title, forum, target, members, docs in sorted(plans, key=lambda plan: plan[0]):
        _demo_submission(rng, commission, unit, submitter, topic, document, title, forum, created, target, members, docs)
    return Submission.objects.count()


def _demo_submission(rng, commission, unit, submitter, issue, document, title, forum, created, target, members, docs):
    text = rng.choice(SUBMISSION_TEXTS).format(topic=issue.title.lower(), place=unit.name)
    thread = Thread.objects.create(network=None, title=title, author=submitter, created_at=created, last_activity_at=created)
    opening = Post.objects.create(thread=thread, author=submitter, body=text, created_at=created)
    opening.path = opening.tree_path()
    opening.save(update_fields=["path"])
    year = created.year
    number = (Submission.objects.filter(commission=commission, year=year).order_by("-number").values_list("number", flat=True).first() or 0) + 1
    submission = Submission.objects.create(
        reference=f"{commission.code}-{year}-{number:04d}", year=year, number=number, commission=commission,
        thread=thread, submitter=submitter, unit=unit, region=unit.region,
        issue=None if document else issue, document=document,
        kind=Submission.Kind.FORUM_REPORT if forum else Submission.Kind.SUBMISSION, title=title, text=text,
        forum_held_on=(created - timedelta(days=6)).date() if forum else None,
        forum_attendees=rng.randint(12, 85) if forum else None,
        community_took_part=rng.random() < 0.5 if forum else None,
        created_at=created, status_changed_at=created,
    )
    submission.followers.add(*unit.memberships.values_list("user_id", flat=True))
    SubmissionEvent.objects.create(submission=submission, status=Status.RECEIVED, actor=submitter, created_at=created)
    steps = LIFECYCLE[1: LIFECYCLE.index(target) + 1] if target in LIFECYCLE else LIFECYCLE[1:] + [target]
    when = created
    actor = members[0]
    last_post = opening
    for status in steps:
        when = min(when + timedelta(days=rng.randint(2, 21)), timezone.now() - timedelta(hours=1))
        note, reflected = "", None
        if status == Status.RESPONDED:
            note = rng.choice(RESPONSES)
            last_post = Post.objects.create(thread=thread, author=actor, parent=opening, depth=1, body=note, created_at=when, is_official=True)
            last_post.path = last_post.tree_path()
            last_post.save(update_fields=["path"])
            Thread.objects.filter(pk=thread.pk).update(reply_count=1, has_official_response=True, last_activity_at=when)
            submission.responded_at = when
        if status == Status.ACKNOWLEDGED:
            submission.acknowledged_at = when
        if status == Status.NOT_TAKEN_FORWARD:
            note = rng.choice(REASONS)
            submission.status_reason = note
        if status == Status.REFLECTED:
            reflected = docs[-1]
            submission.reflected_in = reflected
        SubmissionEvent.objects.create(submission=submission, status=status, actor=actor, note=note, reflected_in=reflected, created_at=when)
        submission.status = status
        submission.status_changed_at = when
    Thread.objects.filter(pk=thread.pk).update(last_post_id=last_post.pk)
    if target in (Status.UNDER_CONSIDERATION, Status.RESPONDED) and len(members) > 1:
        # Assigned as the chair would from the queue: on the timeline, and the assignee follows it.
        submission.assigned_to = members[-1]
        SubmissionEvent.objects.create(
            submission=submission, kind=SubmissionEvent.Kind.ASSIGNED, actor=actor, assignee=members[-1],
            created_at=submission.acknowledged_at + timedelta(hours=2),
        )
        submission.followers.add(members[-1])
    submission.save()


def _amendments(documents: dict, units: dict, people: dict) -> int:
    final = documents["HEA"][-1]
    paragraphs = {p.number: p for p in final.paragraphs.all()}
    if not paragraphs or final.amendments.exists():
        return Amendment.objects.count()
    rep = {}
    for region in Region.objects.prefetch_related("npf_representatives"):
        rep[region.pk] = region.npf_representatives.first()
    hea_chair = people["commission"]["HEA"][0]
    plan = [
        (2, "Warrington North CLP", Amendment.Kind.INSERT, "community hospitals and GP surgeries", ", including walk-in centres open in the evenings", "Members who work shifts cannot see a GP in the day.", Amendment.Status.SUBMITTED, ""),
        (3, "Socialist Health Association", Amendment.Kind.REPLACE, "be able to choose where and when they are treated", "have a guaranteed right to treatment at their local NHS hospital", "Choice means little if the local service is not there.", Amendment.Status.FORWARDED, ""),
        (4, "Leeds Central CLP", Amendment.Kind.INSERT, "reduce obesity", " and ban junk food advertising before the watershed", "Children see thousands of adverts for unhealthy food.", Amendment.Status.ACCEPTED, "Accepted in full by the commission."),
        (4, "Cardiff West CLP", Amendment.Kind.INSERT, "reduce obesity", ", with free school meals for every primary pupil", "Healthy eating starts at school.", Amendment.Status.COMPOSITED, "Composited with the Leeds Central amendment on school food."),
        (5, "UNISON Greater London Region", Amendment.Kind.DELETE, "through Agenda for Change", "", "Pay should be negotiated with the unions, not fixed in policy.", Amendment.Status.REJECTED, "The commission wants to keep the commitment to Agenda for Change."),
        (6, "Bristol South CLP", Amendment.Kind.REPLACE, "must narrow", "must be halved", "A clear target can be measured.", Amendment.Status.RETURNED, "Please say how the target would be measured; resubmit with that detail."),
    ]
    for number, unit_name, kind, target, new, reason, status, note in plan:
        unit = units[unit_name]
        decided_by = None
        if status in (Amendment.Status.RETURNED, Amendment.Status.FORWARDED):
            decided_by = rep.get(unit.region_id)
        elif status != Amendment.Status.SUBMITTED:
            decided_by = hea_chair
        Amendment.objects.create(
            document=final, paragraph=paragraphs[number], unit=unit, region=unit.region, proposer=people["officers"][unit.pk],
            kind=kind, target_text=target, new_text=new, reason=reason, status=status, decision_note=note,
            decided_by=decided_by, decided_at=timezone.now() - timedelta(days=2) if decided_by else None,
        )
    return Amendment.objects.count()
