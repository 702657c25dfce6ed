"""Members-only content stays hidden from non-members everywhere; public content is open."""

import pytest
from wagtail.rich_text import RichText

from networks.models import NetworkArticlePage
from tests.networks import factories


@pytest.fixture
def governors(db):
    network = factories.make_network("School Governors Network", slug="school-governors", members_only=True)
    network.body = [("rich_text", RichText("<p>Confidential notes on our governing bodies.</p>"))]
    network.save_revision().publish()
    article = NetworkArticlePage(
        title="Exclusions policy notes", slug="exclusions", summary="Private", body=[("rich_text", RichText("<p>Private article text.</p>"))]
    )
    network.add_child(instance=article)
    return network


def test_non_member_sees_summary_but_not_body_or_articles(client, governors):
    client.force_login(factories.make_user())
    html = client.get("/networks/school-governors/").content.decode()
    assert governors.summary in html
    assert "Confidential notes" not in html
    assert "Exclusions policy notes" not in html
    assert "Ask to join School Governors Network" in html


def test_anonymous_cannot_read_a_members_only_article(client, governors):
    response = client.get("/networks/school-governors/exclusions/")
    assert response.status_code == 403
    assert "Private article text." not in response.content.decode()
    assert "Exclusions policy notes" not in response.content.decode(), "even the title is for members"
    assert "open to its members only" in response.content.decode()


def test_pending_member_still_cannot_read(client, governors):
    user = factories.make_user()
    factories.make_membership(user, governors, pending=True)
    client.force_login(user)
    assert client.get("/networks/school-governors/exclusions/").status_code == 403
    assert "Withdraw request to join" in client.get("/networks/school-governors/").content.decode()


@pytest.mark.parametrize("who", ["member", "commission", "staff"])
def test_members_commission_members_and_staff_read_everything(client, governors, who):
    if who == "member":
        user = factories.make_user()
        factories.make_membership(user, governors)
    elif who == "commission":
        user = factories.make_commission_member()
    else:
        user = factories.make_user(staff=True)
    client.force_login(user)
    assert "Confidential notes" in client.get("/networks/school-governors/").content.decode()
    assert "Private article text." in client.get("/networks/school-governors/exclusions/").content.decode()


def test_public_network_is_readable_by_anyone(client, network):
    network.body = [("rich_text", RichText("<p>Open discussion of the NHS.</p>"))]
    network.save_revision().publish()
    assert "Open discussion of the NHS." in client.get("/networks/health/").content.decode()


def test_reserved_slugs_cannot_be_used_for_network_articles(network):
    from django.core.exceptions import ValidationError

    article = NetworkArticlePage(title="Members", slug="members")
    with pytest.raises(ValidationError) as error:
        network.add_child(instance=article)
    assert "used by the network's own pages" in str(error.value)
