"""Demo content for the commissions in dialogue: pages, work programmes, documents, submissions, amendments.

Runs after the networks (regions, units, commission members), discussions and chat demos. Idempotent: every object
is found by a natural key and only created when missing. Submissions are
spread over every status, commission and region, with dates in the past, so
the accountability figures, queues and dashboards show something at once.
Demo rows are written directly (not through the actions) so loading the demo
sends nobody an email.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from commissions import forum_demo
from commissions.models import (
    Amendment,
    CommissionIndexPage,
    CommissionPage,
    ConsultationDocument,
    ConsultationParagraph,
    Submission,
    SubmissionEvent,
    WorkProgrammeIssue,
)
from discussions.models import Post, Thread
from networks.demo import COMMISSION_MEMBERS, commission_member_email, officer_email
from networks.models import (
    CommissionMembership,
    PartyUnit,
    PolicyCommission,
    Region,
)

Seat = CommissionMembership.Seat
Status = Submission.Status

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
    units = {unit.name: unit for unit in PartyUnit.objects.all()}
    people = _people(commissions, units)
    issues = _work_programmes(commissions, year)
    documents = _documents(commissions, year)
    submissions = _submissions(rng, commissions, units, issues, documents, people, year)
    amendments = _amendments(documents, units, people)
    stdout.write(
        f"commissions: {len(commissions)} commission pages, {submissions} submissions, {amendments} amendments"
    )
    stdout.write(forum_demo.load(commissions, people))


def _pages(commissions: dict) -> None:
    home = Site.objects.get(is_default_site=True).root_page
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


def _people(commissions: dict, units: dict) -> dict:
    """The commission members (chair first) and each unit's secretary, as the networks demo made them."""
    User = get_user_model()
    people = {"commission": {}, "officers": {}}
    for code, members in COMMISSION_MEMBERS.items():
        emails = [commission_member_email(code, index) for index in range(len(members))]
        found = {user.email: user for user in User.objects.filter(email__in=emails)}
        people["commission"][code] = [found[email] for email in emails]
    demo_commission = User.objects.filter(email="commission@example.org").first()
    if demo_commission:
        people["commission"]["HEA"].append(demo_commission)
    officers = {user.email: user for user in User.objects.filter(email__startswith="secretary.")}
    people["officers"] = {unit.pk: officers[officer_email(unit)] for unit in units.values()}
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


# Submissions ---------------------------------------------------------------------

LIFECYCLE = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION, Status.RESPONDED]
FINAL_STATUSES = [Status.REFLECTED, Status.NOT_TAKEN_FORWARD]
# How far along each demo submission is: weighted so every status appears and most are answered.
SPREAD = [
    Status.RECEIVED, Status.RECEIVED, Status.ACKNOWLEDGED, Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION,
    Status.RESPONDED, Status.RESPONDED, Status.REFLECTED, Status.REFLECTED, Status.NOT_TAKEN_FORWARD,
]


NAMED_PUBLICLY = {
    "Warrington North CLP", "Socialist Health Association", "Leeds Central CLP", "UNISON Greater London Region",
    "Cardiff West CLP", "Bristol South CLP", "Labour Housing Group", "Ipswich CLP",
}


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
    # Some units agreed to be named in the commissions' "You said, we did"; the others are shown by kind and region.
    Submission.objects.filter(unit__name__in=NAMED_PUBLICLY).update(may_name_unit=True)
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
