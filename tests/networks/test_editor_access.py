"""Editors get Wagtail page permissions over their own network only, granted and revoked with the role."""

import pytest

from networks import actions
from tests.networks import factories


@pytest.fixture
def sports(db):
    return factories.make_network("Sports Network", slug="sports")


def can_edit(user, page) -> bool:
    return page.permissions_for_user(user).can_edit()


def test_editor_role_grants_edit_rights_on_own_network_not_others(network, sports):
    staff = factories.make_user(staff=True)
    user = factories.make_user()
    membership = factories.make_membership(user, network)
    assert not can_edit(user, network)

    actions.set_member_role(staff, membership, "editor")
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert can_edit(user, network)
    assert not can_edit(user, sports)
    assert user.has_perm("wagtailadmin.access_admin")


def test_editor_can_edit_child_pages_of_their_network(network):
    from networks.models import NetworkArticlePage

    article = NetworkArticlePage(title="Guide", slug="guide")
    network.add_child(instance=article)
    user = factories.make_user()
    factories.make_membership(user, network, "editor")
    assert can_edit(user, article)
    assert network.permissions_for_user(user).can_add_subpage()


def test_taking_the_role_away_revokes_edit_rights(network):
    staff = factories.make_user(staff=True)
    user = factories.make_user()
    membership = factories.make_membership(user, network, "editor")
    actions.set_member_role(staff, membership, "member")
    user = type(user).objects.get(pk=user.pk)
    assert not can_edit(user, network)
    assert not user.has_perm("wagtailadmin.access_admin")


def test_leaving_the_network_revokes_edit_rights(network):
    user = factories.make_user()
    factories.make_membership(user, network, "editor")
    actions.leave_network(user, network)
    user = type(user).objects.get(pk=user.pk)
    assert not can_edit(user, network)


def test_only_staff_can_make_an_editor(network):
    editor = factories.make_user()
    factories.make_membership(editor, network, "editor")
    membership = factories.make_membership(factories.make_user(), network)
    with pytest.raises(actions.ActionRefused, match="Only staff can make or unmake editors."):
        actions.set_member_role(editor, membership, "editor")


def test_editor_can_make_a_moderator_from_the_members_page(client, network):
    editor = factories.make_user()
    factories.make_membership(editor, network, "editor")
    target = factories.make_membership(factories.make_user(name="Mo Rider"), network)
    client.force_login(editor)
    response = client.post(
        f"/networks/{network.slug}/members/", {"membership": target.pk, "action": "set_role", "role": "moderator"}, follow=True
    )
    assert "Mo Rider is now moderator." in response.content.decode()
    target.refresh_from_db()
    assert target.role == "moderator"


def test_unknown_role_is_refused(network):
    staff = factories.make_user(staff=True)
    membership = factories.make_membership(factories.make_user(), network)
    with pytest.raises(actions.ActionRefused, match="Choose one of the listed roles."):
        actions.set_member_role(staff, membership, "emperor")


class TestWagtailAdmin:
    def test_staff_give_the_editor_role_in_the_admin_and_page_rights_follow(self, client, network):
        staff = factories.make_user(staff=True)
        user = factories.make_user()
        client.force_login(staff)
        response = client.post(
            "/admin/snippets/networks/networkmembership/add/",
            {"user": user.pk, "network": network.pk, "role": "editor", "status": "active"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        user = type(user).objects.get(pk=user.pk)
        assert can_edit(user, network)

    def test_deleting_the_membership_in_the_admin_revokes_page_rights(self, client, network):
        staff = factories.make_user(staff=True)
        user = factories.make_user()
        membership = factories.make_membership(user, network, "editor")
        client.force_login(staff)
        response = client.post(f"/admin/snippets/networks/networkmembership/delete/{membership.pk}/")
        assert response.status_code == 302
        user = type(user).objects.get(pk=user.pk)
        assert not can_edit(user, network)

    def test_editors_cannot_manage_roles_in_the_admin(self, client, network):
        editor = factories.make_user()
        factories.make_membership(editor, network, "editor")
        client.force_login(editor)
        assert client.get("/admin/").status_code == 200
        response = client.get("/admin/snippets/networks/networkmembership/")
        assert response.status_code in (302, 403)


def test_wagtails_page_approval_is_not_called_moderators(db):
    """Moderators run a network's discussions; Wagtail's publishing group and workflow have a name of their own."""
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    names = [*Workflow.objects.values_list("name", flat=True), *Task.objects.values_list("name", flat=True),
             *Group.objects.values_list("name", flat=True)]
    assert not [name for name in names if "moderator" in name.lower()], names
    assert Workflow.objects.filter(name="Page review before publishing").exists()
    assert Task.objects.filter(name="Approval by a page reviewer").exists()
    assert Group.objects.filter(name="Page reviewers").exists()
