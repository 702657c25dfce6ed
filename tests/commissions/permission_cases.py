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


def _open_submission(actor_in_unit: bool, closed: bool = False):
    """Another unit's submission its unit has opened for backing; the actor belongs to a (different) unit or none."""

    def make(network, actor):
        submission = _submission()
        if actor_in_unit:
            _unit(actor)
        submission.open_for_backing = True
        if closed:
            submission.status = submission.Status.NOT_TAKEN_FORWARD
        submission.save()
        return submission

    return make


def _own_unit_open_submission(network, actor):
    submission = _submission(unit=_unit(actor))
    submission.open_for_backing = True
    submission.save()
    return submission


def _backed_submission(network, actor):
    from commissions.models import Backing

    submission = _submission()
    Backing.objects.create(submission=submission, unit=_unit(actor))
    return submission


def _backing(by_actor: bool):
    def make(network, actor):
        from commissions.models import Backing

        return Backing.objects.create(submission=_submission(), unit=_unit(actor if by_actor else None))

    return make


def _in_a_unit(network, actor):
    _unit(actor)
    return None


def _export(own: bool):
    def make(network, actor):
        from commissions.models import Export
        from tests.networks import factories

        owner = actor if own and actor.is_authenticated else factories.make_user()
        return Export.objects.create(requested_by=owner, kind="commission", target="health", format="xlsx", title="Health")

    return make


def _commission_final_draft(network, actor):
    return _final_draft(False)(network, actor)


def _forwarded_amendment(actor_in_unit: bool):
    def make(network, actor):
        amendment = _amendment(network, actor)
        if actor_in_unit:
            _unit(actor)
        amendment.status = amendment.Status.FORWARDED
        amendment.save()
        return amendment

    return make


def _submitted_amendment_actor_in_unit(network, actor):
    _unit(actor)
    return _amendment(network, actor)


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
    Case("view_submission", "another unit's submission open for backing, actor in a unit", "-YYYYYYYY", make=_open_submission(True)),
    Case("view_submission", "another unit's submission open for backing, actor in no unit", "-------YY", make=_open_submission(False)),
    Case("view_submission", "a submission the actor's unit backs", "-YYYYYYYY", make=_backed_submission),
    Case("reply_submission", "another unit's submission to the commission", "-------YY", make=_others_submission),
    Case("reply_submission", "a submission the actor's unit backs", "-------YY", make=_backed_submission),
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
    Case("view_submission_notes", "another unit's submission to the commission (never its regional office)", "-------YY", make=_others_submission),
    Case("view_submission_notes", "a submission from the actor's unit", "-------YY", make=_units_submission),
    Case("view_submission_notes", "the actor's own submission", "-------YY", make=_own_submission),
    Case("add_submission_note", "a submission to the commission", "-------YY", make=_others_submission),
    Case("add_submission_note", "the actor's own submission", "-------YY", make=_own_submission),
    Case("manage_themes", "the commission's themes", "-------YY", make=_commission),
    Case("tag_submissions", "the commission's submissions (in bulk from the queue)", "-------YY", make=_commission),
    Case("export_commission_submissions", "the commission's submissions, with internal notes", "-------YY", make=_commission),
    Case("export_region_submissions", "a region's submissions, no notes (regional staff also may)", "--------Y", make=_region_target),
    Case("export_amendments", "the commission's final draft's amendments", "-------YY", make=_commission_final_draft),
    Case("download_export", "an export the actor asked for", "-YYYYYYYY", make=_export(True)),
    Case("download_export", "someone else's export", "---------", make=_export(False)),
    Case("open_for_backing", "the actor's own submission", "-YYYYYYYY", make=_own_submission),
    Case("open_for_backing", "a submission from the actor's unit", "-YYYYYYYY", make=_units_submission),
    Case("open_for_backing", "another unit's submission", "--------Y", make=_others_submission),
    Case("view_open_submissions", "submissions open for backing, actor in no unit", "--------Y", make=about_nothing),
    Case("view_open_submissions", "submissions open for backing, actor in a unit", "-YYYYYYYY", make=_in_a_unit),
    Case("back_submission", "another unit's submission open for backing, actor in a unit", "-YYYYYYYY", make=_open_submission(True)),
    Case("back_submission", "another unit's submission open for backing, actor in no unit", "---------", make=_open_submission(False)),
    Case("back_submission", "its own unit's submission, open for backing", "---------", make=_own_unit_open_submission),
    Case("back_submission", "a submission with its final decision, actor in a unit", "---------", make=_open_submission(True, closed=True)),
    Case("withdraw_backing", "its own unit's backing", "-YYYYYYYY", make=_backing(True)),
    Case("withdraw_backing", "another unit's backing", "--------Y", make=_backing(False)),
    Case("back_amendment", "a forwarded amendment, actor in another unit", "-YYYYYYYY", make=_forwarded_amendment(True)),
    Case("back_amendment", "a forwarded amendment, actor in no unit", "---------", make=_forwarded_amendment(False)),
    Case("back_amendment", "an amendment not yet forwarded, actor in a unit", "---------", make=_submitted_amendment_actor_in_unit),
    Case("view_amendments_paper", "the commission's final draft (NPF representatives also may)", "-------YY", make=_commission_final_draft),
    Case("composite_amendments", "the commission's final draft", "-------YY", make=_commission_final_draft),
    Case("decide_amendment", "a forwarded amendment's outcome at the NPF", "-------YY", make=_forwarded_amendment(False)),
    Case("view_coordinator_coverage", "the coverage table (regional staff also may)", "--------Y", make=about_nothing),
    Case("view_coordinator_coverage", "a region's coverage (its regional office also may)", "--------Y", make=_region_target),
    Case("view_contact_details", "members' addresses and phone numbers", "--------Y", make=about_nothing),
    Case("sign_up_as_coordinator", "the PiP Coordinators Network", "-YYYYYYYY", make=about_nothing, unverified="-------YY"),
]

from tests.commissions.forum_permission_cases import SECTIONS as MORE_SECTIONS  # noqa: E402,F401  isort: skip
