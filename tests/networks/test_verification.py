"""A member verifies once with membership number, surname and post code; what verification then decides."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from networks.models import MembershipRecord, NetworkMembership, UnitMembership
from tests.networks import factories

pytestmark = pytest.mark.django_db
URL = "/accounts/membership/"
NO_MATCH = "Those details do not match a current member on the party&#x27;s membership list."


@pytest.fixture
def record(db):
    region = factories.make_region("North West")
    clp = factories.make_unit("Warrington North CLP", region=region)
    branch = factories.make_unit("Orford Branch", region=region, kind="branch")
    return factories.make_membership_record(membership_number="L1234567", last_name="Khan", postcode="WA2 7NE", clp=clp, branch=branch)


@pytest.fixture
def newcomer(client):
    user = factories.make_user("priya@example.org", name="Priya", verified=False)
    client.force_login(user)
    return user


def _verify(client, number="L1234567", surname="Khan", postcode="WA2 7NE", **extra):
    return client.post(URL, {"membership_number": number, "surname": surname, "postcode": postcode, **extra}, follow=True)


def test_a_match_links_the_account_to_the_record_and_its_clp_and_branch(client, newcomer, record):
    response = _verify(client, number=" l1234567 ", surname="khan", postcode="wa27ne", next="/networks/")
    assert response.redirect_chain[-1][0] == "/networks/"
    assert "your party membership is verified" in response.content.decode()
    record.refresh_from_db()
    assert record.user == newcomer and record.verified_at is not None
    units = dict(UnitMembership.objects.filter(user=newcomer).values_list("unit__name", "from_membership_list"))
    assert units == {"Warrington North CLP": True, "Orford Branch": True}
    page = client.get(URL).content.decode()
    assert "Your account is verified" in page and "L1234567" in page and "Verify my membership" not in page


@pytest.mark.parametrize(
    "details",
    [
        {"number": "L1234568"},
        {"surname": "Kahn"},
        {"postcode": "WA2 7NF"},
        {"number": "L1234568", "surname": "Kahn", "postcode": "SW1A 0AA"},
    ],
    ids=["number", "surname", "postcode", "all three"],
)
def test_a_wrong_detail_gets_one_answer_that_never_says_which(client, newcomer, record, details):
    response = _verify(client, **details)
    page = response.content.decode()
    assert response.status_code == 200 and NO_MATCH in page
    for word in ("membership number is wrong", "surname is wrong", "post code is wrong"):
        assert word not in page
    assert 'value="Kahn"' in page or details.get("surname") is None  # what they typed is kept
    record.refresh_from_db()
    assert record.user is None


def test_empty_fields_are_named_and_nothing_is_checked(client, newcomer, record):
    page = _verify(client, number="", surname="", postcode="").content.decode()
    assert page.count("This field is required.") == 3


def test_a_lapsed_record_says_so_and_does_not_verify(client, newcomer, record):
    MembershipRecord.objects.filter(pk=record.pk).update(status="lapsed")
    page = _verify(client).content.decode()
    assert "That membership is not current" in page and "shows your membership as lapsed" in page
    assert not MembershipRecord.objects.filter(user=newcomer).exists()


def test_a_record_linked_to_another_account_is_refused(client, newcomer, record):
    MembershipRecord.objects.filter(pk=record.pk).update(user=factories.make_user(verified=False))
    assert "already linked to another account" in _verify(client).content.decode()
    assert not MembershipRecord.objects.filter(user=newcomer).exists()


def test_verification_is_rate_limited_per_account_in_the_shared_cache(client, newcomer, record, settings):
    settings.ACCOUNT_RATE_LIMITS = {"verify_membership": "5/h/user,20/h/ip"}
    cache.clear()
    for _ in range(5):
        assert NO_MATCH in _verify(client, surname="Wrong").content.decode()
    page = _verify(client).content.decode()  # even the right details, once over the limit
    assert "Too many attempts" in page
    assert not MembershipRecord.objects.filter(user=newcomer).exists()
    cache.clear()


def test_unverified_members_ask_to_join_public_networks_but_not_members_only_ones(client, newcomer, network, private_network):
    page = client.get(private_network.url).content.decode()
    assert "is for verified party members" in page and URL in page
    response = client.post(f"/networks/{private_network.slug}/join/", follow=True)
    assert "verify your membership, then ask to join" in response.content.decode()
    assert not NetworkMembership.objects.filter(user=newcomer, network=private_network).exists()
    client.post(f"/networks/{network.slug}/join/")
    assert NetworkMembership.objects.filter(user=newcomer, network=network, status="active").exists()


def test_after_verifying_the_member_may_ask_to_join_a_members_only_network(client, newcomer, record, private_network):
    _verify(client)
    client.post(f"/networks/{private_network.slug}/join/")
    assert NetworkMembership.objects.get(user=newcomer, network=private_network).status == "pending"


def test_coordinator_sign_up_asks_for_verification_first(client, newcomer):
    page = client.get("/coordinators/join/").content.decode()
    assert "The Coordinators Network is for verified party members." in page and 'name="address"' not in page


def test_an_unverified_member_submits_for_themself_only(client, newcomer, record):
    from commissions import actions
    from networks.actions import ActionRefused

    factories.join_unit(newcomer, record.clp)
    commission = factories.make_commission()
    from commissions.models import WorkProgrammeIssue

    issue = WorkProgrammeIssue.objects.create(commission=commission, title="Care closer to home", year=2026, brief="b")
    with pytest.raises(ActionRefused, match="needs a verified party membership"):
        actions.submit(newcomer, commission, actions.SubmissionDraft(title="From our CLP", text="x", unit=record.clp, issue=issue))
    mine = actions.submit(
        newcomer, commission, actions.SubmissionDraft(title="From me", text="x", region=record.clp.region, issue=issue)
    )
    assert mine.unit is None


def test_the_profile_says_whether_the_account_is_verified(client, newcomer, record):
    assert "Not verified" in client.get("/accounts/profile/").content.decode()
    _verify(client)
    assert "Verified against the party" in client.get("/accounts/profile/").content.decode()


def test_a_lapsed_member_is_told_why_on_the_membership_page(client, newcomer, record):
    MembershipRecord.objects.filter(pk=record.pk).update(user=newcomer, status="lapsed")
    page = client.get(URL).content.decode()
    assert "Your membership has lapsed" in page
    assert "verified as membership L1234567, but the party&#x27;s membership list shows your membership as lapsed" in page
