"""The PiP Coordinators Network: sign-up with UK post code and phone checks, and staff coverage."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from networks.forms import clean_uk_phone, clean_uk_postcode
from networks.models import Constituency, Coordinator
from tests.networks import factories

pytestmark = pytest.mark.django_db
URL = "/coordinators/join/"


@pytest.fixture
def warrington(region):
    return Constituency.objects.create(name="Warrington North", slug="warrington-north", region=region)


@pytest.fixture
def bolton(region):
    return Constituency.objects.create(name="Bolton South East", slug="bolton-south-east", region=region)


def signup_data(clp, constituency, **extra) -> dict:
    data = {
        "full_name": "Jo Halliwell",
        "address": "12 Orford Lane\nWarrington",
        "postcode": "wa2 7aa",
        "unit": clp.pk,
        "position": "Policy officer",
        "constituency": constituency.pk,
        "email": "jo@example.org",
        "mobile_phone": "07700 900123",
        "home_phone": "",
        "office_phone": "+44 (0)1925 574913",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(("typed", "kept"), [("sw1a0aa", "SW1A 0AA"), ("M1 1AE", "M1 1AE"), (" cf10  1ep ", "CF10 1EP"), ("GIR 0AA", "GIR 0AA")])
def test_uk_post_codes_are_normalised(typed, kept):
    assert clean_uk_postcode(typed) == kept


@pytest.mark.parametrize("typed", ["", "12345", "SW1A", "QQ1 1AA", "SW1A 0AAX", "W1A 0A1"])
def test_bad_post_codes_are_refused(typed):
    with pytest.raises(ValidationError):
        clean_uk_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "mobile", "kept"),
    [("07700 900123", True, "07700900123"), ("+44 7700 900123", True, "07700900123"), ("0161 496 0000", False, "01614960000"),
     ("+44 (0)1925 574913", False, "01925574913"), ("029 2087 7700", False, "02920877700")],
)
def test_uk_phone_numbers_are_accepted(typed, mobile, kept):
    assert clean_uk_phone(typed, mobile=mobile) == kept


@pytest.mark.parametrize(
    ("typed", "mobile"),
    [("0161 49", False), ("0161 496 00000 1", False), ("+33 1 23 45 67 89", False), ("01614960000", True), ("call me", False), ("7700900123", False)],
)
def test_bad_phone_numbers_are_refused(typed, mobile):
    with pytest.raises(ValidationError):
        clean_uk_phone(typed, mobile=mobile)


def test_a_member_signs_up_and_is_routed_to_the_constituencys_region(
    client, secretary, clp, warrington, region, django_capture_on_commit_callbacks, mailoutbox
):
    office = factories.make_user(name="North West office", two_factor=True)
    region.staff.add(office)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, signup_data(clp, warrington), follow=True)
    assert "Thank you for joining the Coordinators Network" in response.content.decode()
    coordinator = Coordinator.objects.get()
    assert coordinator.region == region and coordinator.user == secretary
    assert coordinator.postcode == "WA2 7AA" and coordinator.office_phone == "01925574913"
    assert any(office.email in m.to and "Warrington North" in m.subject for m in mailoutbox)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "WA2", "Enter a UK post code"),
        ("mobile_phone", "0161 496 0000", "Enter a UK mobile number"),
        ("home_phone", "12", "Enter a UK number of 10 or 11 digits"),
        ("email", "not-an-email", "Enter a valid email address"),
    ],
)
def test_bad_details_get_a_clear_message_and_the_form_keeps_the_rest(client, secretary, clp, warrington, field, value, message):
    client.force_login(secretary)
    response = client.post(URL, signup_data(clp, warrington, **{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "12 Orford Lane" in page and "Jo Halliwell" in page
    assert not Coordinator.objects.exists()


def test_at_least_one_phone_is_needed(client, secretary, clp, warrington):
    client.force_login(secretary)
    response = client.post(URL, signup_data(clp, warrington, mobile_phone="", office_phone=""))
    assert "Give at least one contact telephone number" in response.content.decode()


def test_signing_up_twice_for_a_constituency_is_refused_plainly(client, secretary, clp, warrington):
    client.force_login(secretary)
    client.post(URL, signup_data(clp, warrington))
    response = client.post(URL, signup_data(clp, warrington))
    assert "already signed up as a coordinator for that constituency" in response.content.decode()
    assert Coordinator.objects.count() == 1


def test_the_form_starts_with_what_we_know(client, secretary, clp):
    client.force_login(secretary)
    form = client.get(URL).context["form"]
    assert form.initial["email"] == secretary.email
    assert form.initial["unit"] == clp.pk and form.initial["position"] == "Secretary"


def test_coverage_shows_constituencies_without_a_coordinator_and_contacts_only_to_staff(
    client, secretary, clp, warrington, bolton, staff, region
):
    client.force_login(secretary)
    client.post(URL, signup_data(clp, warrington))
    refused = client.get(reverse("networks:coverage"))
    assert refused.status_code == 403
    assert "Only party staff and the regional offices can see" in refused.content.decode()
    client.force_login(staff)
    page = client.get(reverse("networks:coverage")).content.decode()
    uncovered = page[page.index("without a coordinator"):page.index("Coordinators in")]
    assert "Bolton South East" in uncovered and "Warrington North" not in uncovered
    assert "1 of 2 constituencies covered" in page
    assert "12 Orford Lane" in page and "Mobile 07700 900123" in page and "Office 01925 574913" in page
    office = factories.make_user(two_factor=True)
    region.staff.add(office)
    client.force_login(office)
    page = client.get(reverse("networks:coverage")).content.decode()
    assert "Bolton South East" in page
    assert "12 Orford Lane" not in page and "07700 900123" not in page


def test_signing_up_needs_an_account(client, db):
    assert client.get(URL).status_code == 302
