"""Welsh versions of pages: served under /cy/, to Welsh readers wherever they come from, English with a notice otherwise."""

from __future__ import annotations

import io

import pytest
from wagtail.models import Locale, Page

from home import welsh_demo
from networks.models import NetworkArticlePage, NetworkMembership, NetworkPage
from tests.networks import factories

NOTICE = "Nid oes fersiwn Gymraeg o'r dudalen hon eto"


@pytest.fixture
def health(db):
    network = factories.make_network("Health Network", slug="health")
    article = NetworkArticlePage(
        title="Running a local policy forum on health", slug="forum-guide", kind="resource", summary="A guide."
    )
    network.add_child(instance=article)
    welsh_demo.load(io.StringIO())
    return network


def in_welsh(client):
    client.post("/language/", {"language": "cy", "next": "/"})
    return client


@pytest.mark.django_db
class TestWelshVersions:
    def test_the_welsh_network_page_is_under_cy_in_welsh(self, client, health):
        page = client.get("/cy/networks/health/").content.decode()
        assert '<html lang="cy">' in page
        assert "<h1>Rhwydwaith Iechyd</h1>" in page
        assert "GIG Cymru" in page
        assert NOTICE not in page

    def test_a_welsh_reader_following_an_english_link_reads_the_welsh_version(self, client, health):
        page = in_welsh(client).get("/networks/health/").content.decode()
        assert "<h1>Rhwydwaith Iechyd</h1>" in page

    def test_english_readers_still_get_the_english_page(self, client, health):
        page = client.get("/networks/health/").content.decode()
        assert "<h1>Health Network</h1>" in page
        assert '<html lang="en-gb">' in page

    def test_a_page_with_no_welsh_version_is_shown_in_english_with_a_notice(self, client, health):
        factories.make_network("Sports Network", slug="sports")
        response = client.get("/cy/networks/sports/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "<h1>Sports Network</h1>" in page
        assert NOTICE in page
        assert '<main id="main" tabindex="-1" class="wrap" lang="en-gb">' in page

    def test_the_welsh_article_is_served(self, client, health):
        page = client.get("/cy/networks/health/forum-guide/").content.decode()
        assert "Cynnal fforwm polisi lleol ar iechyd" in page

    def test_joining_from_the_welsh_page_joins_the_one_network(self, client, health):
        member = factories.make_user()
        client.force_login(member)
        page = in_welsh(client).get("/cy/networks/health/").content.decode()
        assert "/networks/health/join/" in page
        client.post("/networks/health/join/")
        assert NetworkMembership.objects.filter(user=member, network=health).exists()
        assert NetworkMembership.objects.filter(user=member).count() == 1

    def test_the_welsh_copies_are_not_second_networks(self, client, health):
        assert list(NetworkPage.objects.live().filter(slug="health")) == [health]
        assert NetworkPage.objects.filter(slug="health").count() == 2
        listing = in_welsh(client).get("/cy/networks/").content.decode()
        assert listing.count('href="/networks/health/"') + listing.count('href="/cy/networks/health/"') == 1

    def test_loading_the_demo_again_changes_nothing(self, health):
        before = Page.objects.filter(locale__language_code="cy").count()
        welsh_demo.load(io.StringIO())
        assert Page.objects.filter(locale__language_code="cy").count() == before == 4

    def test_an_unknown_language_prefix_is_not_found(self, client, health):
        assert client.get("/fr/networks/health/").status_code == 404


@pytest.mark.django_db
def test_editors_translate_pages_with_wagtails_translate_action(client, health):
    """simple_translation is installed and offers the Welsh locale for a network's page."""
    sports = factories.make_network("Sports Network", slug="sports")
    client.force_login(factories.make_user(staff=True))
    response = client.get(f"/admin/translation/submit/page/{sports.pk}/")
    assert response.status_code == 200
    assert "Welsh" in response.content.decode() or "Cymraeg" in response.content.decode()
    assert Locale.objects.filter(language_code="cy").exists()
