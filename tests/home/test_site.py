"""The site as a whole: home page, production settings, demo data, outbox (health: test_health.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from discussions.models import HeldPost
from networks.models import NetworkMembership, NetworkPage, PolicyCommission, Region
from tests.networks import factories

ROOT = Path(__file__).resolve().parent.parent.parent


class TestHomePage:
    def test_visitor_sees_networks_to_join_and_a_sign_in_prompt(self, client, network, private_network):
        html = client.get("/").content.decode()
        assert "Health Network" in html and "School Governors Network" in html
        assert "Sign in to join Health Network" in html
        assert "Your networks" not in html

    def test_member_sees_their_networks_apart_from_the_others(self, member_client, network, private_network):
        html = member_client.get("/").content.decode()
        mine, others = html.split('id="join-heading"')
        assert "Health Network" in mine and "Leave Health Network" in mine
        assert "Ask to join School Governors Network" in others

    def test_member_of_nothing_gets_an_honest_empty_state(self, client, network):
        client.force_login(factories.make_user())
        assert "You have not joined a network yet." in client.get("/").content.decode()

    def test_home_page_queries_do_not_grow_with_networks(self, client, django_assert_max_num_queries, member):
        client.force_login(member)
        client.get("/")  # warm caches (site root, content types)
        with CaptureQueriesContext(connection) as few:
            client.get("/")
        for n in range(12):
            factories.make_network(f"Network {n}", slug=f"network-{n}")
        # The panels each app registers (networks, forums, submissions, chats…) cost a fixed number each.
        with django_assert_max_num_queries(26):
            response = client.get("/")
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as many:
            client.get("/")
        assert len(many) == len(few)


def test_production_settings_pass_check_deploy():
    # Browser fixtures allow async-unsafe ORM calls in this process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "networksite.settings.production",
        "SECRET_KEY": "a" * 20 + "production-secret-for-the-check-" + "z" * 20,
        "ALLOWED_HOSTS": "networks.example.org",
        "SITE_URL": "https://networks.example.org",
        "DATABASE_URL": "postgres://networks:networks@127.0.0.1:5432/networks",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "networksite.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment." in result.stderr


class TestDemoData:
    def test_load_demo_builds_the_briefing_and_is_idempotent(self, db):
        call_command("load_demo", stdout=open(os.devnull, "w"))
        # Networks counted in the site's own language: the demo's Welsh Health pages are the same network.
        networks = NetworkPage.objects.filter(locale=Locale.get_default())
        counts = (networks.count(), PolicyCommission.objects.count(), Region.objects.count(), NetworkMembership.objects.count())
        call_command("load_demo", stdout=open(os.devnull, "w"))
        assert counts == (
            networks.count(), PolicyCommission.objects.count(), Region.objects.count(), NetworkMembership.objects.count()
        )
        assert NetworkPage.objects.count() == counts[0] + 1  # and one Welsh version, made once
        assert counts[:3] == (4, 6, 11)
        assert set(NetworkPage.objects.values_list("slug", flat=True)) >= {
            "school-governors-and-education", "health", "safer-communities", "sports"
        }
        assert Region.objects.get(name="Wales").phone == "029 2087 7700"
        assert PolicyCommission.objects.get(code="HEA").name == "Health"
        # Newcomers' first posts are held in one demo network only, and its queue shows one waiting.
        assert list(NetworkPage.objects.filter(hold_first_posts=True).values_list("slug", flat=True)) == ["safer-communities"]
        assert list(HeldPost.objects.values_list("network__slug", "author__email")) == [
            ("safer-communities", "kerry.walsh@example.org")
        ]

    def test_every_demo_user_can_sign_in(self, client, db):
        from allauth.mfa.models import Authenticator

        from networks.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, USERS
        from tests.networks.factories import totp_code

        call_command("load_demo", stdout=open(os.devnull, "w"))
        for email, *_ in USERS:
            response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
            if Authenticator.objects.filter(user__email=email).exists():
                # Staff hold personal data: the documented demo authenticator's code comes next.
                assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/", email
                response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
            assert response.status_code == 302 and response["Location"] == "/", email
            client.post("/accounts/logout/")
        assert set(Authenticator.objects.values_list("user__email", flat=True)) == {
            "staff@example.org",
            "northwest.office@example.org",
        }

    def test_demo_network_pages_render(self, client, db):
        call_command("load_demo", stdout=open(os.devnull, "w"))
        for slug in ["health", "safer-communities", "sports", "school-governors-and-education"]:
            assert client.get(f"/networks/{slug}/").status_code == 200


class TestOutbox:
    def test_outbox_shows_emails_sent_in_demo_mode(self, client, db):
        mail.send_mail("Confirm your address", "Open http://testserver/accounts/confirm-email/abc/", None, ["a@example.org"])
        html = client.get("/outbox/").content.decode()
        assert "Confirm your address" in html and "a@example.org" in html

    def test_outbox_is_off_in_production(self, client, db, settings):
        settings.SHOW_OUTBOX = False
        assert client.get("/outbox/").status_code == 404
