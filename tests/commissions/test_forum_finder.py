"""Finding a forum: /forums/ with its filters, the post-code lookup from the shipped table, and the home page."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commissions.models import Forum
from networks.models import PostcodeDistrict
from networks.postcodes import PostcodeError, constituencies_for, district_of, normalised
from tests.commissions.forum_factories import make_forum
from tests.home.factories import site_tree
from tests.networks import factories
from tests.networks.factories import join_unit, make_constituency, make_region, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(region, other_region):
    """Warrington North (North West) and Cardiff West (Wales), each with a CLP, and the districts of both."""
    warrington = make_constituency("Warrington North", region=region)
    cardiff = make_constituency("Cardiff West", region=other_region)
    tottenham = make_constituency("Tottenham", region=make_region("Greater London"))
    hackney = make_constituency("Hackney North and Stoke Newington", region=tottenham.region)
    for district, constituency in (("WA2", warrington), ("CF5", cardiff), ("N4", tottenham), ("N4", hackney)):
        PostcodeDistrict.objects.create(district=district, constituency=constituency)
    units = {}
    for constituency in (warrington, cardiff):
        unit = make_unit(f"{constituency.name} CLP", region=constituency.region)
        unit.constituency = constituency
        unit.save()
        units[constituency.name] = unit
    return {"warrington": warrington, "cardiff": cardiff, "units": units}


@pytest.fixture
def forums(places, issue, open_document):
    officers = {}
    for name, unit in places["units"].items():
        officers[name] = factories.make_user(name=f"Secretary of {name}")
        join_unit(officers[name], unit, "Secretary")
    soon = make_forum(officers["Warrington North"], places["units"]["Warrington North"], issue, title="Warrington on care")
    later_start = timezone.now() + timedelta(days=40)
    later = make_forum(
        officers["Cardiff West"], places["units"]["Cardiff West"], None, document=open_document, title="Cardiff on choices",
        starts_at=later_start, ends_at=later_start + timedelta(hours=2), postcode="CF5 1AA",
    )
    return {"soon": soon, "later": later}


def _titles(response) -> list[str]:
    return [forum.title for forum in response.context["finder"].forums]


# Reading post codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, district", [("wa2 7aa", "WA2"), ("WA27AA", "WA2"), (" wa2 ", "WA2"), ("SW1A 1AA", "SW1A"), ("N4", "N4")])
def test_a_post_code_or_its_first_half_gives_the_district(typed, district):
    assert district_of(typed) == district


@pytest.mark.parametrize("typed", ["", "hello", "12345", "QA1 1AA", "WA2 7AAA", "<script>"])
def test_what_is_not_a_uk_post_code_is_refused_with_an_example(typed):
    with pytest.raises(PostcodeError, match="post code"):
        district_of(typed)


def test_a_full_post_code_is_written_as_royal_mail_writes_it():
    assert normalised("wa27aa") == "WA2 7AA" and normalised("WA2") == ""


def test_a_district_the_site_does_not_hold_is_explained(places):
    with pytest.raises(PostcodeError, match="do not hold the constituency for post codes beginning ZE1"):
        constituencies_for("ZE1 0AA")


def test_a_district_that_straddles_constituencies_gives_each(places):
    assert sorted(c.name for c in constituencies_for("N4 2AA").constituencies) == [
        "Hackney North and Stoke Newington", "Tottenham"
    ]


# The table's loader ----------------------------------------------------------------------------------


def test_the_shipped_table_loads_and_loading_again_adds_nothing(db):
    from networks.demo import _constituencies, _regions

    _constituencies(_regions())
    out = io.StringIO()
    call_command("load_postcode_districts", stdout=out)
    loaded = PostcodeDistrict.objects.count()
    assert loaded > 100 and f"{loaded} held" in out.getvalue()
    assert [c.name for c in constituencies_for("WA2 7AA").constituencies] == ["Warrington North"]
    call_command("load_postcode_districts", stdout=out)
    assert PostcodeDistrict.objects.count() == loaded


def test_a_csv_with_a_bad_row_loads_nothing_and_names_the_line(places, tmp_path: Path):
    csv_file = tmp_path / "districts.csv"
    csv_file.write_text("district,constituency\nWA5,Warrington North\nXX,Warrington North\nCF11,Atlantis\n")
    with pytest.raises(CommandError) as error:
        call_command("load_postcode_districts", str(csv_file), stdout=io.StringIO())
    assert "line 3" in str(error.value) and "line 4: no constituency called “Atlantis”" in str(error.value)
    assert not PostcodeDistrict.objects.filter(district="WA5").exists()


def test_replace_removes_the_rows_the_file_no_longer_lists(places, tmp_path: Path):
    csv_file = tmp_path / "districts.csv"
    csv_file.write_text("district,constituency\nwa2,warrington-north\n")
    call_command("load_postcode_districts", str(csv_file), "--replace", stdout=io.StringIO())
    assert list(PostcodeDistrict.objects.values_list("district", flat=True)) == ["WA2"]


# /forums/ --------------------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_forums_soonest_first(client, forums):
    response = client.get("/forums/")
    assert response.status_code == 200
    assert _titles(response) == ["Warrington on care", "Cardiff on choices"]


def test_a_visitor_finds_the_forum_in_their_constituency_by_post_code(client, forums):
    response = client.get("/forums/", {"postcode": "wa2 7aa"})
    assert _titles(response) == ["Warrington on care"]
    assert "Post codes beginning <strong>WA2</strong> are in" in response.content.decode()


def test_a_post_code_that_is_not_one_or_not_held_keeps_the_text_and_explains(client, forums):
    response = client.get("/forums/", {"postcode": "ABC 123"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a UK post code" in page and 'value="ABC 123"' in page
    response = client.get("/forums/", {"postcode": "ZE1 0AA"})
    assert response.status_code == 400 and "ZE1" in response.content.decode()


def test_when_the_constituency_has_no_forum_the_region_s_are_offered(client, forums, places, region):
    other = make_constituency("Manchester Gorton", region=region)
    PostcodeDistrict.objects.create(district="M12", constituency=other)
    response = client.get("/forums/", {"postcode": "M12 4AB"})
    assert _titles(response) == []
    assert [forum.title for forum in response.context["nearby"]] == ["Warrington on care"]


def test_filters_by_region_constituency_issue_and_date(client, forums, places, other_region, issue, open_document):
    assert _titles(client.get("/forums/", {"region": other_region.pk})) == ["Cardiff on choices"]
    assert _titles(client.get("/forums/", {"constituency": places["warrington"].pk})) == ["Warrington on care"]
    assert _titles(client.get("/forums/", {"topic": f"issue:{issue.pk}"})) == ["Warrington on care"]
    assert _titles(client.get("/forums/", {"topic": f"document:{open_document.pk}"})) == ["Cardiff on choices"]
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert _titles(client.get("/forums/", {"date_from": in_a_month})) == ["Cardiff on choices"]
    assert _titles(client.get("/forums/", {"date_to": in_a_month})) == ["Warrington on care"]


def test_a_date_range_backwards_is_explained(client, forums):
    response = client.get("/forums/", {"date_from": "2030-05-01", "date_to": "2030-04-01"})
    assert response.status_code == 400 and "The end of the range is before its start." in response.content.decode()


def test_past_and_cancelled_forums_are_not_listed(client, forums):
    Forum.objects.filter(pk=forums["soon"].pk).update(cancelled_at=timezone.now())
    assert _titles(client.get("/forums/")) == ["Cardiff on choices"]


def test_the_list_takes_a_fixed_number_of_queries(client, forums, places, issue, django_assert_max_num_queries):
    officer = factories.make_user()
    join_unit(officer, places["units"]["Warrington North"], "Chair")
    client.force_login(officer)
    client.get("/forums/")
    with CaptureQueriesContext(connection) as two:
        assert len(_titles(client.get("/forums/"))) == 2
    for n in range(6):
        make_forum(officer, places["units"]["Warrington North"], issue, title=f"Extra forum {n}")
    # The header's own questions (queues, amendments, membership) are asked once per page, whatever the list.
    with django_assert_max_num_queries(17):
        response = client.get("/forums/")
    assert len(_titles(response)) == 8
    with CaptureQueriesContext(connection) as eight:
        client.get("/forums/")
    assert len(eight) == len(two)


# The home page ---------------------------------------------------------------------------------------------


def test_the_home_page_shows_forums_in_the_members_units_and_region(client, forums, places, region):
    site_tree()
    member = factories.make_user(region=region)
    join_unit(member, places["units"]["Warrington North"], "Member")
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "Warrington on care" in page and "Cardiff on choices" not in page
    assert "Coming up in your units and in North West" in page
