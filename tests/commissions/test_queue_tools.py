"""The queue's working tools: full-text search, themes applied in bulk, sorting, saved filters, internal notes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissions import actions
from commissions.models import Backing, SavedFilter, Submission, SubmissionNote, Theme
from networks.actions import ActionRefused
from tests.networks import factories
from tests.networks.factories import make_unit

pytestmark = pytest.mark.django_db


def queue_url(commission) -> str:
    return reverse("commissions:commission_queue", kwargs={"slug": commission.slug})


def region_url(region) -> str:
    return reverse("commissions:region_queue", kwargs={"slug": region.slug})


@pytest.fixture
def many(secretary, health, clp, issue):
    titles = [
        ("Mental health services for young people", "Waiting lists for CAMHS are far too long in Warrington."),
        ("Dentistry in rural areas", "Members cannot find an NHS dentist within thirty miles."),
        ("Social care funding", "Councils need a fair settlement for adult social care."),
    ]
    return [
        actions.submit(secretary, health, actions.SubmissionDraft(title=title, text=text, unit=clp, issue=issue))
        for title, text in titles
    ]


def _references(response) -> set[str]:
    return {s.reference for s in response.context["page_obj"]}


def test_search_finds_submissions_by_title_text_reference_and_unit(client, chair, health, many):
    client.force_login(chair)
    assert _references(client.get(queue_url(health), {"q": "dentist"})) == {many[1].reference}
    assert _references(client.get(queue_url(health), {"q": "CAMHS"})) == {many[0].reference}
    assert _references(client.get(queue_url(health), {"q": many[2].reference})) == {many[2].reference}
    assert _references(client.get(queue_url(health), {"q": "Warrington North"})) == {s.reference for s in many}
    page = client.get(queue_url(health), {"q": "dentist"}).content.decode()
    assert "1 submission matches." in page


@pytest.mark.parametrize(
    "query",
    ['"', '"unbalanced', "AND", "OR NOT", "*", "-", "a:b", "(", ")", "NEAR(a b)", "dentist*", "^", "\\", "'; DROP TABLE x; --",
     "x" * 500, "\u0000", "🏥 health", "ünïcödé", "{}", "[]", "+-", "title:dentist"],
)
def test_any_search_input_is_safe(client, chair, health, many, query):
    client.force_login(chair)
    response = client.get(queue_url(health), {"q": query})
    assert response.status_code == 200


def test_internal_notes_are_searched_only_for_those_who_may_read_them(client, chair, health, many, region, staff):
    actions.add_note(chair, many[2], "Ask the minister about the Barnett consequentials.")
    client.force_login(chair)
    assert _references(client.get(queue_url(health), {"q": "Barnett"})) == {many[2].reference}
    office = factories.make_user(name="Regional Officer", two_factor=True)
    region.staff.add(office)
    client.force_login(office)
    response = client.get(region_url(region), {"q": "Barnett"})
    assert response.status_code == 200 and _references(response) == set()
    assert "Barnett" not in client.get(many[2].get_absolute_url()).content.decode()


def test_themes_are_applied_and_removed_in_bulk_and_filter_the_queue(client, chair, health, many):
    workforce = actions.add_theme(chair, health, "Workforce")
    client.force_login(chair)
    response = client.post(
        queue_url(health),
        {"action": "add_theme", "theme": workforce.pk, "submission": [many[0].pk, many[1].pk], "query": "sort=oldest"},
        follow=True,
    )
    assert "“Workforce” added to 2 submissions." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?sort=oldest")
    assert set(workforce.submissions.values_list("pk", flat=True)) == {many[0].pk, many[1].pk}
    assert _references(client.get(queue_url(health), {"theme": workforce.pk})) == {many[0].reference, many[1].reference}
    client.post(queue_url(health), {"action": "remove_theme", "theme": workforce.pk, "submission": [many[0].pk]})
    assert list(workforce.submissions.values_list("pk", flat=True)) == [many[1].pk]


def test_a_theme_never_lands_on_another_commissions_submission(chair, health, many, secretary, clp):
    housing = factories.make_commission("Housing", "HOU")
    from commissions.models import WorkProgrammeIssue

    topic = WorkProgrammeIssue.objects.create(commission=housing, year=2026, title="Homes", brief="b")
    elsewhere = actions.submit(secretary, housing, actions.SubmissionDraft(title="Homes", text="x", unit=clp, issue=topic))
    theme = actions.add_theme(chair, health, "Workforce")
    with pytest.raises(ActionRefused, match="not Health submissions"):
        actions.set_theme(chair, theme, [many[0], elsewhere])
    assert not theme.submissions.exists()


def test_themes_page_adds_renames_and_refuses_duplicates_keeping_the_text(client, chair, health):
    client.force_login(chair)
    url = reverse("commissions:themes", kwargs={"slug": health.slug})
    client.post(url, {"action": "add", "name": "Mental health"})
    response = client.post(url, {"action": "add", "name": "mental  health"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "already has a theme called “mental health”" in page and 'value="mental  health"' in page
    theme = Theme.objects.get()
    client.post(url, {"action": "rename", "theme": theme.pk, "name": "Mental health and wellbeing"})
    theme.refresh_from_db()
    assert theme.name == "Mental health and wellbeing"


def test_only_the_commission_and_staff_manage_themes(client, secretary, health):
    client.force_login(secretary)
    assert client.get(reverse("commissions:themes", kwargs={"slug": health.slug})).status_code == 403


def test_sorting_by_backing_puts_the_most_backed_first(client, chair, health, many, other_region):
    for n in range(2):
        Backing.objects.create(submission=many[1], unit=make_unit(f"Backer {n} CLP", region=other_region))
    Backing.objects.create(submission=many[2], unit=make_unit("Backer 9 CLP", region=other_region))
    client.force_login(chair)
    rows = list(client.get(queue_url(health), {"sort": "backing"}).context["page_obj"])
    assert [s.reference for s in rows] == [many[1].reference, many[2].reference, many[0].reference]
    assert [s.backing_count for s in rows] == [2, 1, 0]
    oldest = list(client.get(queue_url(health), {"sort": "oldest"}).context["page_obj"])
    assert [s.reference for s in oldest] == [s.reference for s in many]


def test_a_bad_filter_is_shown_beside_its_field_and_the_rest_still_apply(client, chair, health, many):
    client.force_login(chair)
    response = client.get(queue_url(health), {"status": "bogus", "q": "dentist", "sort": "sideways"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This filter was not applied." in page
    assert _references(response) == {many[1].reference}


def test_saved_filters_are_kept_per_member_and_queue(client, chair, health, many):
    client.force_login(chair)
    response = client.post(
        reverse("commissions:save_filter"),
        {"path": queue_url(health), "name": "Dentistry", "query": "q=dentist&sort=oldest"},
        follow=True,
    )
    assert _references(response) == {many[1].reference}
    saved = SavedFilter.objects.get(user=chair)
    assert saved.url == queue_url(health) + "?q=dentist&sort=oldest"
    assert "Dentistry" in client.get(queue_url(health)).content.decode()
    client.force_login(factories.make_user())
    assert client.post(reverse("commissions:delete_saved_filter", kwargs={"pk": saved.pk})).status_code == 404
    client.force_login(chair)
    client.post(reverse("commissions:delete_saved_filter", kwargs={"pk": saved.pk}))
    assert not SavedFilter.objects.exists()


def test_filters_cannot_be_saved_for_a_queue_one_may_not_see(client, secretary, health):
    client.force_login(secretary)
    response = client.post(
        reverse("commissions:save_filter"), {"path": queue_url(health), "name": "Mine", "query": "q=x"}, follow=True
    )
    assert "Filters can only be saved for a queue you can see." in response.content.decode()
    with pytest.raises(ActionRefused):
        actions.save_filter(secretary, "/not/a/queue/", "x", "")
    assert not SavedFilter.objects.exists()


def test_the_queue_page_costs_the_same_queries_however_many_submissions(client, chair, health, secretary, clp, issue, other_region):
    theme = actions.add_theme(chair, health, "Workforce")
    backer = make_unit("Leeds Central CLP", region=other_region)

    def add(count):
        for n in range(count):
            submission = actions.submit(
                secretary, health, actions.SubmissionDraft(title=f"Point {n}", text="Our members' view.", unit=clp, issue=issue)
            )
            actions.set_theme(chair, theme, [submission])
            actions.add_note(chair, submission, "Follow up.")
            Backing.objects.create(submission=submission, unit=backer)

    add(2)
    client.force_login(chair)
    client.get(queue_url(health))  # the first request also fills the site's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(queue_url(health), {"q": "members", "sort": "backing"}).status_code == 200
    add(25)
    with CaptureQueriesContext(connection) as more:
        page = client.get(queue_url(health), {"q": "members", "sort": "backing"}).content.decode()
    assert page.count("Workforce</li>") == 27 and page.count("1 note</a>") == 27
    assert len(more) == len(few)


class TestNotes:
    def test_the_commission_adds_a_note_shown_on_the_timeline_to_it_alone(self, client, chair, submission, secretary, unit_member):
        client.force_login(chair)
        response = client.post(reverse("commissions:add_note", kwargs={"reference": submission.reference}), {"text": "Chase the minister."}, follow=True)
        assert "Only the commission and staff can read it." in response.content.decode()
        assert "Chase the minister." in response.content.decode()
        for outsider in (secretary, unit_member):
            client.force_login(outsider)
            page = client.get(submission.get_absolute_url()).content.decode()
            assert "Chase the minister." not in page and "Internal note" not in page

    def test_an_empty_or_overlong_note_is_refused_with_the_text_kept(self, client, chair, submission):
        client.force_login(chair)
        url = reverse("commissions:add_note", kwargs={"reference": submission.reference})
        response = client.post(url, {"text": "x" * 4001})
        assert response.status_code == 400
        assert "A note can be at most 4000 characters" in response.content.decode()
        assert "x" * 4001 in response.content.decode()
        assert client.post(url, {"text": "   "}).status_code == 400
        assert not SubmissionNote.objects.exists()

    def test_a_note_on_a_submission_one_may_not_see_is_refused_and_nothing_kept(self, client, submission, unit_member):
        client.force_login(factories.make_user())
        response = client.post(reverse("commissions:add_note", kwargs={"reference": submission.reference}), {"text": "Hi"})
        assert response.status_code == 403
        client.force_login(unit_member)
        response = client.post(reverse("commissions:add_note", kwargs={"reference": submission.reference}), {"text": "Hi"}, follow=True)
        assert "Only members of Health and staff keep notes" in response.content.decode()
        assert not SubmissionNote.objects.exists()

    def test_notes_stay_out_of_the_units_view_of_its_submissions_and_of_a_regional_export(self, client, chair, submission, region, secretary):
        actions.add_note(chair, submission, "Internal: weak evidence.")
        client.force_login(secretary)
        unit_page = client.get(reverse("commissions:unit_submissions", kwargs={"slug": submission.unit.slug})).content.decode()
        assert "weak evidence" not in unit_page
        office = factories.make_user(two_factor=True)
        region.staff.add(office)
        client.force_login(office)
        export = client.get(reverse("commissions:region_queue_export", kwargs={"slug": region.slug, "format": "csv"}))
        body = b"".join(export).decode()
        assert submission.reference in body and "weak evidence" not in body and "Internal notes" not in body


def test_the_unit_page_still_filters_without_the_queue_tools(client, secretary, submission):
    client.force_login(secretary)
    response = client.get(reverse("commissions:unit_submissions", kwargs={"slug": submission.unit.slug}), {"status": "received"})
    assert response.status_code == 200 and submission.reference in response.content.decode()
    assert 'name="q"' not in response.content.decode()



def test_removing_a_theme_asks_first_and_keeps_the_submissions(client, chair, health, many):
    theme = actions.add_theme(chair, health, "Workforce")
    actions.set_theme(chair, theme, many)
    client.force_login(chair)
    url = reverse("commissions:themes", kwargs={"slug": health.slug})
    page = client.post(url, {"action": "delete", "theme": theme.pk}).content.decode()
    assert "It is on 3 submissions." in page and Theme.objects.exists()
    client.post(url, {"action": "delete", "theme": theme.pk, "confirm": "1"})
    assert not Theme.objects.exists()
    assert Submission.objects.filter(pk__in=[s.pk for s in many]).count() == 3
    assert all(not s.themes.exists() for s in many)
