"""A member's right to their data: download it all as JSON, or delete the account and leave posts as "former member"."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from discussions.models import Post
from networks.models import Profile, UnitMembership

pytestmark = pytest.mark.django_db


def test_the_profile_page_offers_the_download_and_deletion(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("networks:profile")).content.decode()
    assert reverse("networks:my_data") in page and reverse("networks:delete_account") in page


def test_a_member_downloads_everything_as_json(client, submission, secretary):
    client.force_login(secretary)
    response = client.get(reverse("networks:my_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == secretary.email
    assert data["profile"]["display_name"] == "Sally Secretary"
    assert data["party_units"] == [
        {"unit": "Warrington North CLP", "kind": "Constituency Labour Party", "position": "Secretary", "officer": True}
    ]
    assert data["submissions"][0]["reference"] == submission.reference
    assert data["submissions"][0]["timeline"][0]["status"] == "Received"
    assert any(post["text"] == submission.text for post in data["posts"])


def test_deleting_needs_the_word_delete(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("networks:delete_account"), {"confirm": "yes please"})
    assert "Type the word DELETE to confirm" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.is_active


def test_deleting_an_account_keeps_posts_as_former_member_and_removes_personal_data(client, submission, secretary, chair):
    client.force_login(secretary)
    response = client.post(reverse("networks:delete_account"), {"confirm": "DELETE"}, follow=True)
    assert "Your account has been deleted" in response.content.decode()
    user = get_user_model().objects.get(pk=secretary.pk)
    assert not user.is_active and user.email == "" and not user.has_usable_password()
    assert Profile.objects.get(user=user).display_name == "Former member"
    assert not UnitMembership.objects.filter(user=user).exists()
    assert Post.objects.filter(author=user).exists()
    client.force_login(chair)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Former member" in page and "Sally Secretary" not in page
    assert client.get(reverse("networks:profile")).status_code == 200


def test_the_old_login_no_longer_works(client, secretary):
    client.force_login(secretary)
    client.post(reverse("networks:delete_account"), {"confirm": "delete"})
    assert not client.login(username=secretary.username, password="correct-horse-battery-staple")
    assert client.get(reverse("networks:my_data")).status_code == 302


def test_the_profile_lists_the_members_units_with_positions(client, secretary, clp):
    client.force_login(secretary)
    page = client.get(reverse("networks:profile")).content.decode()
    assert "Warrington North CLP (Secretary, North West)" in page
    assert reverse("commissions:unit_submissions", kwargs={"slug": clp.slug}) in page


def test_a_member_without_a_unit_is_told_how_to_be_added(client, db):
    from tests.networks import factories

    client.force_login(factories.make_user())
    assert "You are not recorded in a party unit yet" in client.get(reverse("networks:profile")).content.decode()


def test_deleting_an_account_leaves_no_address_in_bulletin_deliveries_and_drops_choices_and_follows(
    network, submission, secretary, django_capture_on_commit_callbacks
):
    from bulletins import actions as bulletin_actions
    from bulletins.models import BulletinDelivery, BulletinSubscription
    from discussions.models import NetworkFollow, ThreadFollow
    from networks.member_data import erase_member
    from tests.bulletins.factories import make_bulletin
    from tests.networks import factories

    editor = factories.make_user(name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    factories.make_membership(secretary, network)
    NetworkFollow.objects.create(user=secretary, network=network)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_actions.send_bulletin(editor, make_bulletin(network, user=editor))
    bulletin_actions.set_bulletin_choice(secretary, network, False)
    assert BulletinDelivery.objects.filter(user=secretary, email=secretary.email).exists()

    erase_member(secretary)

    delivery = BulletinDelivery.objects.get(user=secretary)
    assert delivery.email == ""
    assert not BulletinSubscription.objects.filter(user=secretary).exists()
    assert not ThreadFollow.objects.filter(user=secretary).exists()
    assert not NetworkFollow.objects.filter(user=secretary).exists()


def test_the_download_includes_bulletin_choices_deliveries_and_assignments(
    client, network, submission, secretary, chair, django_capture_on_commit_callbacks
):
    from bulletins import actions as bulletin_actions
    from commissions import actions
    from tests.bulletins.factories import make_bulletin
    from tests.networks import factories

    editor = factories.make_user(name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    factories.make_membership(secretary, network)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_actions.send_bulletin(editor, make_bulletin(network, user=editor))
    bulletin_actions.set_bulletin_choice(secretary, network, False)
    actions.assign_submission(chair, submission, chair)
    client.force_login(secretary)
    data = json.loads(client.get(reverse("networks:my_data")).content)
    assert [(c["from"], c["receive"]) for c in data["bulletin_choices"]] == [(network.title, False)]
    assert data["bulletins_received"] == [{"bulletin": "Health Network: June update", "email": secretary.email, "status": "sent"}]
    assert [entry["status"] for entry in data["submissions"][0]["timeline"]] == ["Received", "Assigned"]
