"""What members who did not submit, and those who did, can see of the dialogue:

- "You said, we did" on each commission page: the responses given and the documents submissions
  were reflected in, naming a unit only where it agreed to be named;
- each tracking page's service promise ("aims to acknowledge within 14 days"), from the setting
  the overdue flag uses;
- "Our amendments" beside a unit's submissions.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from commissions import actions
from commissions.models import Amendment, Submission
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db
Status = Submission.Status


def send(user, health, issue, unit, title, *, named: bool):
    return actions.submit(
        user, health,
        actions.SubmissionDraft(title=title, text="Our members asked for it.", unit=unit, issue=issue, may_name_unit=named),
    )


def respond(chair, submission, response: str):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    actions.set_submission_status(chair, submission, Status.RESPONDED, response=response)


# You said, we did -------------------------------------------------------------------


@pytest.fixture
def answered(health, issue, clp, secretary, chair, region, final_draft):
    """Three answered submissions: a unit that agreed to be named, one that did not, and a member alone."""
    branch = make_unit("Leeds Central CLP", region=factories.make_region("Yorkshire and the Humber"))
    branch_secretary = factories.make_user(name="Bea Branch")
    join_unit(branch_secretary, branch)
    named = send(secretary, health, issue, clp, "Evening GP hours in Warrington", named=True)
    unnamed = send(branch_secretary, health, issue, branch, "Walk-in centres for Leeds Central", named=False)
    alone = actions.submit(
        factories.make_user(name="Ivy Individual", region=region), health,
        actions.SubmissionDraft(title="My own view on GP hours", text="Mine.", issue=issue, region=region, may_name_unit=True),
    )
    respond(chair, named, "We will ask every trust to **extend** evening hours.")
    respond(chair, unnamed, "Walk-in centres are in our draft.")
    actions.set_submission_status(chair, unnamed, Status.REFLECTED, reflected_in=final_draft)
    respond(chair, alone, "Thank you for your view.")
    actions.set_submission_status(chair, alone, Status.NOT_TAKEN_FORWARD, reason="Outside this year's work programme.")
    send(secretary, health, issue, clp, "Still waiting for an answer", named=True)
    return {"named": named, "unnamed": unnamed, "alone": alone}


def you_said(client, health) -> str:
    html = client.get(f"/commissions/{health.slug}/").content.decode()
    start = html.index('id="you-said-heading"')
    return html[start:html.index("</section>", start)]


def test_anyone_reads_the_responses_given_and_the_documents_submissions_shaped(client, health, answered, final_draft):
    section = you_said(client, health)
    assert "We will ask every trust to <strong>extend</strong> evening hours." in section
    assert "Walk-in centres are in our draft." in section and "Thank you for your view." in section
    assert "Outside this year&#x27;s work programme." in section
    assert f'href="/commissions/{health.slug}/documents/{final_draft.pk}/">Health: final draft</a>' in section
    assert "reflects 1 submission" in section
    assert "Still waiting for an answer" not in section


def test_a_unit_is_named_only_where_it_agreed_and_a_member_alone_never(client, health, answered):
    section = you_said(client, health)
    assert "Warrington North CLP" in section and "Evening GP hours in Warrington" in section
    assert "Leeds Central" not in section and "A Constituency Labour Party in Yorkshire and the Humber" in section
    assert "Ivy Individual" not in section and "My own view" not in section and "A member in North West" in section


def test_the_submission_form_asks_whether_the_unit_may_be_named(client, secretary, health, issue, clp):
    client.force_login(secretary)
    assert "Name our party unit in “You said, we did”" in client.get(f"/commissions/{health.slug}/submit/").content.decode()
    data = {"on_behalf": str(clp.pk), "topic": f"issue:{issue.pk}", "kind": "submission", "title": "Evening hours",
            "text": "Our forum asked for evening GP hours.", "may_name_unit": "on"}
    client.post(f"/commissions/{health.slug}/submit/", data)
    assert Submission.objects.get(title="Evening hours").may_name_unit is True
    client.post(f"/commissions/{health.slug}/submit/", {**data, "title": "Weekend hours", "may_name_unit": ""})
    assert Submission.objects.get(title="Weekend hours").may_name_unit is False


def test_a_member_writing_for_themself_is_never_recorded_as_named(health, issue, region):
    alone = actions.submit(
        factories.make_user(region=region), health,
        actions.SubmissionDraft(title="Only me", text="Mine.", issue=issue, region=region, may_name_unit=True),
    )
    assert alone.may_name_unit is False


def test_you_said_we_did_costs_the_same_queries_however_many_answers(client, health, answered, chair, secretary, issue, clp, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client.get(f"/commissions/{health.slug}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/commissions/{health.slug}/")
        return len(queries)

    before = count()
    for n in range(4):
        respond(chair, send(secretary, health, issue, clp, f"More evening hours {n}", named=n % 2 == 0), f"Answer {n}.")
    assert count() == before


# The service promise --------------------------------------------------------------------


def test_the_tracking_page_promises_acknowledgement_by_a_date_from_the_overdue_setting(client, submission, secretary, settings):
    settings.SUBMISSION_ACKNOWLEDGE_DAYS = 10
    client.force_login(secretary)
    html = client.get(submission.get_absolute_url()).content.decode()
    due = timezone.localdate(submission.created_at + timezone.timedelta(days=10))
    assert "What happens next" in html
    assert f"Health aims to acknowledge a submission within 10 days: by {due:%-d %B %Y}." in html


def test_an_overdue_submission_says_so_with_the_date_it_was_due(client, submission, secretary, settings):
    settings.SUBMISSION_ACKNOWLEDGE_DAYS = 14
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timezone.timedelta(days=20))
    client.force_login(secretary)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "so this one was due by" in html and "and is overdue" in html
    assert "next-step-overdue" in html


def test_each_later_step_says_what_comes_next(client, submission, secretary, chair, final_draft):
    client.force_login(secretary)
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    assert "Health is considering it." in client.get(submission.get_absolute_url()).content.decode()
    actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you.")
    assert "Health has responded." in client.get(submission.get_absolute_url()).content.decode()
    actions.set_submission_status(chair, submission, Status.REFLECTED, reflected_in=final_draft)
    assert "reflected in Health: final draft" in client.get(submission.get_absolute_url()).content.decode()


def test_the_confirmation_after_submitting_repeats_the_promise(client, secretary, health, issue, clp, settings):
    settings.SUBMISSION_ACKNOWLEDGE_DAYS = 21
    client.force_login(secretary)
    response = client.post(
        f"/commissions/{health.slug}/submit/",
        {"on_behalf": str(clp.pk), "topic": f"issue:{issue.pk}", "kind": "submission", "title": "Evening hours", "text": "Please."},
        follow=True,
    )
    assert "Health aims to acknowledge a submission within 21 days" in response.content.decode()


# Our amendments ---------------------------------------------------------------------------


@pytest.fixture
def unit_amendments(secretary, clp, final_draft, region):
    rep = factories.make_user(name="Rita Representative")
    region.npf_representatives.add(rep)
    paragraph = final_draft.paragraphs.get(number=2)
    waiting = actions.propose_amendment(
        secretary, paragraph, unit=clp, kind=Amendment.Kind.INSERT, target_text="", new_text=" in every town", reason="Local care.",
    )
    returned = actions.propose_amendment(
        secretary, paragraph, unit=clp, kind=Amendment.Kind.DELETE, target_text="as is safe", new_text="", reason="Shorter.",
    )
    actions.return_amendment(rep, returned, "This would change the meaning; please redraft.")
    other_unit = make_unit("Bolton South East CLP", region=region)
    join_unit(other_secretary := factories.make_user(name="Other Secretary"), other_unit)
    actions.propose_amendment(
        other_secretary, paragraph, unit=other_unit, kind=Amendment.Kind.INSERT, target_text="", new_text=" soon", reason="Speed.",
    )
    return {"waiting": waiting, "returned": returned}


def test_our_amendments_are_beside_our_submissions_with_where_each_stands(client, secretary, clp, submission, unit_amendments):
    client.force_login(secretary)
    html = client.get(f"/units/{clp.slug}/submissions/").content.decode()
    assert "Our amendments" in html and submission.reference in html
    assert f"#amendment-{unit_amendments['waiting'].pk}" in html and "With the region's NPF representative" in html
    assert f"#amendment-{unit_amendments['returned'].pk}" in html and "please redraft" in html
    assert "Bolton South East" not in html


def test_my_submissions_lists_my_units_amendments(client, secretary, unit_amendments):
    client.force_login(secretary)
    html = client.get("/submissions/").content.decode()
    assert "Your units' amendments" in html
    assert "Returned" in html and "Submitted" in html
