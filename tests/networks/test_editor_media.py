"""In the Wagtail admin an editor works with their own network's documents, images and pages only.

Each network's files live in its collection (networks.media); its editor group has rights
there and nowhere else, so the choosers, listings and searches of another network's editor
never show them, and the page chooser keeps a members-only network's pages to its readers.
"""

from __future__ import annotations

import pytest
from django.core import signing
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from networks.media import network_collection, shareable_url
from networks.models import NetworkArticlePage
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def governors(private_network, governors_editor):
    """What the governors' editor uploaded: the admin lists an editor's own uploads, the choosers their collection's."""
    document = factories.make_document(private_network, title="Exclusions data pack", uploaded_by=governors_editor)
    image = factories.make_image(private_network, title="Governors forum photo", uploaded_by=governors_editor)
    article = NetworkArticlePage(title="Exclusions briefing for governors", slug="exclusions", summary="For governors.")
    private_network.add_child(instance=article)
    return {"document": document, "image": image, "article": article}


@pytest.fixture
def health_editor(network):
    user = factories.make_user(name="Eddie Editor")
    factories.make_membership(user, network, "editor")
    return user


@pytest.fixture
def governors_editor(private_network):
    user = factories.make_user(name="Gina Governor")
    factories.make_membership(user, private_network, "editor")
    return user


def test_an_editors_collection_rights_are_their_networks_collection_only(network, health_editor):
    group = network.editor_group
    collections = set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id", flat=True))
    assert collections == {network_collection(network).pk}
    assert Collection.get_first_root_node().pk not in collections


@pytest.mark.parametrize(
    "url",
    ["/admin/documents/", "/admin/documents/?q=exclusions", "/admin/documents/chooser/", "/admin/documents/chooser/results/?q=exclusions"],
)
def test_another_networks_editor_never_sees_its_documents(client, governors, health_editor, governors_editor, url):
    client.force_login(health_editor)
    assert "Exclusions data pack" not in client.get(url).content.decode()
    client.force_login(governors_editor)
    assert "Exclusions data pack" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url", ["/admin/images/", "/admin/images/?q=governors", "/admin/images/chooser/", "/admin/images/chooser/results/?q=governors"]
)
def test_another_networks_editor_never_sees_its_images(client, governors, health_editor, governors_editor, url):
    client.force_login(health_editor)
    assert "Governors forum photo" not in client.get(url).content.decode()
    client.force_login(governors_editor)
    assert "Governors forum photo" in client.get(url).content.decode()


def test_an_editors_upload_goes_into_their_networks_collection(client, network, health_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    client.force_login(health_editor)
    upload = SimpleUploadedFile("minutes.pdf", factories.PDF_BYTES, content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Forum minutes", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.get(title="Forum minutes").collection == network_collection(network)
    assert "Root" not in client.get("/admin/documents/add/").content.decode()


def test_the_page_chooser_keeps_a_members_only_networks_pages_to_its_readers(client, private_network, governors, health_editor, governors_editor):
    browse = f"/admin/choose-page/{private_network.pk}/"
    search = "/admin/choose-page/search/?q=exclusions"
    client.force_login(health_editor)
    assert "Exclusions briefing for governors" not in client.get(browse).content.decode()
    assert "Exclusions briefing for governors" not in client.get(search).content.decode()
    client.force_login(governors_editor)
    assert "Exclusions briefing for governors" in client.get(browse).content.decode()
    assert "Exclusions briefing for governors" in client.get(search).content.decode()


def test_a_members_only_image_goes_out_privately_and_a_public_one_publicly(client, network, private_network, governors):
    private = get_image_model().objects.get(pk=governors["image"].pk).get_rendition("width-100")
    public = factories.make_image(network).get_rendition("width-100")
    assert client.get(public.url)["Cache-Control"] == "public, max-age=86400"
    assert client.get(private.url).status_code == 404
    client.force_login(factories.make_membership(factories.make_user(), private_network).user)
    response = client.get(private.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=3600"
    assert "Cookie" in response["Vary"]


def test_a_bulletins_signed_image_link_opens_that_image_only(client, governors):
    """An email cannot sign in: its image link carries a signature for that one rendition."""
    image = get_image_model().objects.get(pk=governors["image"].pk)
    rendition = image.get_rendition("width-600")
    url = shareable_url(rendition)
    assert "signature=" in url
    assert client.get(url).status_code == 200
    other = image.get_rendition("width-100")
    signature = url.split("signature=", 1)[1]
    assert client.get(f"{other.url}?signature={signature}").status_code == 404
    assert client.get(f"{rendition.url}?signature=forged").status_code == 404
    assert signing.Signer(salt="something else").signature(rendition.file.name) not in url


def test_the_migration_gives_networks_their_collections_and_moves_what_only_they_use(private_network):
    """networks 0006 on a site from before: editors' rights on the root move to the network's collection,
    and a root document only the network's article uses moves with them; anything else stays public."""
    import importlib

    from django.apps import apps
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    from networks.models import NetworkPage

    factories.make_membership(factories.make_user(), private_network, "editor")
    root = Collection.get_first_root_node()
    group = NetworkPage.objects.get(pk=private_network.pk).editor_group
    GroupCollectionPermission.objects.filter(group=group).update(collection=root)  # as editor groups were made
    made = private_network.collection
    NetworkPage.objects.filter(pk=private_network.pk).update(collection=None)
    made.delete()
    used = factories.make_document(None, title="Exclusions data pack")
    unused = factories.make_document(None, title="Party rule book")
    article = NetworkArticlePage(title="Exclusions briefing", slug="exclusions", summary="For governors.",
                                 body=[("document", {"document": used, "description": ""})])
    NetworkPage.objects.get(pk=private_network.pk).add_child(instance=article)
    ReferenceIndex.create_or_update_for_object(article)

    importlib.import_module("networks.migrations.0008_files_in_network_collections").forwards(apps, None)

    network = NetworkPage.objects.get(pk=private_network.pk)
    assert network.collection is not None
    assert set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id", flat=True)) == {network.collection_id}
    assert get_document_model().objects.get(pk=used.pk).collection_id == network.collection_id
    assert get_document_model().objects.get(pk=unused.pk).collection_id == root.pk
