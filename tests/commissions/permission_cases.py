"""Role × action cases for commissions, submissions, amendments and coordinators.

Submissions go to the Health commission, on which the table's commission
member sits. Unit membership and regional roles are not network roles, so
cases that depend on them say so and build them for the actor.
"""

from __future__ import annotations

import itertools

from tests.permission_table import Case, about_nothing

SECTION = "Commissions, submissions, amendments and coordinators"
_seq = itertools.count(1)


def _region():
    from tests.networks.factories import make_region

    return make_region("North West")


def _unit(member=None, position: str = "Secretary"):
    from tests.networks.factories import join_unit, make_unit

    unit = make_unit(f"Table CLP {next(_seq)}", region=_region())
    if member is not None and member.is_authenticated:
        join_unit(member, unit, position)
    return unit


def _commission(network, actor):
    from tests.networks import factories

    return factories.make_commission()


def _submission(submitter=None, unit=None):
    from commissions import actions
    from commissions.models import WorkProgrammeIssue
    from tests.networks import factories

    commission = factories.make_commission()
    issue, _ = WorkProgrammeIssue.objects.get_or_create(commission=commission, title="Care closer to home", defaults={"year": 2026, "brief": "b"})
    if submitter is None or not submitter.is_authenticated:
        unit = unit or _unit()
        submitter = factories.make_user()
        from tests.networks.factories import join_unit

        join_unit(submitter, unit)
        return actions.submit(submitter, commission, actions.SubmissionDraft(title="A table submission", text="x", unit=unit, issue=issue))
    return actions.submit(submitter, commission, actions.SubmissionDraft(title="A table submission", text="x", region=_region(), issue=issue))


def _others_submission(network, actor):
    return _submission()


def _own_submission(network, actor):
    return _submission(actor)


def _units_submission(network, actor):
    return _submission(unit=_unit(actor))


def _others_dialogue(network, actor):
    return _submission().thread


def _units_dialogue(network, actor):
    return _submission(unit=_unit(actor)).thread


def _region_target(network, actor):
    return _region()


def _other_unit(network, actor):
    return _unit()


def _own_unit(network, actor):
    return _unit(actor)


def _units_plain_member(network, actor):
    return _unit(actor, "Member")


def _final_draft(actor_in_unit: bool, position: str = "Secretary"):
    def make(network, actor):
        from commissions.models import ConsultationDocument
        from tests.networks import factories

        if actor_in_unit:
            _unit(actor, position)
        return ConsultationDocument.objects.create(
            commission=factories.make_commission(), title="Final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT, year=2026
        )

    return make


def _amendment(network, actor):
    from commissions.models import Amendment, ConsultationParagraph

    document = _final_draft(False)(network, actor)
    paragraph = ConsultationParagraph.objects.create(document=document, number=1, text="The NHS is free.")
    unit = _unit()
    return Amendment.objects.create(
        document=document, paragraph=paragraph, unit=unit, region=unit.region, kind="insert", new_text="x", reason="y"
    )


#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("submit_to_commission", "a policy commission", "-YYYYYYYY", make=_commission),
    Case("submit_for_unit", "a unit where the actor is an officer", "-YYYYYYYY", make=_own_unit, unverified="-------YY"),
    Case("submit_for_unit", "a unit where the actor is a plain member", "---------", make=_units_plain_member),
    Case("submit_for_unit", "a unit the actor is not in", "---------", make=_other_unit),
    Case("view_commission_queue", "a policy commission", "-------YY", make=_commission),
    Case("view_submission", "another unit's submission to the commission", "-------YY", make=_others_submission),
    Case("view_submission", "the actor's own submission", "-YYYYYYYY", make=_own_submission),
    Case("view_submission", "a submission from the actor's unit", "-YYYYYYYY", make=_units_submission),
    Case("reply_submission", "another unit's submission to the commission", "-------YY", make=_others_submission),
    Case("reply_submission", "a submission from the actor's unit", "-YYYYYYYY", make=_units_submission),
    Case("follow_submission", "another unit's submission to the commission", "-------YY", make=_others_submission),
    Case("follow_submission", "the actor's own submission", "-YYYYYYYY", make=_own_submission),
    Case("post_official_response", "another unit's submission's dialogue", "-------YY", make=_others_dialogue),
    Case("post_official_response", "the dialogue of a submission from the actor's unit", "-------YY", make=_units_dialogue),
    Case("change_submission_status", "a submission to the commission", "-------YY", make=_others_submission),
    Case("change_submission_status", "the actor's own submission", "-------YY", make=_own_submission),
    Case("assign_submission", "a submission to the commission", "-------YY", make=_others_submission),
    Case("view_submission_queues", "a link to queues (regional staff and NPF representatives also may)", "-------YY", make=about_nothing),
    Case("view_region_queue", "a region (regional staff also may)", "--------Y", make=_region_target),
    Case("view_unit_submissions", "a unit the actor is not in", "--------Y", make=_other_unit),
    Case("view_unit_submissions", "the actor's unit", "-YYYYYYYY", make=_own_unit),
    Case("speak_for_unit", "a unit where the actor is an officer", "-YYYYYYYY", make=_own_unit),
    Case("speak_for_unit", "a unit where the actor is a plain member", "---------", make=_units_plain_member),
    Case("speak_for_unit", "a unit the actor is not in", "---------", make=_other_unit),
    Case("propose_amendment", "an open final draft, actor an officer of a unit", "-YYYYYYYY", make=_final_draft(True),
         unverified="-------YY"),
    Case("propose_amendment", "an open final draft, actor a plain member of a unit", "---------", make=_final_draft(True, "Member")),
    Case("propose_amendment", "an open final draft, actor in no unit", "---------", make=_final_draft(False)),
    Case("forward_amendment", "an amendment (the region's NPF representatives also may)", "--------Y", make=_amendment),
    Case("view_amendment_inbox", "the amendments to forward (NPF representatives also may)", "--------Y", make=about_nothing),
    Case("decide_amendment", "an amendment to the commission's document", "-------YY", make=_amendment),
    Case("view_coordinator_coverage", "the coverage table (regional staff also may)", "--------Y", make=about_nothing),
    Case("view_coordinator_coverage", "a region's coverage (its regional office also may)", "--------Y", make=_region_target),
    Case("view_contact_details", "members' addresses and phone numbers", "--------Y", make=about_nothing),
    Case("sign_up_as_coordinator", "the PiP Coordinators Network", "-YYYYYYYY", make=about_nothing, unverified="-------YY"),
]

from tests.commissions.forum_permission_cases import SECTIONS as MORE_SECTIONS  # noqa: E402,F401  isort: skip
