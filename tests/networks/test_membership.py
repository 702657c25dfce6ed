"""Joining, leaving and approving: what members and moderators see happen."""

import pytest
from django.core import mail

from networks.models import NetworkMembership
from tests.networks import factories


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def visitor(db):
    return factories.make_user(name="Victor Visitor")


def test_joining_a_public_network_is_one_post_and_shows_a_confirmation(client, visitor, network):
    client.force_login(visitor)
    response = client.post(f"/networks/{network.slug}/join/", follow=True)
    assert "You have joined Health Network." in messages_of(response)
    membership = NetworkMembership.objects.get(user=visitor, network=network)
    assert membership.status == NetworkMembership.Status.ACTIVE
    assert membership.role == NetworkMembership.Role.MEMBER
    assert b"Leave Health Network" in response.content


def test_joining_twice_says_so_and_keeps_one_membership(client, member, network):
    client.force_login(member)
    response = client.post(f"/networks/{network.slug}/join/", follow=True)
    assert "You are already a member of Health Network." in messages_of(response)
    assert NetworkMembership.objects.filter(user=member, network=network).count() == 1


def test_leaving_a_network_you_are_not_in_is_refused_clearly(client, visitor, network):
    client.force_login(visitor)
    response = client.post(f"/networks/{network.slug}/leave/", follow=True)
    assert response.status_code == 200
    assert "You are not a member of Health Network." in messages_of(response)


def test_leaving_removes_the_membership(client, member, network):
    client.force_login(member)
    response = client.post(f"/networks/{network.slug}/leave/", follow=True)
    assert "You have left Health Network." in messages_of(response)
    assert not NetworkMembership.objects.filter(user=member, network=network).exists()


def test_join_is_post_only(client, visitor, network):
    client.force_login(visitor)
    assert client.get(f"/networks/{network.slug}/join/").status_code == 405
    assert not NetworkMembership.objects.filter(user=visitor).exists()


def test_anonymous_join_asks_to_sign_in(client, network):
    response = client.post(f"/networks/{network.slug}/join/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not NetworkMembership.objects.exists()


def test_unknown_network_is_a_friendly_404(client, visitor):
    client.force_login(visitor)
    response = client.post("/networks/no-such-network/join/")
    assert response.status_code == 404
    assert "There is no network called “no-such-network”." in response.content.decode()


def test_join_without_csrf_token_is_refused_with_an_explanation(visitor, network):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(visitor)
    response = client.post(f"/networks/{network.slug}/join/")
    assert response.status_code == 403
    assert "That form could not be accepted" in response.content.decode()
    assert not NetworkMembership.objects.filter(user=visitor).exists()


def test_next_must_stay_on_this_site(client, visitor, network):
    client.force_login(visitor)
    response = client.post(f"/networks/{network.slug}/join/", {"next": "https://evil.example.com/"})
    assert response["Location"] == network.url


class TestMembersOnlyNetwork:
    def test_asking_to_join_creates_a_pending_request_and_emails_moderators(
        self, client, visitor, private_network, django_capture_on_commit_callbacks
    ):
        moderator = factories.make_user("mod@example.org")
        factories.make_membership(moderator, private_network, "moderator")
        client.force_login(visitor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/networks/{private_network.slug}/join/", follow=True)
        assert any("has been sent" in m for m in messages_of(response))
        membership = NetworkMembership.objects.get(user=visitor, network=private_network)
        assert membership.status == NetworkMembership.Status.PENDING
        assert [m.to for m in mail.outbox] == [["mod@example.org"]]
        assert f"/networks/{private_network.slug}/members/" in mail.outbox[0].body

    def test_a_request_to_join_and_its_answer_are_on_the_site_too(self, client, visitor, private_network):
        """Not email only: the moderators see the request in their notifications, the member the answer in theirs."""
        from discussions.models import Notification

        moderator = factories.make_user("mod@example.org")
        factories.make_membership(moderator, private_network, "moderator")
        client.force_login(visitor)
        client.post(f"/networks/{private_network.slug}/join/")
        request = Notification.objects.get(recipient=moderator, kind="join_request")
        assert request.title == f"Victor Visitor asked to join {private_network.title}"
        assert request.url == f"/networks/{private_network.slug}/members/"

        client.force_login(moderator)
        page = client.get("/notifications/").content.decode()
        assert f"Victor Visitor asked to join {private_network.title}" in page
        membership = NetworkMembership.objects.get(user=visitor, network=private_network)
        client.post(f"/networks/{private_network.slug}/members/", {"membership": membership.pk, "action": "approve"})

        answer = Notification.objects.get(recipient=visitor, kind="join_approved")
        assert answer.title == f"Your request to join {private_network.title} has been approved: welcome!"
        assert answer.url == private_network.url
        assert not answer.digest_pending  # the email of its own is the welcome, not a second one

    def test_a_declined_request_is_on_the_site_with_the_reason(self, client, visitor, private_network):
        from discussions.models import Notification

        editor = factories.make_user()
        factories.make_membership(editor, private_network, "editor")
        request = factories.make_membership(visitor, private_network, pending=True)
        client.force_login(editor)
        client.post(
            f"/networks/{private_network.slug}/members/",
            {"membership": request.pk, "action": "decline", "reason": "This network is for school governors."},
        )
        answer = Notification.objects.get(recipient=visitor, kind="join_declined")
        assert answer.text == "This network is for school governors."

    def test_asking_twice_says_the_request_is_waiting(self, client, visitor, private_network):
        factories.make_membership(visitor, private_network, pending=True)
        client.force_login(visitor)
        response = client.post(f"/networks/{private_network.slug}/join/", follow=True)
        assert f"Your request to join {private_network.title} is already waiting for approval." in messages_of(response)

    def test_moderator_approves_and_requester_is_emailed(
        self, client, visitor, private_network, django_capture_on_commit_callbacks
    ):
        moderator = factories.make_user()
        factories.make_membership(moderator, private_network, "moderator")
        request = factories.make_membership(visitor, private_network, pending=True)
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/networks/{private_network.slug}/members/",
                {"membership": request.pk, "action": "approve"},
                follow=True,
            )
        assert any("is now a member" in m for m in messages_of(response))
        request.refresh_from_db()
        assert request.status == NetworkMembership.Status.ACTIVE
        assert request.decided_by == moderator
        assert mail.outbox[-1].to == [visitor.email]
        assert "has been approved" in mail.outbox[-1].body

    def test_editor_declines_with_a_reason_and_requester_is_emailed(
        self, client, visitor, private_network, django_capture_on_commit_callbacks
    ):
        editor = factories.make_user()
        factories.make_membership(editor, private_network, "editor")
        request = factories.make_membership(visitor, private_network, pending=True)
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/networks/{private_network.slug}/members/",
                {"membership": request.pk, "action": "decline", "reason": "This network is for school governors."},
            )
        assert not NetworkMembership.objects.filter(pk=request.pk).exists()
        assert mail.outbox[-1].to == [visitor.email]
        assert "was not approved" in mail.outbox[-1].body
        assert "This network is for school governors." in mail.outbox[-1].body

    def test_plain_member_cannot_open_the_members_page(self, client, private_network):
        user = factories.make_user()
        factories.make_membership(user, private_network)
        client.force_login(user)
        assert client.get(f"/networks/{private_network.slug}/members/").status_code == 403

    def test_moderator_cannot_change_roles(self, client, private_network):
        moderator = factories.make_user()
        factories.make_membership(moderator, private_network, "moderator")
        target = factories.make_membership(factories.make_user(), private_network)
        client.force_login(moderator)
        response = client.post(
            f"/networks/{private_network.slug}/members/",
            {"membership": target.pk, "action": "set_role", "role": "moderator"},
            follow=True,
        )
        assert "Only this network's editors and staff can change roles." in messages_of(response)
        target.refresh_from_db()
        assert target.role == "member"

    def test_garbled_decision_gets_a_message_not_a_500(self, client, private_network):
        editor = factories.make_user()
        factories.make_membership(editor, private_network, "editor")
        client.force_login(editor)
        response = client.post(
            f"/networks/{private_network.slug}/members/", {"membership": "abc", "action": "explode"}
        )
        assert response.status_code == 200
        assert "That request could not be understood" in response.content.decode()

    def test_decision_on_a_member_of_another_network_is_refused(self, client, private_network, network):
        editor = factories.make_user()
        factories.make_membership(editor, private_network, "editor")
        elsewhere = factories.make_membership(factories.make_user(), network)
        client.force_login(editor)
        response = client.post(
            f"/networks/{private_network.slug}/members/",
            {"membership": elsewhere.pk, "action": "remove"},
            follow=True,
        )
        assert "That member is no longer in this network." in messages_of(response)
        assert NetworkMembership.objects.filter(pk=elsewhere.pk).exists()
