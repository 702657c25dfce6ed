"""A page kept for visitors reading in one language is never given to visitors reading in another.

English and Welsh readers share every address of a page; what tells them apart is the language
chosen before the view runs (`LocaleMiddleware`: the address, the reader's cookie, the browser).
The kept page is keyed by that language, and a page made in any other language is not kept.
A tiny view that says which language it was made in stands for any page written in both.
"""

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.utils.translation import get_language

from networks.middleware import shared_with_visitors
from networksite.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

MADE = []


@shared_with_visitors
def said(request):
    MADE.append(get_language())
    return HttpResponse(f"written in {get_language()}")


urlpatterns = [path("said/", said), *site_urlpatterns]

LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]


def _middleware(locale_after_cache: bool) -> list[str]:
    from django.conf import settings

    # The site's own language chooser (networks.languages.SiteLocaleMiddleware, Django's LocaleMiddleware
    # keeping a reader's choice), moved above or below the cache.
    chooser = next(name for name in settings.MIDDLEWARE if name.endswith("LocaleMiddleware"))
    stack = [name for name in settings.MIDDLEWARE if name != chooser]
    anchor = (
        "networks.middleware.VisitorPageCacheMiddleware"
        if locale_after_cache
        else "django.contrib.sessions.middleware.SessionMiddleware"
    )
    stack.insert(stack.index(anchor) + 1, chooser)
    return stack


@pytest.fixture(autouse=True)
def made():
    MADE.clear()
    return MADE


def _read(language: str) -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/said/")
    assert response.status_code == 200
    return response.content.decode()


def test_welsh_and_english_visitors_each_get_the_page_kept_in_their_language(made):
    with override_settings(ROOT_URLCONF=__name__, LANGUAGES=LANGUAGES, MIDDLEWARE=_middleware(False)):
        assert _read("cy") == "written in cy"
        assert _read("cy") == "written in cy"
        assert made == ["cy"]  # the second Welsh reader got the kept page
        assert _read("en-GB,en;q=0.8") == "written in en-gb"
        assert _read("cy") == "written in cy"
        assert _read("en-GB") == "written in en-gb"
        assert made == ["cy", "en-gb"]


def test_a_page_whose_language_was_chosen_after_the_cache_looked_is_never_kept(made):
    """Were the language chosen below the cache, the key would not know it: nothing is kept then."""
    with override_settings(ROOT_URLCONF=__name__, LANGUAGES=LANGUAGES, MIDDLEWARE=_middleware(True)):
        assert _read("cy") == "written in cy"
        assert _read("en-GB") == "written in en-gb"
        assert _read("cy") == "written in cy"
        assert made == ["cy", "en-gb", "cy"]


def test_the_site_chooses_the_language_above_the_visitors_cache():
    """Once the site reads in more than one language, its language middleware must sit above the cache."""
    from django.conf import settings

    stack = settings.MIDDLEWARE
    cache_at = stack.index("networks.middleware.VisitorPageCacheMiddleware")
    choosers = [at for at, name in enumerate(stack) if "locale" in name.lower()]
    assert all(at < cache_at for at in choosers), stack
