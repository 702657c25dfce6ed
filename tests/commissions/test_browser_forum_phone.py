"""Forum pages fit a 320 px phone, including those the demo crawl (tests/networksite/test_browser_phone.py)
cannot reach: the edit and cancel forms, the register with its attendance and message forms, the report
form of a forum that met, a forum that was cancelled, and the community's confirm, cancel and stop pages
(reached from an email, never from a link on the site)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from commissions import guests
from commissions.actions import forums as actions
from commissions.models import Forum, WorkProgrammeIssue
from tests.browser import assert_accessible
from tests.commissions.factories import commission_page
from tests.commissions.forum_factories import make_forum, move_to_past
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}

WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 4)
  .map((el) => `${el.tagName.toLowerCase()}.${(el.className || "").toString().trim().replace(/\\s+/g, ".")}`)"""


def _fits(page, path: str) -> list[str]:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return []
    return [f"{path}: {width}px wide; sticking out: {', '.join(page.evaluate(WIDER_THAN_THE_SCREEN))}"]


def test_every_forum_page_fits_a_320_px_phone(new_page, live):
    health = factories.make_commission("Health", "HEA")
    commission_page(health)
    issue = WorkProgrammeIssue.objects.create(
        commission=health, year=timezone.localdate().year, title="Care closer to home", brief="Which services should move?"
    )
    region = make_region("North West")
    clp = make_unit("Warrington North Constituency Labour Party", region=region)
    organiser = factories.make_user("sally@example.org", name="Sally Secretary", region=region)
    join_unit(organiser, clp, "Secretary")
    member = factories.make_user("aisha@example.org", name="Aisha Member", region=region)
    upcoming = make_forum(organiser, clp, issue, openness=Forum.Openness.COMMUNITY, capacity=1)
    actions.register(member, upcoming)
    guest = actions.register_guest(upcoming, name="Pat Resident", email="pat@example.org", follows_outcome=True)
    met = make_forum(organiser, clp, issue, title="What Warrington said about care closer to home: our autumn forum")
    place = actions.register(member, met)
    move_to_past(met)
    actions.record_attendance(organiser, met, {place.pk}, walk_ins=4)
    called_off = make_forum(organiser, clp, issue, title="A forum the snow called off")
    actions.cancel_forum(organiser, called_off, "The venue is closed by snow; we will set a new date.")

    problems: list[str] = []
    page = new_page(organiser, viewport=PHONE)
    for path in (
        upcoming.get_absolute_url(),
        f"/forums/{upcoming.pk}/edit/",
        f"/forums/{upcoming.pk}/register-list/",
        met.get_absolute_url(),
        f"/forums/{met.pk}/register-list/",
        f"/forums/{met.pk}/report/",
        called_off.get_absolute_url(),
    ):
        problems += _fits(page, path)
    assert_accessible(page, "a cancelled forum")

    visitor = new_page(viewport=PHONE)
    for purpose in (guests.CONFIRM, guests.CANCEL, guests.STOP):
        problems += _fits(visitor, reverse(guests.URL_NAMES[purpose], kwargs={"token": guests.token_for(guest, purpose)}))
    assert_accessible(visitor, "a community participant's link page")

    waiting = new_page(factories.make_user(name="Wendy Waiting", region=region), viewport=PHONE)
    problems += _fits(waiting, upcoming.get_absolute_url())
    assert not problems, "forum pages that do not fit a 320 px phone:\n" + "\n".join(problems)
