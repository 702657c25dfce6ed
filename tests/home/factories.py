"""Builders for the site's frame: Wagtail's root page, collection and locale, and the home page."""

from __future__ import annotations

from wagtail.models import Page, Site

from home.models import HomePage
from networks.models import NetworkIndexPage


def wagtail_roots() -> Page:
    """Wagtail's root page, default locale and root collection.

    Migrations create them, but a transactional test (browser tests) truncates
    every table afterwards, so they are recreated here when missing.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()  # the flush gave every content type a new id
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def site_tree() -> tuple[HomePage, NetworkIndexPage]:
    """The home page and the network index, created once per test database."""
    home = HomePage.objects.first()
    if home is None:
        root = wagtail_roots()
        for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
            placeholder.delete()
        home = HomePage(title="Policy Networks", slug="home")
        root.add_child(instance=home)
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    index = NetworkIndexPage.objects.first()
    if index is None:
        index = NetworkIndexPage(title="Policy networks", slug="networks")
        home.add_child(instance=index)
    return home, index
