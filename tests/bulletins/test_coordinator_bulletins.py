"""PiP coordinators as a bulletin audience, per region and national: "regular email updates" reach them."""

from __future__ import annotations

import pytest
from django.core import mail

from bulletins import actions as bulletin_actions
from bulletins.models import BulletinSubscription, CoordinatorBulletinsPage
from bulletins.selectors import bulletin_choices, recipient_count
from networks.permissions import can
from tests.bulletins.factories import make_bulletin
from tests.home.factories import site_tree
from tests.networks import factories
from tests.networks.factories import make_constituency, make_region

pytestmark = pytest.mark.django_db


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.fixture
def lists(db):
    """The national coordinators' page and the North West's beneath it."""
    home, _ = site_tree()
    national = CoordinatorBulletinsPage(title="PiP coordinators: updates", slug="coordinators-updates")
    home.add_child(instance=national)
    north_west = CoordinatorBulletinsPage(title="PiP coordinators: North West", slug="north-west", region=make_region("North West"))
    national.add_child(instance=north_west)
    return {"national": national, "north_west": north_west}


@pytest.fixture
def coordinators(lists):
    """A coordinator in the North West, one in Wales, and one who signed up without an account."""
    jo = factories.make_user("jo@example.org", name="Jo Halliwell")
    factories.make_coordinator(jo, make_constituency("Warrington North", region=make_region("North West")))
    bethan = factories.make_user("bethan@example.org", name="Bethan Morgan")
    factories.make_coordinator(bethan, make_constituency("Cardiff West", region=make_region("Wales")))
    return {"jo": jo, "bethan": bethan}


@pytest.fixture
def staff(db):
    return factories.make_user("staff@example.org", staff=True)


def test_a_regional_update_reaches_that_regions_coordinators_and_a_national_one_all(lists, coordinators, staff, send_now):
    send_now(bulletin_actions.send_bulletin, staff, make_bulletin(lists["north_west"], subject="North West briefing notes", user=staff))
    assert recipients() == {"jo@example.org"}
    assert "you are a PiP coordinator in North West" in mail.outbox[0].body
    mail.outbox.clear()
    send_now(bulletin_actions.send_bulletin, staff, make_bulletin(lists["national"], subject="The new rolling programme", user=staff))
    assert recipients() == {"jo@example.org", "bethan@example.org"}


def test_coordinators_choose_in_their_preferences_and_unsubscribe_in_one_click(client, lists, coordinators, staff, send_now):
    assert {choice.title for choice in bulletin_choices(coordinators["jo"])} == {
        "PiP coordinators: updates", "PiP coordinators: North West"
    }
    assert {choice.title for choice in bulletin_choices(coordinators["bethan"])} == {"PiP coordinators: updates"}
    send_now(bulletin_actions.send_bulletin, staff, make_bulletin(lists["national"], user=staff))
    to_jo = next(m for m in mail.outbox if m.to == ["jo@example.org"])
    link = to_jo.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    assert "bulletins from PiP coordinators: updates" in client.post(link).content.decode()
    assert BulletinSubscription.objects.get(user=coordinators["jo"]).coordinators_id == lists["national"].pk
    assert recipient_count(lists["national"]) == 1


def test_updates_are_read_by_coordinators_regional_offices_and_staff_only(client, lists, coordinators, staff, send_now):
    bulletin = make_bulletin(lists["north_west"], subject="North West briefing notes", user=staff)
    send_now(bulletin_actions.send_bulletin, staff, bulletin)
    office = factories.make_user("office@example.org")
    lists["north_west"].region.staff.add(office)
    member = factories.make_user("member@example.org")
    for user, allowed in ((coordinators["jo"], True), (office, True), (staff, True), (coordinators["bethan"], False), (member, False)):
        assert can(user, "read_coordinator_bulletins", lists["north_west"]) is allowed, user
    client.force_login(coordinators["jo"])
    assert "North West briefing notes" in client.get(lists["north_west"].url).content.decode()
    assert client.get(bulletin.url).status_code == 200
    client.force_login(member)
    assert client.get(lists["north_west"].url).status_code == 403
    assert client.get(bulletin.url).status_code == 403


def test_only_staff_write_and_send_to_coordinators(lists, coordinators):
    office = factories.make_user()
    lists["north_west"].region.staff.add(office)
    for user in (coordinators["jo"], office):
        assert not can(user, "write_bulletin", lists["north_west"])
        assert not can(user, "send_bulletin", lists["north_west"])


def test_only_one_national_list(lists):
    from django.core.exceptions import ValidationError

    second = CoordinatorBulletinsPage(title="Another national list", slug="another")
    with pytest.raises(ValidationError, match="already a national page"):
        second.clean()
