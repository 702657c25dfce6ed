"""Serving Wagtail's pages in the reader's language: the Welsh version where there is one, else the English.

Wagtail routes `/cy/…` through the Welsh tree (`root_page.localized`) and everything else through
the tree of the active language. A Welsh reader must never meet a dead end because a page has no
Welsh version yet: they get the English page, with a notice saying so (`base.html`), and an English
page that has a live Welsh version sends them to it.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page

from networks.middleware import serves_pages


@lru_cache(maxsize=16)
def locale_language(locale_id: int) -> str:
    """A locale's language code: Wagtail's locales are made once and never renamed, so each page
    view need not ask the database again (cleared whenever a locale is saved or deleted)."""
    return Locale.objects.get(pk=locale_id).language_code


@receiver([post_save, post_delete], sender=Locale)
def _forget_locales(**kwargs) -> None:
    locale_language.cache_clear()


def _route(request, path: str):
    request.__dict__.pop("_wagtail_route_for_request", None)
    return Page.route_for_request(request, path)


def content_fields(page: Page) -> list[str]:
    """The fields an editor writes on `page` (its content panels): what a translation says differently."""
    names = ["title", "seo_title", "search_description"]
    panels = list(getattr(type(page), "content_panels", []))
    while panels:
        panel = panels.pop()
        panels.extend(getattr(panel, "children", []))
        name = getattr(panel, "field_name", None)
        if name and name not in names and hasattr(page, name):
            names.append(name)
    return names


def with_content_of(source: Page, translation_page: Page) -> Page:
    """`source` (the English page, which members, threads and chats belong to) saying what its translation says.

    Never saved: it only lives for the one response.
    """
    for name in content_fields(translation_page):
        setattr(source, name, getattr(translation_page, name))
    return source


@serves_pages
def serve_page(request, path: str):
    language = translation.get_language()
    route = Page.route_for_request(request, path)
    if route is None and language != settings.LANGUAGE_CODE:
        with translation.override(settings.LANGUAGE_CODE):
            route = _route(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    page_language = locale_language(page.locale_id)
    if page_language != settings.LANGUAGE_CODE:
        source = (
            Page.objects.live()
            .filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
            .specific()
            .first()
        )
        if source is not None:
            request._wagtail_route_for_request = (with_content_of(source, page), args, kwargs)
    elif page_language != language:
        translated = (
            Page.objects.live().filter(translation_key=page.translation_key, locale__language_code=language).first()
        )
        if translated is not None and not args and not kwargs:
            url = translated.get_url(request)
            if url and url != request.path:
                return HttpResponseRedirect(url)
        request.page_language = page_language
    return wagtail_views.serve(request, path)
