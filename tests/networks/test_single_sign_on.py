"""Single sign-on through the party's OpenID Connect provider, tested against a real provider process.

The provider is django-oauth-toolkit's OpenID Connect server (tests/oidc_provider/), started
for the test in its own process with its own database and signing key: the member signs in
there over HTTP, it redirects back with a code, and allauth exchanges the code, checks the
RS256-signed ID token and reads /userinfo, exactly as with the party's real provider.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from networks.models import MembershipRecord, Profile
from networksite.settings.base import oidc_providers
from tests.networks import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "policy-networks"
SECRET = "test-client-secret-0123456789"
CALLBACK = "http://testserver/accounts/oidc/party/login/callback/"
MEMBERS = "aisha:party-pass-1:aisha@example.org:L1234567;tom:party-pass-2:tom@example.org:L9999999"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "OIDC_PROVIDER_MEMBERS": MEMBERS,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
    }
    log = open(tmp_path / "provider.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), CLIENT_ID, SECRET, CALLBACK],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 300  # a loaded CI machine starts Django slowly
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the test OpenID Connect provider did not start: " + (tmp_path / "provider.log").read_text())
        time.sleep(0.3)
    yield issuer
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def configured(settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(provider, CLIENT_ID, SECRET, "Labour sign-in")
    return provider


def _sign_in_at_the_provider(client, issuer: str, username: str, password: str):
    """Press the button here, sign in there, and come back with the code: the browser's part."""
    start = client.post("/accounts/oidc/party/login/", {"next": "/accounts/profile/"})
    assert start.status_code == 302 and start["Location"].startswith(f"{issuer}/authorize/")
    browser = requests.Session()
    to_login = browser.get(start["Location"], allow_redirects=False)
    login_url = urljoin(start["Location"], to_login.headers["Location"])
    browser.get(login_url)
    signed_in = browser.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
    )
    back = browser.get(urljoin(login_url, signed_in.headers["Location"]), allow_redirects=False)
    assert back.headers["Location"].startswith(CALLBACK), back.headers.get("Location")
    return client.get(back.headers["Location"].removeprefix("http://testserver"), follow=True)


def test_a_member_signs_in_through_the_party_and_is_verified_on_the_way_in(client, configured):
    unit = factories.make_unit("Warrington North CLP")
    record = factories.make_membership_record(membership_number="L1234567", last_name="Khan", clp=unit)
    assert "Labour sign-in" in client.get("/accounts/login/").content.decode()

    page = _sign_in_at_the_provider(client, configured, "aisha", "party-pass-1")
    assert "Your party sign-in verified your membership (L1234567)." in page.content.decode()
    aisha = get_user_model().objects.get(email="aisha@example.org")
    assert int(client.session["_auth_user_id"]) == aisha.pk
    record.refresh_from_db()
    assert record.user == aisha
    assert aisha.unit_memberships.get().unit == unit
    assert Profile.objects.get(user=aisha).display_name == "aisha"


def test_a_number_not_on_the_list_signs_in_without_verifying_and_says_why(client, configured):
    page = _sign_in_at_the_provider(client, configured, "tom", "party-pass-2")
    tom = get_user_model().objects.get(email="tom@example.org")
    assert int(client.session["_auth_user_id"]) == tom.pk
    assert "membership number L9999999, which is not on the membership list here yet" in page.content.decode()
    assert not MembershipRecord.objects.filter(user=tom).exists()


def test_an_existing_account_with_the_same_address_is_signed_in_not_duplicated(client, configured):
    existing = factories.make_user("aisha@example.org", verified=False)
    factories.make_membership_record(membership_number="L1234567", last_name="Khan")
    _sign_in_at_the_provider(client, configured, "aisha", "party-pass-1")
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert get_user_model().objects.filter(email="aisha@example.org").count() == 1
    assert MembershipRecord.objects.get(membership_number="L1234567").user == existing


def test_single_sign_on_is_off_when_not_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Party sign-in" not in client.get("/accounts/login/").content.decode()
    assert client.post("/accounts/oidc/party/login/").status_code == 404
