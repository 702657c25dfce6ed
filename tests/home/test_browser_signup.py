import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_signup_verify_login_join_and_see_network_on_home(page, live, network):
    page.goto("/accounts/signup/")
    assert_accessible(page, "sign-up page")
    page.get_by_label("Email").fill("new.member@example.org")
    page.get_by_label("Display name").fill("Nadia New")
    page.get_by_label(re.compile(r"^Password\W*$")).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    verification = [m for m in mail.outbox if "new.member@example.org" in m.to][-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", verification.body).group(0)
    page.goto(link.replace("http://testserver", live.url))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("new.member@example.org")
    page.get_by_label(re.compile(r"^Password\W*$")).fill("a-long-and-unusual-passphrase")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()

    page.goto("/networks/health/")
    assert_accessible(page, "network page")
    page.get_by_role("button", name="Join Health Network").click()
    expect(page.get_by_text("You have joined Health Network.")).to_be_visible()

    page.goto("/")
    assert_accessible(page, "home page")
    mine = page.get_by_role("region", name="Your networks")
    expect(mine.get_by_role("link", name="Health Network")).to_be_visible()
