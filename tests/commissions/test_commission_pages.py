"""Commission pages, accountability figures (SVG and CSV), and the regional offices page."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from commissions import actions
from commissions.models import Submission, WorkProgrammeIssue
from commissions.selectors import accountability_figures
from networks.models import CommissionMembership
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit

pytestmark = pytest.mark.django_db
Status = Submission.Status


def test_the_commission_page_lists_members_with_seats_programme_and_documents(
    client, health, chair, npf_member, issue, open_document, closed_document, final_draft
):
    WorkProgrammeIssue.objects.create(commission=health, year=issue.year - 1, title="Last year's question", brief="Earlier.")
    page = client.get("/commissions/health/").content.decode()
    assert "Rt Hon Patricia Chair MP" in page and "Chair" in page
    assert "Nina NPF" in page and "National Policy Forum" in page
    assert page.index("Rt Hon Patricia Chair MP") < page.index("Nina NPF")
    assert "Care closer to home" in page and "Which services should move out of hospitals?" in page
    assert page.index(str(issue.year)) < page.index(str(issue.year - 1))
    assert "Stage 2: policy choices" in page and "Stage 1: big conversation" in page
    assert "Stage 3: final draft for amendment" in page
    assert "Open" in page and "Closed" in page
    assert "2 numbered paragraphs" in page


def test_the_commission_page_has_empty_states(client, health):
    page = client.get("/commissions/health/").content.decode()
    assert "members have not been announced yet" in page
    assert "has not published a work programme yet" in page
    assert "No consultation documents yet" in page
    assert "No submissions yet" in page


def test_the_index_lists_every_commission_with_its_figures(client, health):
    commission_page(factories.make_commission("Education and Skills", "EDU"))
    page = client.get("/commissions/").content.decode()
    assert "Health" in page and "Education and Skills" in page
    assert "Median days to response" in page


def _three_submissions(health, issue, chair):
    """North West: one responded after 4 days, one acknowledged; Wales: one received."""
    north_west, wales = make_region("North West"), make_region("Wales")
    made = []
    for name, region in [("Warrington North CLP", north_west), ("Bolton CLP", north_west), ("Cardiff West CLP", wales)]:
        unit = make_unit(name, region=region)
        user = factories.make_user()
        join_unit(user, unit)
        made.append(actions.submit(user, health, actions.SubmissionDraft(title=f"From {name}", text="x", unit=unit, issue=issue)))
    first, second, _ = made
    actions.set_submission_status(chair, first, Status.ACKNOWLEDGED)
    actions.set_submission_status(chair, first, Status.RESPONDED, response="Thank you.")
    Submission.objects.filter(pk=first.pk).update(responded_at=first.created_at + timezone.timedelta(days=4))
    actions.set_submission_status(chair, second, Status.ACKNOWLEDGED)
    return made


def test_figures_count_acknowledged_responded_median_days_and_regions(health, issue, chair):
    _three_submissions(health, issue, chair)
    figures = accountability_figures([health])[health.pk]
    assert figures.overall.submissions == 3
    assert figures.overall.percent_acknowledged == 67
    assert figures.overall.percent_responded == 33
    assert figures.overall.median_days_to_response == 4.0
    by_region = {region.name: tally for region, tally in figures.by_region}
    assert by_region["North West"].submissions == 2 and by_region["North West"].responded == 1
    assert by_region["Wales"].submissions == 1 and by_region["Wales"].acknowledged == 0


def test_the_page_shows_the_figures_as_an_svg_chart_with_a_table(client, health, issue, chair):
    _three_submissions(health, issue, chair)
    page = client.get("/commissions/health/").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Submissions to Health by region" in page
    assert "67%" in page and "33%" in page


def test_figures_are_exported_as_csv_for_everyone(client, health, issue, chair):
    _three_submissions(health, issue, chair)
    response = client.get("/commissions/health/figures.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    overall = rows[0]
    assert overall["region"] == "All regions" and overall["submissions"] == "3"
    assert overall["acknowledged_percent"] == "67" and overall["responded_percent"] == "33"
    assert overall["median_days_to_response"] == "4.0"
    assert {row["region"] for row in rows[1:]} == {"North West", "Wales"}
    everything = client.get("/commissions/figures.csv").content.decode()
    assert "Health,All regions,3" in everything


def test_figures_for_a_commission_without_submissions_are_blank_not_zero(client, health):
    rows = list(csv.DictReader(io.StringIO(client.get("/commissions/health/figures.csv").content.decode())))
    assert rows == [
        {"commission": "Health", "region": "All regions", "submissions": "0", "acknowledged_percent": "",
         "responded_percent": "", "median_days_to_response": "", "forums_held": "0", "people_reached": "0",
         "members_reached": "0", "community_reached": "0", "forum_reports": "0", "forum_reports_answered_percent": ""}
    ]


def test_an_unknown_commissions_figures_are_a_404(client, db):
    assert client.get("/commissions/nothing/figures.csv").status_code == 404


def test_the_index_figures_take_a_fixed_number_of_queries(client, health, issue, chair, django_assert_max_num_queries):
    _three_submissions(health, issue, chair)
    for name, code in [("Education and Skills", "EDU"), ("Prosperity and Work", "PAW"), ("Britain in the World", "BIW")]:
        commission_page(factories.make_commission(name, code))
    client.get("/commissions/")
    with django_assert_max_num_queries(20):
        client.get("/commissions/")


def test_the_regional_offices_page_lists_contact_details(client, db):
    from networks.demo import REGIONS, _regions

    _regions()
    page = client.get("/regions/").content.decode()
    assert len(REGIONS) == 11
    for name, phone, _, email in REGIONS:
        assert name in page.replace("&amp;", "&") and phone in page and email in page


def test_a_commission_page_cannot_take_a_reserved_slug(health):
    from django.core.exceptions import ValidationError

    page = commission_page(health)
    page.slug = "queue"
    with pytest.raises(ValidationError):
        page.full_clean()


def test_seat_labels_are_the_partys_words(health):
    assert dict(CommissionMembership.Seat.choices) == {
        "chair": "Chair", "government": "Government", "nec": "National Executive Committee", "npf": "National Policy Forum",
        "officer": "Policy officer",
    }


# The public record, kept for every reader (commissions.selectors.commission_record_html) ------------


def _figures_queries(client, url) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured if "commissions_submission" in query["sql"]]


def test_the_record_is_made_once_for_every_member_and_changes_reach_them_at_once(
    client, health, chair, submission, issue
):
    from django.test import Client

    # Both signed in first: a sign-in writes the member's row, and the record shows members' names.
    first, second = Client(), Client()
    first.force_login(factories.make_user())
    second.force_login(factories.make_user())
    page = first.get("/commissions/health/").content.decode()
    assert "Care closer to home" in page and "Rt Hon Patricia Chair MP" in page
    client = second
    assert _figures_queries(client, "/commissions/health/") == []  # another member: the kept record

    # A new seat, a new issue, a submission's status: each is on the page at the next read.
    CommissionMembership.objects.create(
        commission=health, user=factories.make_user(name="Ollie Officer"), seat=CommissionMembership.Seat.NPF
    )
    assert "Ollie Officer" in client.get("/commissions/health/").content.decode()
    WorkProgrammeIssue.objects.create(commission=health, year=issue.year, title="Dentists in every town", brief="Where?")
    assert "Dentists in every town" in client.get("/commissions/health/").content.decode()
    before = client.get("/commissions/health/").content.decode()
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    after = client.get("/commissions/health/").content.decode()
    assert before != after and _figures_queries(client, "/commissions/health/") == []


def test_who_may_submit_and_who_may_not_each_get_their_own_record(client, health, issue):
    assert "Submit on this issue" not in client.get("/commissions/health/").content.decode()  # a visitor
    client.force_login(factories.make_user())
    assert "Submit on this issue" in client.get("/commissions/health/").content.decode()
    client.logout()
    assert "Submit on this issue" not in client.get("/commissions/health/").content.decode()
