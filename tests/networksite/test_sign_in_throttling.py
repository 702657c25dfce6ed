"""Failed sign-ins are throttled per account and per address, separately, so that nobody can lock
out the site; and production does not reveal whether an address is registered.

These run in one process with the production limits. Across two app processes behind nginx
(a counter shared in Redis, the client address taken from the proxy's header) the same is
checked by the deployment smoke test (tests/deploy/test_production_local.py).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from networksite.settings import base
from tests.networks import factories

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PASSWORD = factories.PASSWORD


@pytest.fixture(autouse=True)
def production_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str, address: str):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def refused_as_throttled(response) -> bool:
    """allauth's two answers: the form's "too many failed attempts", or 429 past the per-address limit on all sign-ins."""
    return response.status_code == 429 or (
        response.status_code == 200 and "Too many failed login attempts" in response.content.decode()
    )


def test_an_account_is_protected_from_guessing_whatever_the_address(client):
    factories.make_user("aisha@example.org")
    for n in range(5):
        assert sign_in(client, "aisha@example.org", "wrong", f"198.51.100.{n}").status_code == 200
    assert refused_as_throttled(sign_in(client, "aisha@example.org", "wrong", "198.51.100.99"))


def test_guessing_one_account_from_one_address_does_not_lock_out_other_members(client):
    factories.make_user("aisha@example.org")
    ruth = factories.make_user("ruth@example.org")
    for _ in range(50):
        sign_in(client, "aisha@example.org", "wrong", "203.0.113.66")
    assert refused_as_throttled(sign_in(client, "ruth@example.org", PASSWORD, "203.0.113.66"))  # the guesser's own address
    response = sign_in(client, "ruth@example.org", PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(ruth.pk)


def test_guesses_spread_over_many_accounts_do_not_lock_out_another(client):
    for n in range(10):
        factories.make_user(f"member{n}@example.org")
        sign_in(client, f"member{n}@example.org", "wrong", "203.0.113.66")
    factories.make_user("eleventh@example.org")
    response = sign_in(client, "eleventh@example.org", PASSWORD, "198.51.100.8")
    assert response.status_code == 302


class TestEnumeration:
    """With ACCOUNT_PREVENT_ENUMERATION (production's default), the answers give nothing away."""

    @pytest.fixture(autouse=True)
    def prevent(self, settings):
        settings.ACCOUNT_PREVENT_ENUMERATION = True

    def test_password_reset_answers_alike_for_members_and_strangers(self, client):
        factories.make_user("aisha@example.org")
        member = client.post("/accounts/password/reset/", {"email": "aisha@example.org"})
        stranger = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
        assert (member.status_code, member["Location"]) == (stranger.status_code, stranger["Location"])
        reset_links = [m for m in mail.outbox if re.search(r"/accounts/password/reset/key/", m.body)]
        assert [m.to for m in reset_links] == [["aisha@example.org"]]

    def test_signing_up_with_a_registered_address_answers_as_a_new_sign_up_and_tells_its_owner(self, client):
        factories.make_user("aisha@example.org")
        data = {"display_name": "Someone", "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase"}
        taken = client.post("/accounts/signup/", {**data, "email": "aisha@example.org"})
        client.logout()
        new = client.post("/accounts/signup/", {**data, "email": "nadia@example.org"})
        assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (302, "/accounts/confirm-email/")
        assert any(m.to == ["aisha@example.org"] for m in mail.outbox)
