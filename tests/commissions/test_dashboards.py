"""My submissions, our submissions, the commission's queue and the regional queue."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from commissions import actions
from commissions.models import Submission
from networks.models import Region
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db
Status = Submission.Status


def queue_url(commission) -> str:
    return reverse("commissions:commission_queue", kwargs={"slug": commission.slug})


@pytest.fixture
def welsh_submission(health, issue, other_region):
    unit = make_unit("Cardiff West CLP", region=other_region)
    user = factories.make_user(name="Bethan Morgan")
    join_unit(user, unit)
    return actions.submit(user, health, actions.SubmissionDraft(title="Welsh view", text="x", unit=unit, issue=issue))


@pytest.fixture
def personal_submission(health, issue, other_region):
    user = factories.make_user(name="Ivy Individual")
    return actions.submit(user, health, actions.SubmissionDraft(title="My own view", text="x", region=other_region, issue=issue))


def test_my_submissions_lists_mine_and_my_units_but_not_others(client, submission, unit_member, welsh_submission):
    client.force_login(unit_member)
    page = client.get(reverse("commissions:my_submissions")).content.decode()
    assert submission.reference in page
    assert welsh_submission.reference not in page
    assert "Warrington North CLP" in page


def test_my_submissions_has_an_empty_state(client):
    client.force_login(factories.make_user())
    assert "You have not made any submissions yet" in client.get(reverse("commissions:my_submissions")).content.decode()


def test_our_submissions_is_for_the_units_members_and_staff(client, submission, clp, unit_member, staff):
    url = reverse("commissions:unit_submissions", kwargs={"slug": clp.slug})
    client.force_login(unit_member)
    assert submission.reference in client.get(url).content.decode()
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 403


def test_the_queue_is_for_the_commission_and_staff(client, health, chair, staff, secretary):
    client.force_login(chair)
    assert client.get(queue_url(health)).status_code == 200
    client.force_login(staff)
    assert client.get(queue_url(health)).status_code == 200
    client.force_login(secretary)
    assert client.get(queue_url(health)).status_code == 403
    client.force_login(factories.make_commission_member(factories.make_commission("Prosperity and Work", "PAW")))
    assert client.get(queue_url(health)).status_code == 403


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=acknowledged", ["submission"], ["welsh_submission"]),
        ("status=received", ["welsh_submission"], ["submission"]),
        ("unit_kind=clp", ["submission", "welsh_submission"], ["personal_submission"]),
        ("unit_kind=member", ["personal_submission"], ["submission"]),
        ("region={wales}", ["welsh_submission", "personal_submission"], ["submission"]),
        ("unit_kind=nonsense", ["submission", "welsh_submission"], []),
    ],
)
def test_the_queue_filters_by_status_region_and_unit_type(
    client, chair, health, submission, welsh_submission, personal_submission, query, shown, hidden
):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    items = {"submission": submission, "welsh_submission": welsh_submission, "personal_submission": personal_submission}
    client.force_login(chair)
    wales = Region.objects.get(name="Wales")
    response = client.get(queue_url(health) + "?" + query.format(wales=wales.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for name in shown:
        assert items[name].reference in page, name
    for name in hidden:
        assert items[name].reference not in page, name


def test_the_queue_filters_by_issue(client, chair, health, submission, secretary, clp):
    from commissions.models import WorkProgrammeIssue

    other = WorkProgrammeIssue.objects.create(commission=health, year=2026, title="Obesity", brief="b")
    second = actions.submit(secretary, health, actions.SubmissionDraft(title="On obesity", text="x", unit=clp, issue=other))
    client.force_login(chair)
    page = client.get(queue_url(health) + f"?issue={other.pk}").content.decode()
    assert second.reference in page and submission.reference not in page


def test_staff_bulk_acknowledge_from_the_queue(client, chair, health, submission, welsh_submission):
    client.force_login(chair)
    response = client.post(
        queue_url(health), {"action": "acknowledge", "submission": [submission.pk, welsh_submission.pk]}, follow=True
    )
    assert "Acknowledged 2 submissions" in response.content.decode()
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.ACKNOWLEDGED}


def test_bulk_acknowledge_with_nothing_selected_says_so(client, chair, health, submission):
    client.force_login(chair)
    response = client.post(queue_url(health), {"action": "acknowledge"}, follow=True)
    assert "Select at least one submission" in response.content.decode()


@pytest.mark.parametrize("value", ["99999999999999999999999", "9223372036854775808", "-1", "1.5", "²", "٣", "\x00"])
def test_bulk_acknowledge_with_an_impossible_id_says_so_and_does_not_fail(client, chair, health, submission, value):
    client.force_login(chair)
    response = client.post(queue_url(health), {"action": "acknowledge", "submission": [value]}, follow=True)
    assert response.status_code == 200
    assert "Select at least one submission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED


def test_bulk_acknowledge_reports_those_already_acknowledged(client, chair, health, submission, welsh_submission):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    client.force_login(chair)
    response = client.post(queue_url(health), {"action": "acknowledge", "submission": [submission.pk, welsh_submission.pk, "x"]}, follow=True)
    page = response.content.decode()
    assert "Acknowledged 1 submission;" in page
    assert "cannot be marked “Acknowledged” now" in page


def test_assigning_a_submission_to_a_commission_member_shows_on_the_timeline(
    client, chair, npf_member, submission, secretary, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(chair)
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"assignee": npf_member.pk})
    submission.refresh_from_db()
    assert submission.assigned_to == npf_member
    assert any(npf_member.email in m.to for m in mailoutbox)
    client.force_login(secretary)
    assert "Assigned" in client.get(submission.get_absolute_url()).content.decode()


def test_only_commission_members_can_be_assigned(client, chair, submission, secretary):
    client.force_login(chair)
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    response = client.post(url, {"assignee": secretary.pk}, follow=True)
    assert "Choose a member of the commission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.assigned_to is None


@pytest.mark.parametrize("value", ["9223372036854775808", "9" * 30, "²", "-1", "\x00"])
def test_assigning_to_an_id_no_key_can_hold_is_a_message_not_an_error(client, chair, npf_member, submission, value):
    client.force_login(chair)
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    for prefix in ("", f"s{submission.pk}"):
        field = f"{prefix}-assignee" if prefix else "assignee"
        response = client.post(url, {"prefix": prefix, field: value}, follow=True)
        assert response.status_code == 200
        assert "Choose a member of the commission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.assigned_to is None


def test_assigning_by_a_non_ascii_digit_names_nobody(client, chair, npf_member, submission):
    """"٣" is 3 to Python's int(); to the site it is not an id, whoever has key 3."""
    client.force_login(chair)
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    digits = str(npf_member.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.post(url, {"assignee": digits}, follow=True)
    assert "Choose a member of the commission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.assigned_to is None


def test_unacknowledged_submissions_are_flagged_overdue_after_the_configured_days(client, settings, chair, health, submission):
    settings.SUBMISSION_ACKNOWLEDGE_DAYS = 10
    client.force_login(chair)
    flag = '<span class="overdue">Overdue</span>'
    assert flag not in client.get(queue_url(health)).content.decode()
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timezone.timedelta(days=11))
    page = client.get(queue_url(health)).content.decode()
    assert "1 submission not acknowledged in time" in page
    assert flag in client.get(queue_url(health) + "?status=overdue").content.decode()
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    assert "not acknowledged in time" not in client.get(queue_url(health)).content.decode()


def test_regional_staff_see_their_regions_queue_only(client, region, other_region, submission, welsh_submission):
    office = factories.make_user(name="North West office", two_factor=True)
    region.staff.add(office)
    client.force_login(office)
    page = client.get(reverse("commissions:region_queue", kwargs={"slug": region.slug})).content.decode()
    assert submission.reference in page and welsh_submission.reference not in page
    assert client.get(reverse("commissions:region_queue", kwargs={"slug": other_region.slug})).status_code == 403
    assert client.get(submission.get_absolute_url()).status_code == 200
    assert client.get(welsh_submission.get_absolute_url()).status_code == 403


def test_the_queue_costs_the_same_queries_for_many_submissions(client, chair, health, issue, secretary, clp, django_assert_max_num_queries):
    for n in range(3):
        actions.submit(secretary, health, actions.SubmissionDraft(title=f"Submission {n}", text="x", unit=clp, issue=issue))
    client.force_login(chair)
    client.get(queue_url(health))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(queue_url(health))
    for n in range(12):
        actions.submit(secretary, health, actions.SubmissionDraft(title=f"Later submission {n}", text="x", unit=clp, issue=issue))
    with CaptureQueriesContext(connection) as many:
        client.get(queue_url(health))
    assert len(many) == len(few)


def test_assigning_from_the_queue_row_works(client, chair, npf_member, health, submission):
    client.force_login(chair)
    page = client.get(queue_url(health)).content.decode()
    assert f'name="s{submission.pk}-assignee"' in page
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    response = client.post(url, {"prefix": f"s{submission.pk}", f"s{submission.pk}-assignee": npf_member.pk, "next": queue_url(health)})
    assert response.status_code == 302 and response["Location"] == queue_url(health)
    submission.refresh_from_db()
    assert submission.assigned_to == npf_member


def test_a_bad_filter_value_is_ignored_while_the_others_apply(client, chair, health, submission, welsh_submission):
    client.force_login(chair)
    response = client.get(queue_url(health) + f"?issue=999999&region={welsh_submission.region_id}&page=zz")
    assert response.status_code == 200
    page = response.content.decode()
    assert welsh_submission.reference in page and submission.reference not in page


def test_the_regional_office_hears_of_a_new_submission_in_its_region(health, issue, clp, secretary, region):
    from discussions.models import Notification

    office = factories.make_user(two_factor=True)
    region.staff.add(office)
    actions.submit(secretary, health, actions.SubmissionDraft(title="Another view", text="x", unit=clp, issue=issue))
    assert Notification.objects.filter(recipient=office, kind="submission_received").exists()


def test_commission_members_find_their_queues_from_my_submissions(client, chair, health):
    client.force_login(chair)
    assert reverse("commissions:queues") in client.get(reverse("commissions:my_submissions")).content.decode()
    page = client.get(reverse("commissions:queues")).content.decode()
    assert queue_url(health) in page


def test_assignment_never_redirects_off_site(client, chair, npf_member, submission):
    client.force_login(chair)
    url = reverse("commissions:assign", kwargs={"reference": submission.reference})
    response = client.post(url, {"assignee": npf_member.pk, "next": "//evil.example.com/"})
    assert response["Location"] == submission.get_absolute_url()


def test_bulk_acknowledge_returns_to_the_filtered_queue(client, chair, health, submission):
    client.force_login(chair)
    response = client.post(queue_url(health), {"action": "acknowledge", "submission": [submission.pk], "query": "status=received&x=\\r\\n"})
    assert response.status_code == 302
    assert response["Location"].startswith(queue_url(health) + "?status=received")


def test_each_queue_row_carries_its_own_assignment_form(client, chair, health, submission, welsh_submission):
    import re

    client.force_login(chair)
    page = client.get(queue_url(health)).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)[1:]
    assert len(rows) == 2
    for row in rows:
        reference = re.search(r"([A-Z]{3}-\d{4}-\d{4})</a>", row).group(1)
        pk = {submission.reference: submission.pk, welsh_submission.reference: welsh_submission.pk}[reference]
        assert row.count("<form") == 1
        assert f'action="/submissions/{reference}/assign/"' in row and f'name="s{pk}-assignee"' in row


def test_the_queues_page_offers_staff_the_amendments_and_everyone_a_way_back(client, staff, secretary):
    client.force_login(staff)
    page = client.get(reverse("commissions:queues")).content.decode()
    assert reverse("commissions:amendment_inbox") in page
    client.force_login(secretary)
    page = client.get(reverse("commissions:queues")).content.decode()
    assert "You have no queue" in page
    assert f'<p class="breadcrumb"><a href="{reverse("commissions:my_submissions")}">My submissions</a></p>' in page


def test_the_tracking_page_leads_the_commission_back_to_its_queue_and_the_unit_to_its_submissions(
    client, chair, unit_member, health, submission
):
    client.force_login(chair)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert f'<p class="breadcrumb"><a href="{queue_url(health)}">Health: submissions queue</a>' in page
    client.force_login(unit_member)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert f'<p class="breadcrumb"><a href="{reverse("commissions:my_submissions")}">My submissions</a>' in page
    assert queue_url(health) not in page


@pytest.mark.parametrize("who", ["office", "npf", "member"])
def test_my_submissions_points_regional_staff_and_npf_representatives_to_their_queues(client, region, secretary, who):
    user = factories.make_user(two_factor=True)
    if who == "office":
        region.staff.add(user)
    elif who == "npf":
        region.npf_representatives.add(user)
    client.force_login(user if who != "member" else secretary)
    page = client.get(reverse("commissions:my_submissions")).content.decode()
    assert ("Your submission queues" in page) == (who != "member")
