"""Sign-up, verification, sign-in, password reset and the profile, as a member meets them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from networks.models import Profile, Region
from tests.networks import factories

SIGNUP = "/accounts/signup/"


def signup_data(**overrides):
    data = {
        "email": "nadia@example.org",
        "display_name": "Nadia New",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    return {**data, **overrides}


@pytest.fixture
def region(db):
    return Region.objects.create(name="North West", slug="north-west", phone="01925 574913")


def test_signup_sends_a_verification_link_and_creates_the_profile(client, region):
    response = client.post(SIGNUP, signup_data(region=region.pk))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="nadia@example.org")
    assert Profile.objects.get(user=user).display_name == "Nadia New"
    assert Profile.objects.get(user=user).region == region
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_unverified_member_cannot_sign_in_until_they_confirm(client, db):
    client.post(SIGNUP, signup_data())
    client.logout()
    response = client.post("/accounts/login/", {"login": "nadia@example.org", "password": "a-long-and-unusual-passphrase"})
    assert response["Location"] == "/accounts/confirm-email/"
    key_url = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    response = client.post(key_url)
    assert response.status_code == 302
    client.logout()
    response = client.post("/accounts/login/", {"login": "nadia@example.org", "password": "a-long-and-unusual-passphrase"})
    assert response["Location"] == "/"


def test_duplicate_email_is_refused_and_entries_are_kept(client, db):
    factories.make_user("nadia@example.org")
    response = client.post(SIGNUP, signup_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "A user is already registered with this email address." in html
    assert 'value="Nadia New"' in html
    assert get_user_model().objects.filter(email="nadia@example.org").count() == 1


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "This password is too short."),
        ("password123", "This password is too common."),
        ("8473629150123", "This password is entirely numeric."),
    ],
)
def test_weak_password_is_refused_with_the_reason_and_entries_kept(client, db, password, message):
    response = client.post(SIGNUP, signup_data(password1=password, password2=password))
    html = response.content.decode()
    assert message in html
    assert 'value="nadia@example.org"' in html
    assert 'value="Nadia New"' in html
    assert not get_user_model().objects.filter(email="nadia@example.org").exists()


def test_missing_display_name_is_refused(client, db):
    response = client.post(SIGNUP, signup_data(display_name=""))
    assert "This field is required." in response.content.decode()
    assert not get_user_model().objects.exists()


def test_password_reset_emails_a_working_link(client, db):
    factories.make_user("aisha@example.org")
    response = client.post("/accounts/password/reset/", {"email": "aisha@example.org"})
    assert response.status_code == 302
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"})
    assert response.status_code == 302
    assert get_user_model().objects.get(email="aisha@example.org").check_password("another-long-passphrase")


def test_sign_out_is_a_post(client, member):
    client.force_login(member)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


class TestProfile:
    def test_profile_needs_sign_in(self, client, db):
        response = client.get("/accounts/profile/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_member_updates_display_name_and_region(self, member_client, member, region):
        response = member_client.post("/accounts/profile/", {"display_name": "Aisha M", "region": region.pk}, follow=True)
        assert "Your profile has been saved." in response.content.decode()
        member.profile.refresh_from_db()
        assert (member.profile.display_name, member.profile.region) == ("Aisha M", region)

    def test_the_party_unit_shown_is_the_recorded_unit_submissions_are_made_for(self, member_client, member, region):
        """No free-text "party unit" to type: the profile shows the units the party recorded, and which she speaks for."""
        unit = factories.make_unit("Warrington North CLP", region=region)
        factories.join_unit(member, unit, "Policy officer")
        factories.join_unit(member, factories.make_unit("Socialist Health Association", region=region), "Member")
        html = member_client.get("/accounts/profile/").content.decode()
        assert 'name="party_unit"' not in html and 'name="position"' not in html
        assert "Warrington North CLP (Policy officer, North West) <span class=\"tag\">Officer: submits" in html
        assert "Socialist Health Association (Member, North West) · " in html

    def test_bad_profile_keeps_what_was_typed(self, member_client, member):
        response = member_client.post("/accounts/profile/", {"display_name": "", "region": "99999"})
        html = response.content.decode()
        assert "This field is required." in html
        assert "Select a valid choice." in html
        member.profile.refresh_from_db()
        assert member.profile.display_name == "Aisha Member"

    def test_regions_are_offered(self, member_client, region):
        assert "North West" in member_client.get("/accounts/profile/").content.decode()
