"""The Partnership in Power admin: staff edit commissions, documents, units, constituencies, coordinators and regions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissions.models import CommissionIndexPage, ConsultationDocument
from networks.models import PartyUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "app,model",
    [
        ("networks", "policycommission"),
        ("commissions", "consultationdocument"),
        ("networks", "partyunit"),
        ("networks", "unitmembership"),
        ("networks", "constituency"),
        ("networks", "coordinator"),
        ("networks", "region"),
    ],
)
def test_staff_can_list_and_open_the_add_form(client, staff, app, model, health):
    client.force_login(staff)
    assert client.get(f"/admin/snippets/{app}/{model}/").status_code == 200
    assert client.get(f"/admin/snippets/{app}/{model}/add/").status_code == 200


def test_staff_add_a_party_unit_in_the_admin(client, staff, region):
    client.force_login(staff)
    response = client.post(
        "/admin/snippets/networks/partyunit/add/",
        {"name": "Bolton South East CLP", "slug": "bolton-south-east-clp", "kind": "clp", "region": region.pk, "constituency": ""},
    )
    assert response.status_code == 302
    assert PartyUnit.objects.get(slug="bolton-south-east-clp").region == region


def test_staff_edit_a_commission_with_its_work_programme_and_a_region_with_its_staff(client, staff, health, issue, region):
    client.force_login(staff)
    page = client.get(f"/admin/snippets/networks/policycommission/edit/{health.pk}/").content.decode()
    assert "Care closer to home" in page
    page = client.get(f"/admin/snippets/networks/region/edit/{region.pk}/").content.decode()
    assert "NPF representatives" in page


def test_staff_open_a_final_draft_with_its_paragraphs(client, staff, final_draft):
    client.force_login(staff)
    page = client.get(f"/admin/snippets/commissions/consultationdocument/edit/{final_draft.pk}/").content.decode()
    assert "Care should be delivered as close to home as is safe." in page
    assert ConsultationDocument.objects.get(pk=final_draft.pk).paragraphs.count() == 2


def test_members_cannot_reach_the_admin(client, secretary):
    client.force_login(secretary)
    assert client.get("/admin/snippets/networks/coordinator/").status_code == 302


def test_staff_add_a_commission_page_under_the_index(client, staff, health):
    client.force_login(staff)
    index = CommissionIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("commissions", "commissionpage", index.pk))
    assert client.get(url).status_code == 200


def test_coordinators_contact_details_stay_staff_only_in_the_admin_even_with_a_model_permission(client, db):
    """A group given "view coordinator" by mistake must not open addresses and phone numbers to non-staff."""
    from django.contrib.auth.models import Group, Permission

    from tests.networks import factories

    editor = factories.make_user()
    group = Group.objects.create(name="Coordinator readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_coordinator"),
        Permission.objects.get(codename="change_coordinator"),
    )
    editor.groups.add(group)
    client.force_login(editor)
    response = client.get("/admin/snippets/networks/coordinator/")
    assert response.status_code in (302, 403)
    assert "PiP coordinators" not in client.get("/admin/").content.decode()
