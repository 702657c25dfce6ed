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
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from commissions import forum_demo
from commissions.actions.receipts import send_receipt
from commissions.models import (
    OUTCOMES,
    Amendment,
    AmendmentBacking,
    AmendmentEvent,
    Backing,
    CommissionIndexPage,
    CommissionPage,
    ConsultationDocument,
    ConsultationParagraph,
    Submission,
    SubmissionEvent,
    SubmissionNote,
    Theme,
    WorkProgrammeIssue,
)
from discussions.models import Post, Thread
from networks.demo import COMMISSION_MEMBERS, commission_member_email, officer_email
from networks.indexing import indexing_at_the_end
from networks.models import (
    CommissionMembership,
    PartyUnit,
    PolicyCommission,
    Region,
    UnitMembership,
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
    "Mental health must have parity of esteem with physical health, with waiting times for talking therapies published every month.",
    "Social care and the NHS should work as one system, so that no one stays in hospital because care at home is not ready.",
    "Every family should be able to register with an NHS dentist within a reasonable distance of their home.",
    "Extra investment in the NHS will be matched by reform, and independent providers will be used where they add capacity.",
    "Local people should have a stronger voice in how their health services are planned, through patients' forums and local councils.",
    "Prevention saves lives and money: we will act on smoking, alcohol and air quality in partnership with local government.",
]

SUBMISSION_TEXTS = [
    "Our local policy forum met in small groups and agreed three priorities. First, {topic} must be judged by what "
    "people in {place} actually see change. Second, members want regular feedback from the commission. Third, "
    "the wider community should be consulted before the final draft.",
    "Members in {place} discussed {topic} at an all-member meeting. We ask the commission to look at the evidence "
    "from local councillors and to consider pilots in areas like ours before national roll-out.",
    "Following our branch discussion on {topic}, we propose that the party commits to clear targets and an annual "
    "report to members on progress. Several members who work in the sector offered to share their experience.",
    "{place} held a joint meeting with our local trade union branches on {topic}. The strongest message was that "
    "national policy must be funded properly and delivered with councils, not imposed on them.",
    "Our members asked us to submit a short note on {topic}: people in {place} want to see the commission test its "
    "proposals against the experience of the communities that rely most on public services.",
    "We discussed {topic} at our policy forum, with guests from local community groups. Attached to this submission "
    "in spirit are the stories they told: we ask the commission to listen to them before it finalises its report.",
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


@indexing_at_the_end()  # searchable at once, in one batch: the queue's search does not wait for the worker
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
    tools = _working_tools(rng, commissions, units, people)
    amendments = _amendments(documents, units, people)
    stdout.write(
        f"commissions: {len(commissions)} commission pages, {submissions} submissions ({tools}), {amendments} amendments"
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
    present = set(final.paragraphs.values_list("number", flat=True))
    for number, text in enumerate(FINAL_DRAFT, start=1):
        if number not in present:
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
        # About fifty each (each from a different unit, so every title is distinct): some 300 in all.
        count = min(len(unit_list), 44 + plan_rng.randint(0, 10))
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
            # The index as seconds keeps every arrival time distinct, so references follow arrival exactly.
            created = now - timedelta(days=age, hours=rng.randint(0, 20), seconds=index)
            forum = index % 3 == 0
            plans.append((
                created, commission, unit, submitter, topic, documents[code][1] if index % 4 == 3 else None,
                title, forum, target, people["commission"][code], documents[code],
            ))
    # References count up with time, as they would have been issued.
    made = []
    for created, commission, unit, submitter, topic, document, title, forum, target, members, docs in sorted(plans, key=lambda plan: plan[0]):
        made.append(_demo_submission(rng, commission, unit, submitter, topic, document, title, forum, created, target, members, docs))
    # Some units agreed to be named in the commissions' "You said, we did"; the others are shown by kind and region.
    Submission.objects.filter(unit__name__in=NAMED_PUBLICLY).update(may_name_unit=True)
    # The newest arrivals' receipts, as their senders got them: in the demo outbox once the worker runs.
    for submission in [s for s in made if s.status == Status.RECEIVED][-12:]:
        send_receipt(submission)
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
    return submission


# The commission's working tools -----------------------------------------------------------

THEMES = {
    "BIW": ["Trade and development", "Europe", "Climate diplomacy", "Human rights"],
    "CSC": ["Affordable housing", "Rural transport", "Local government finance", "Planning"],
    "CJC": ["Neighbourhood policing", "Youth services", "Victims' rights", "Community cohesion"],
    "EDU": ["Vocational routes", "School governance", "Early years", "Teacher recruitment"],
    "HEA": ["Mental health", "Workforce", "Social care", "Primary care", "Public health"],
    "PAW": ["State pension", "Regional productivity", "Skills", "Low pay"],
}

NOTES = [
    "Strong local evidence; worth quoting in the commission's report.",
    "Similar points came from several CLPs in the region: consider a joint response.",
    "Ask the minister's office whether the pilot they mention is still running.",
    "The forum report's attendance figures are unusually high: check with the regional office before citing them.",
    "Raise at the next commission meeting under any other business.",
]

STATEMENTS = [
    "Our members raised exactly this at our last all-member meeting.",
    "We back this: the same problem affects our constituency.",
    "",
    "Our branch discussed this submission and agreed unanimously to support it.",
    "",
]


def _working_tools(rng, commissions: dict, units: dict, people: dict) -> str:
    """Themes on most submissions, notes from commission members, and other units backing some of them.

    Idempotent: themes by name, and a submission that already has themes,
    notes or backing is left as it is. Seeded, so every load is the same.
    """
    tool_rng = random.Random("working tools")
    unit_list = sorted(units.values(), key=lambda unit: unit.name)
    officers = {m.unit_id: m.user for m in UnitMembership.objects.filter(position="Secretary").select_related("user")}
    themed = noted = backed = 0
    for code, commission in sorted(commissions.items()):
        themes = [Theme.objects.get_or_create(commission=commission, slug=slugify(name), defaults={"name": name})[0] for name in THEMES[code]]
        members = people["commission"][code]
        for submission in Submission.objects.filter(commission=commission).prefetch_related("themes").order_by("created_at", "id"):
            if not submission.themes.all() and tool_rng.random() < 0.8:
                submission.themes.add(*tool_rng.sample(themes, k=tool_rng.choice([1, 1, 2])))
                themed += 1
            if tool_rng.random() < 0.25 and not SubmissionNote.objects.filter(submission=submission).exists():
                SubmissionNote.objects.create(
                    submission=submission, author=tool_rng.choice(members), text=tool_rng.choice(NOTES),
                    created_at=submission.created_at + timedelta(days=tool_rng.randint(1, 5)),
                )
                noted += 1
            if submission.unit_id and not submission.is_closed and tool_rng.random() < 0.3:
                Submission.objects.filter(pk=submission.pk).update(open_for_backing=True)
                if not Backing.objects.filter(submission=submission).exists():
                    count = tool_rng.choice([1, 1, 2, 3, 5, 12])
                    backers = [u for u in tool_rng.sample(unit_list, k=count + 1) if u.pk != submission.unit_id][:count]
                    for backer in backers:
                        Backing.objects.create(
                            submission=submission, unit=backer, backed_by=officers.get(backer.pk),
                            statement=tool_rng.choice(STATEMENTS),
                            created_at=submission.created_at + timedelta(days=tool_rng.randint(1, 10)),
                        )
                        submission.followers.add(*backer.memberships.values_list("user_id", flat=True))
                    backed += 1
    return f"{themed} themed, {noted} with notes, {backed} backed"


# The stage-3 document: 40 amendments across its 12 paragraphs, some composited -------------------

A = Amendment.Status
AMENDMENTS = [
    # (paragraph, unit, kind, words in the paragraph, new words, why, status, note)
    (1, "Nottingham East CLP", "replace", "the ability to pay", "the ability to pay, wherever people live", "A postcode lottery is not a free service.", A.ACCEPTED, "Agreed without a vote."),
    (1, "Liverpool Walton CLP", "insert", "based on need", " and on clinical evidence", "Decisions about treatment should rest on evidence, not on cost alone.", A.REJECTED, "The NPF felt this could be read as allowing rationing."),
    (1, "GMB Northern Region", "insert", "", "No part of the NHS will be sold off for profit.", "Members fear creeping privatisation of clinical services.", A.REMITTED, "Remitted to the commission to consider alongside paragraph 10."),
    (2, "Warrington North CLP", "insert", "community hospitals and GP surgeries", ", including walk-in centres open in the evenings", "Members who work shifts cannot see a GP in the day.", A.SUBMITTED, ""),
    (2, "Manchester Gorton CLP", "replace", "as close to home as is safe", "in the community wherever it is safe", "Community services should be the starting point, not the exception.", A.FORWARDED, ""),
    (2, "Bolton South East CLP", "insert", "GP surgeries", " that open at weekends", "Working families need appointments outside office hours.", A.FORWARDED, ""),
    (2, "Sheffield Brightside CLP", "insert", "community hospitals", " kept open and properly staffed", "Our community hospital is threatened with closure.", A.FORWARDED, ""),
    (3, "Socialist Health Association", "replace", "be able to choose where and when they are treated", "have a guaranteed right to treatment at their local NHS hospital", "Choice means little if the local service is not there.", A.FORWARDED, ""),
    (3, "Ipswich CLP", "insert", "make that choice", ", in plain English and in community languages", "Information that people cannot read is no information at all.", A.ACCEPTED, "Accepted in full."),
    (3, "Swansea East CLP", "delete", ", and be given the information to make that choice", "", "The sentence is stronger without the qualification.", A.WITHDRAWN, "Withdrawn by the CLP after the Ipswich amendment was accepted."),
    (4, "Leeds Central CLP", "insert", "reduce obesity", " and ban junk food advertising before the watershed", "Children see thousands of adverts for unhealthy food.", A.ACCEPTED, "Accepted in full by the commission."),
    (4, "Cardiff West CLP", "insert", "reduce obesity", ", with free school meals for every primary pupil", "Healthy eating starts at school.", A.FORWARDED, ""),
    (4, "Hackney North and Stoke Newington CLP", "insert", "reduce obesity", ", with a levy on sugary drinks", "A levy changes what manufacturers put in drinks.", A.FORWARDED, ""),
    (5, "UNISON Greater London Region", "delete", "through Agenda for Change", "", "Pay should be negotiated with the unions, not fixed in policy.", A.REJECTED, "The commission wants to keep the commitment to Agenda for Change."),
    (5, "Newcastle upon Tyne Central CLP", "insert", "fair pay", " agreed with the trade unions", "Fair pay is pay that is negotiated.", A.ACCEPTED_AS_AMENDED, "Accepted with the words the unions and the commission agreed on the floor."),
    (5, "Tottenham CLP", "insert", "invest in training", ", bring back bursaries for student nurses", "Student debt is putting people off nursing.", A.FORWARDED, ""),
    (5, "Communication Workers Union Wales", "insert", "", "Overseas recruitment will follow ethical codes.", "The NHS should not strip poorer countries of their nurses.", A.REJECTED, "Already government policy; the NPF saw no need to add it."),
    (6, "Bristol South CLP", "replace", "must narrow", "must be halved", "A clear target can be measured.", A.RETURNED, "Please say how the target would be measured; resubmit with that detail."),
    (6, "Middlesbrough CLP", "replace", "by the end of the next parliament", "within ten years, measured by healthy life expectancy", "Healthy life expectancy is the measure that matters.", A.REMITTED, "Remitted: the commission will take evidence on the measure."),
    (6, "Hull East CLP", "insert", "in every region", ", starting with coastal towns", "Coastal towns have the worst health outcomes in England.", A.FORWARDED, ""),
    (7, "Brighton Kemptown CLP", "insert", "talking therapies", " and children's mental health services", "Children wait longest of all.", A.ACCEPTED, "Agreed."),
    (7, "Reading West CLP", "replace", "every month", "every month for each local area", "National averages hide the worst local waits.", A.FORWARDED, ""),
    (7, "Exeter CLP", "insert", "", "Every secondary school will have access to a trained counsellor.", "Early help in schools prevents crises later.", A.FORWARDED, ""),
    (7, "Fabian Society, Yorkshire", "delete", ", with waiting times for talking therapies published every month", "", "Targets belong in delivery plans, not in policy documents.", A.REJECTED, "The NPF wanted the commitment to publish kept."),
    (8, "Labour Housing Group", "insert", "care at home is not ready", " or suitable housing is not available", "Delayed discharge is often a housing problem.", A.ACCEPTED, "Accepted in full."),
    (8, "Derby South CLP", "insert", "", "Care workers will be paid at least the real Living Wage.", "Social care cannot keep staff on poverty pay.", A.FORWARDED, ""),
    (8, "Stoke-on-Trent Central CLP", "replace", "should work as one system", "should be brought together in a National Care Service", "Only a national service will end the postcode lottery in care.", A.REMITTED, "Remitted to the commission's review of care funding."),
    (9, "Plymouth Sutton CLP", "replace", "within a reasonable distance of their home", "within fifteen miles of their home", "Reasonable means nothing to a family driving fifty miles.", A.ACCEPTED, "Agreed."),
    (9, "Kirkcaldy CLP", "insert", "", "Dental training places will be expanded in under-served areas.", "Dentists settle where they train.", A.FORWARDED, ""),
    (9, "Norwich South CLP", "insert", "Every family", ", including children in care,", "Children in care are the least likely to see a dentist.", A.SUBMITTED, ""),
    (10, "Birmingham Erdington CLP", "delete", ", and independent providers will be used where they add capacity", "", "Public money should build public capacity.", A.REJECTED, "Lost on a card vote."),
    (10, "Coventry North East CLP", "replace", "where they add capacity", "only as a last resort and never at the expense of NHS services", "Capacity bought from private providers is capacity the NHS does not build.", A.FORWARDED, ""),
    (10, "Glasgow North East CLP", "insert", "matched by reform", " that staff and patients help to design", "Reform done to staff fails; reform done with them works.", A.ACCEPTED, "Agreed."),
    (11, "Lewisham Deptford CLP", "insert", "patients' forums and local councils", ", with seats for young people and carers", "Young people and carers are rarely heard.", A.ACCEPTED_AS_AMENDED, "Accepted as amended on the floor."),
    (11, "Edinburgh South CLP", "insert", "", "Health boards will meet in public.", "Decisions about our services are taken behind closed doors.", A.RETURNED, "Health boards are devolved: please send this to Scottish Labour's policy forum."),
    (11, "Sunderland Central CLP", "replace", "a stronger voice", "a real say", "People want decisions, not consultation.", A.FORWARDED, ""),
    (12, "Dundee West CLP", "insert", "air quality", ", including clean air zones in every city", "Dirty air kills thousands every year.", A.FORWARDED, ""),
]

AGREED = {
    ("Newcastle upon Tyne Central CLP", 5): "NHS staff are its greatest asset; we will invest in training and fair pay, negotiated with the trade unions, through Agenda for Change.",
    ("Lewisham Deptford CLP", 11): "Local people should have a stronger voice in how their health services are planned, through patients' forums, local councils and seats for young people and carers.",
}

COMPOSITES = [
    # (paragraph, the units whose amendments merge, the composite wording, why, outcome, note)
    (2, ["Manchester Gorton CLP", "Bolton South East CLP", "Sheffield Brightside CLP"],
     "Care should be delivered in the community wherever it is safe, with more services in community hospitals, kept open and properly staffed, and in GP surgeries that open at weekends.",
     "Three CLPs asking for care in the community, merged at the compositing meeting.", A.ACCEPTED, "Carried."),
    (4, ["Cardiff West CLP", "Hackney North and Stoke Newington CLP"],
     "Public health is everyone's business: government will work with schools, employers and local authorities to reduce obesity, with free school meals for every primary pupil and a levy on sugary drinks.",
     "Two amendments on food and obesity, merged with the movers' agreement.", A.REMITTED, "Remitted to the commission to cost the free school meals commitment."),
    (7, ["Reading West CLP", "Exeter CLP"],
     "Mental health must have parity of esteem with physical health, with waiting times for talking therapies published every month for each local area, and every secondary school will have access to a trained counsellor.",
     "Both ask for local accountability in mental health services.", A.FORWARDED, ""),
]


def _amendments(documents: dict, units: dict, people: dict) -> int:
    """The Health final draft's 37 unit amendments and 3 composites, with numbers, timelines, backing and outcomes.

    Written directly (nobody is emailed) and idempotently: an amendment is
    found by its paragraph, unit and words; a composite by its wording.
    """
    final = documents["HEA"][-1]
    paragraphs = {p.number: p for p in final.paragraphs.all()}
    rep = {region.pk: region.npf_representatives.first() for region in Region.objects.prefetch_related("npf_representatives")}
    recorder = get_user_model().objects.filter(email="staff@example.org").first() or people["commission"]["HEA"][0]
    now = timezone.now()
    made = {}
    for index, (number, unit_name, kind, target, new, reason, status, note) in enumerate(AMENDMENTS):
        unit, paragraph = units[unit_name], paragraphs[number]
        proposed = now - timedelta(days=40 - index // 2, hours=index % 7)
        amendment = Amendment.objects.filter(paragraph=paragraph, unit=unit, target_text=target, new_text=new).first()
        if amendment is None:
            forwarded = status not in (A.SUBMITTED, A.RETURNED)
            outcome = status if status in OUTCOMES else None
            amendment = Amendment.objects.create(
                document=final, paragraph=paragraph, unit=unit, region=unit.region, proposer=people["officers"][unit.pk],
                kind=kind, target_text=target, new_text=new, reason=reason, status=status, decision_note=note,
                agreed_text=AGREED.get((unit_name, number), ""), created_at=proposed,
                number=_next_number(paragraph) if forwarded else None,
                decided_by=recorder if outcome else (rep.get(unit.region_id) if status != A.SUBMITTED else None),
                decided_at=now - timedelta(days=3, minutes=index) if outcome else (proposed + timedelta(days=4) if status != A.SUBMITTED else None),
            )
            _timeline(amendment, rep.get(unit.region_id), recorder, proposed, now - timedelta(days=3, minutes=index))
        made[(number, unit_name)] = amendment
    for backed, backers in ((("Tottenham CLP", 5), ["Hackney North and Stoke Newington CLP", "UNISON Greater London Region", "Lewisham Deptford CLP"]),
                            (("Derby South CLP", 8), ["Labour Housing Group", "Nottingham East CLP"]),
                            (("Dundee West CLP", 12), ["Glasgow North East CLP", "Edinburgh South CLP", "Kirkcaldy CLP", "Socialist Health Association"])):
        amendment = made[(backed[1], backed[0])]
        for name in backers:
            AmendmentBacking.objects.get_or_create(amendment=amendment, unit=units[name], defaults={"backed_by": people["officers"][units[name].pk]})
    for number, unit_names, wording, reason, outcome, note in COMPOSITES:
        paragraph = paragraphs[number]
        composite = Amendment.objects.filter(paragraph=paragraph, kind=Amendment.Kind.REWRITE, new_text=wording).first()
        if composite is None:
            merged_at = now - timedelta(days=5, hours=number)
            composite = Amendment.objects.create(
                document=final, paragraph=paragraph, kind=Amendment.Kind.REWRITE, new_text=wording, reason=reason,
                status=outcome, decision_note=note, number=_next_number(paragraph), created_at=merged_at,
                decided_by=recorder, decided_at=now - timedelta(days=2, hours=number) if outcome in OUTCOMES else merged_at,
            )
            AmendmentEvent.objects.create(amendment=composite, status=A.FORWARDED, actor=recorder, created_at=merged_at,
                                          note=f"Composite of the amendments from {', '.join(unit_names)}.")
            if outcome in OUTCOMES:
                AmendmentEvent.objects.create(amendment=composite, status=outcome, actor=recorder, note=note, created_at=composite.decided_at)
            for name in unit_names:
                original = made[(number, name)]
                Amendment.objects.filter(pk=original.pk).update(
                    status=A.COMPOSITED, composite=composite, decided_by=recorder, decided_at=merged_at,
                    decision_note=f"Composited into {composite.reference}.",
                )
                AmendmentEvent.objects.create(amendment=original, status=A.COMPOSITED, actor=recorder, created_at=merged_at,
                                              note=f"Composited into {composite.reference}.")
    return Amendment.objects.filter(document=final).count()


def _next_number(paragraph) -> int:
    return (Amendment.objects.filter(paragraph=paragraph).aggregate(top=Max("number"))["top"] or 0) + 1


def _timeline(amendment: Amendment, rep, recorder, proposed, decided) -> None:
    """The steps an amendment in this state has been through, with who took them."""
    AmendmentEvent.objects.create(amendment=amendment, status=A.SUBMITTED, actor=amendment.proposer, created_at=proposed)
    if amendment.status == A.SUBMITTED:
        return
    sent_on = A.RETURNED if amendment.status == A.RETURNED else A.FORWARDED
    AmendmentEvent.objects.create(
        amendment=amendment, status=sent_on, actor=rep, created_at=proposed + timedelta(days=4),
        note=amendment.decision_note if sent_on == A.RETURNED else "",
    )
    if amendment.status in OUTCOMES:
        AmendmentEvent.objects.create(amendment=amendment, status=amendment.status, actor=recorder, note=amendment.decision_note, created_at=decided)
