"""Two-factor authentication: required before personal data opens for staff and regional offices, optional
for others; both admins sign in through allauth's one login, with its throttling and its code step."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache

from tests.networks import factories
from tests.networks.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db
SETUP = "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("url", ["/admin/", "/coordinators/coverage/", "/django-admin/", "/networks/"])
def test_staff_without_an_authenticator_set_one_up_before_any_page_opens(client, url):
    staff = factories.make_user(staff=True, two_factor=False)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    # allauth asks for the password again before an authenticator is added; the reason is on the page.
    page = client.get(response["Location"], follow=True).content.decode()
    assert "needs two-factor authentication" in page


def test_a_regional_office_must_set_up_two_factor_before_its_coverage_opens(client):
    office = factories.make_user(two_factor=False)
    factories.make_region("North West").staff.add(office)
    client.force_login(office)
    assert client.get("/coordinators/coverage/")["Location"].startswith(SETUP)
    factories.enrol_two_factor(office)
    assert client.get("/coordinators/coverage/").status_code == 200


def test_two_factor_is_optional_for_members(client, member):
    client.force_login(member)
    assert client.get("/networks/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200  # they may set it up


def test_staff_sign_in_with_a_code_and_a_wrong_or_expired_code_is_refused(client):
    staff = factories.make_user("sam@example.org", staff=True)
    response = client.post("/accounts/login/?next=/admin/", {"login": "sam@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    for wrong in ("000000", totp_code(periods_ago=3)):
        page = client.post("/accounts/2fa/authenticate/", {"code": wrong})
        assert page.status_code == 200 and "Incorrect code." in page.content.decode()
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_the_wagtail_admin_login_is_allauths(client):
    factories.make_user("sam@example.org", staff=True)
    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302 and followed["Location"].startswith("/accounts/login/?next=/admin/")
    # Posting a password to the old admin login does not sign in around the code step.
    client.post("/admin/login/", {"username": "user1", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    django_admin = client.get("/django-admin/", follow=True)
    assert django_admin.redirect_chain[-1][0].startswith("/accounts/login/?next=")


def test_admin_sign_in_shares_allauths_throttle(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    factories.make_user("sam@example.org", staff=True)
    for _ in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": "sam@example.org", "password": "wrong-password-1"})
    page = client.post("/accounts/login/?next=/admin/", {"login": "sam@example.org", "password": PASSWORD})
    assert page.status_code in (200, 429) and "_auth_user_id" not in client.session
    cache.clear()


def _sign_in(client, email, *, code=False):
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    if code:
        client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert "_auth_user_id" in client.session
    # allauth asks for the password again before an authenticator is changed.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})


def test_staff_cannot_switch_off_the_authenticator_their_role_needs(client):
    staff = factories.make_user("sam@example.org", staff=True)
    _sign_in(client, "sam@example.org", code=True)
    page = client.post("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200  # the form again, with allauth's refusal
    assert "errorlist" in page.content.decode() or "cannot" in page.content.decode().lower()
    assert Authenticator.objects.filter(user=staff, type="totp").exists()


def test_a_member_may_switch_off_their_own(client):
    member = factories.make_user("aisha@example.org")
    _sign_in(client, "aisha@example.org")
    factories.enrol_two_factor(member)
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=member, type="totp").exists()
