"""Role × action cases for local policy forums, coordinators' events and dialogue sessions.

Unit offices, coordinator sign-ups and regional offices are not network roles,
so each case that depends on one says so and builds it for the actor (an
anonymous actor holds none). Dialogue sessions are the Health commission's,
on which the table's commission member sits. Listed in `permission_cases.py`
as its MORE_SECTIONS.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from tests.permission_table import Case, about_nothing

_seq = itertools.count(1)


def _unit(actor=None, *, officer: bool = True, constituency=None):
    from tests.networks.factories import join_unit, make_region, make_unit

    unit = make_unit(f"Forum Table CLP {next(_seq)}", region=make_region("North West"))
    if constituency is not None:
        unit.constituency = constituency
        unit.save()
    if actor is not None and actor.is_authenticated:
        join_unit(actor, unit, "Secretary" if officer else "Member")
    return unit


def _issue():
    from commissions.models import WorkProgrammeIssue
    from tests.networks import factories

    issue, _ = WorkProgrammeIssue.objects.get_or_create(
        commission=factories.make_commission(), title="Care closer to home", defaults={"year": 2026, "brief": "b"}
    )
    return issue


def _forum(unit, organiser=None, **fields):
    """A forum a week away, written straight to the table (the actions would ask the rules under test)."""
    from commissions.models import Forum

    start = timezone.now() + timedelta(days=7)
    values = {"kind": Forum.Kind.FORUM, "unit": unit, "region": unit.region, "constituency": unit.constituency,
              "issue": _issue(), "commission": _issue().commission, "openness": Forum.Openness.MEMBERS}
    values.update(fields)
    return Forum.objects.create(title="A table forum", description="d", starts_at=start, ends_at=start + timedelta(hours=2),
                                organiser_contact="07700 900123", organiser=organiser, **values)


def _own_unit_as_officer(network, actor):
    return _unit(actor)


def _own_unit_as_member(network, actor):
    return _unit(actor, officer=False)


def _unit_in_coordinated_constituency(network, actor):
    from tests.networks.factories import make_constituency, make_coordinator

    constituency = make_constituency(f"Forum Table Constituency {next(_seq)}")
    if actor.is_authenticated:
        make_coordinator(actor, constituency, unit=_unit())
    return _unit(constituency=constituency)


def _open_forum(network, actor):
    return _forum(_unit())


def _community_forum(network, actor):
    from commissions.models import Forum

    return _forum(_unit(), openness=Forum.Openness.COMMUNITY)


def _other_units_forum(network, actor):
    from commissions.models import Forum

    return _forum(_unit(), openness=Forum.Openness.UNIT)


def _own_units_forum(network, actor):
    from commissions.models import Forum

    return _forum(_unit(actor, officer=False), openness=Forum.Openness.UNIT)


def _forum_they_organise(network, actor):
    unit = _unit(actor)
    return _forum(unit, organiser=actor if actor.is_authenticated else None)


def _fellow_officers_forum(network, actor):
    """The actor is an officer of the unit; another officer organised it."""
    from tests.networks import factories

    return _forum(_unit(actor), organiser=factories.make_user())


def _someone_elses_forum(network, actor):
    from tests.networks import factories

    return _forum(_unit(), organiser=factories.make_user())


def _region(network, actor):
    from tests.networks.factories import make_region

    return make_region("North West")


def _coordinators_briefing(in_region: bool):
    def make(network, actor):
        from commissions.models import Forum
        from tests.networks.factories import make_constituency, make_coordinator, make_region

        region = make_region("North West")
        if in_region and actor.is_authenticated:
            make_coordinator(actor, make_constituency(f"Briefing Constituency {next(_seq)}", region=region), unit=_unit())
        start = timezone.now() + timedelta(days=7)
        return Forum.objects.create(
            kind=Forum.Kind.BRIEFING, region=region, openness=Forum.Openness.COORDINATORS, title="A briefing",
            description="d", starts_at=start, ends_at=start + timedelta(hours=2), organiser_contact="x",
        )

    return make


def _attended_forums_report(network, actor):
    """A forum report from another unit's forum, which the actor attended (when they could register)."""
    from commissions import actions
    from commissions.models import ForumRegistration
    from tests.networks import factories

    unit = _unit()
    secretary = factories.make_user()
    from tests.networks.factories import join_unit

    join_unit(secretary, unit)
    forum = _forum(unit, organiser=secretary)
    submission = actions.submit(secretary, forum.commission, actions.SubmissionDraft(
        title="A forum's report", text="x", kind="forum_report", unit=unit, issue=forum.issue,
        forum_held_on=timezone.localdate(), forum_attendees=1,
    ))
    forum.report = submission
    forum.save()
    if actor.is_authenticated:
        ForumRegistration.objects.create(forum=forum, user=actor, attended=True)
    return submission


# Dialogue sessions ------------------------------------------------------------------------------


def _session(unit, response: str = "pending"):
    from commissions import actions
    from commissions.models import DialogueInvitation, DialogueSession
    from tests.networks import factories
    from tests.networks.factories import join_unit

    secretary = factories.make_user()
    join_unit(secretary, unit)
    issue = _issue()
    submission = actions.submit(secretary, issue.commission, actions.SubmissionDraft(
        title="A unit's submission", text="x", unit=unit, issue=issue,
    ))
    start = timezone.now() + timedelta(days=7)
    session = DialogueSession.objects.create(
        commission=issue.commission, issue=issue, title="A session", starts_at=start, ends_at=start + timedelta(hours=1),
        joining_details="0800 496 0123", agenda="1. Welcome",
    )
    session.submissions.add(submission)
    DialogueInvitation.objects.create(session=session, unit=unit, response=response)
    return session


def _session_on_own_units_submission(network, actor):
    return _session(_unit(actor, officer=False))


def _session_on_other_units(network, actor):
    return _session(_unit())


def _own_units_invitation(officer: bool):
    def make(network, actor):
        return _session(_unit(actor, officer=officer)).invitations.get()

    return make


def _session_their_unit_attends(officer: bool, response: str = "attending"):
    def make(network, actor):
        return _session(_unit(actor, officer=officer), response=response)

    return make


def _commission(network, actor):
    from tests.networks import factories

    return factories.make_commission()


#                          anon  non  pend  mem  mod  edit host comm staff
FORUM_CASES = [
    Case("organise_forum", "a unit in which the actor is an officer", "-YYYYYYYY", make=_own_unit_as_officer, unverified="-------YY"),
    Case("organise_forum", "a unit in which the actor is an ordinary member", "--------Y", make=_own_unit_as_member),
    Case("organise_forum", "a unit in the constituency the actor coordinates", "-YYYYYYYY", make=_unit_in_coordinated_constituency, unverified="-------YY"),
    Case("view_forum", "a forum open to all members", "YYYYYYYYY", make=_open_forum),
    Case("view_forum", "a forum for its unit's members, the actor in that unit", "-YYYYYYYY", make=_own_units_forum),
    Case("view_forum", "a forum for another unit's members", "--------Y", make=_other_units_forum),
    Case("register_for_forum", "a forum open to all members", "-YYYYYYYY", make=_open_forum),
    Case("register_for_forum", "a forum for its unit's members, the actor in that unit", "-YYYYYYYY", make=_own_units_forum),
    Case("register_for_forum", "a forum for another unit's members", "--------Y", make=_other_units_forum),
    Case("register_as_guest", "a forum open to the wider community (signed-in members register as themselves)", "Y--------", make=_community_forum),
    Case("register_as_guest", "a forum open to members", "---------", make=_open_forum),
    Case("view_forum_registrants", "a forum the actor organised", "-YYYYYYYY", make=_forum_they_organise),
    Case("view_forum_registrants", "a forum a fellow officer of the actor's unit organised", "--------Y", make=_fellow_officers_forum),
    Case("message_forum_registrants", "a forum the actor organised", "-YYYYYYYY", make=_forum_they_organise),
    Case("message_forum_registrants", "someone else's forum", "--------Y", make=_someone_elses_forum),
    Case("record_forum_attendance", "a forum the actor organised", "-YYYYYYYY", make=_forum_they_organise),
    Case("record_forum_attendance", "someone else's forum", "--------Y", make=_someone_elses_forum),
    Case("change_forum", "a forum a fellow officer of the actor's unit organised", "-YYYYYYYY", make=_fellow_officers_forum, unverified="-------YY"),
    Case("change_forum", "another unit's forum", "--------Y", make=_someone_elses_forum),
    Case("file_forum_report", "a forum the actor organised", "-YYYYYYYY", make=_forum_they_organise),
    Case("file_forum_report", "another unit's forum", "--------Y", make=_someone_elses_forum),
    Case("view_submission", "the report of a forum the actor attended", "-YYYYYYYY", make=_attended_forums_report),
    Case("follow_submission", "the report of a forum the actor attended", "-YYYYYYYY", make=_attended_forums_report),
    Case("reply_submission", "the report of a forum the actor attended (they read, the unit replies)", "-------YY", make=_attended_forums_report),
]

COORDINATOR_CASES = [
    Case("schedule_coordinator_event", "a region (its regional office also may)", "--------Y", make=_region),
    Case("schedule_coordinator_event", "the whole country (national staff only)", "--------Y", make=about_nothing),
    Case("view_forum", "a coordinators' briefing in the region the actor coordinates in", "-YYYYYYYY", make=_coordinators_briefing(True)),
    Case("view_forum", "a coordinators' briefing, the actor not a coordinator", "--------Y", make=_coordinators_briefing(False)),
    Case("register_for_forum", "a coordinators' briefing in the region the actor coordinates in", "-YYYYYYYY", make=_coordinators_briefing(True)),
    Case("register_for_forum", "a coordinators' briefing, the actor not a coordinator", "--------Y", make=_coordinators_briefing(False)),
    Case("register_as_guest", "a coordinators' briefing (the address must be a coordinator's)", "Y--------", make=_coordinators_briefing(False)),
]

DIALOGUE_CASES = [
    Case("schedule_dialogue_session", "a policy commission", "-------YY", make=_commission),
    Case("view_dialogue_session", "a session discussing the actor's unit's submission", "-YYYYYYYY", make=_session_on_own_units_submission),
    Case("view_dialogue_session", "a session discussing other units' submissions", "-------YY", make=_session_on_other_units),
    Case("respond_to_dialogue_invitation", "the invitation of a unit in which the actor is an officer", "-YYYYYYYY", make=_own_units_invitation(True)),
    Case("respond_to_dialogue_invitation", "the invitation of a unit in which the actor is an ordinary member", "--------Y", make=_own_units_invitation(False)),
    Case("join_dialogue_session", "a session the actor's unit attends, the actor an officer", "-YYYYYYYY", make=_session_their_unit_attends(True)),
    Case("join_dialogue_session", "a session the actor's unit attends, the actor an ordinary member", "-------YY", make=_session_their_unit_attends(False)),
    Case("join_dialogue_session", "a session the actor's unit declined, the actor an officer", "-------YY", make=_session_their_unit_attends(True, "declined")),
    Case("publish_dialogue_note", "a session of the commission", "-------YY", make=_session_on_other_units),
]

SECTIONS = [
    ("Local policy forums", FORUM_CASES),
    ("Coordinators' briefings and training", COORDINATOR_CASES),
    ("Commission dialogue sessions", DIALOGUE_CASES),
]
