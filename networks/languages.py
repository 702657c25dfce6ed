"""The language a member reads and is written to in: English or Welsh (settings.LANGUAGES).

A member's choice is remembered twice: in a cookie (so it holds before signing in and on every
page at once) and in their profile (so it follows them to a new device, and so email, which
leaves from the worker with no request, goes out in it). Django's `LocaleMiddleware` reads the
cookie; `ProfileLanguageMiddleware` fills the cookie from the profile when a signed-in member
has none yet.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from networks.models import Profile

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def is_language(code: str) -> bool:
    return code in LANGUAGE_CODES


def member_language(user) -> str:
    """The language saved in `user`'s profile, or the site's default (English) when none is saved."""
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "") if profile is not None else ""
    return language if is_language(language) else settings.LANGUAGE_CODE


@contextmanager
def in_member_language(user):
    """Render what `user` will read (an email, its subject) in their chosen language."""
    with translation.override(member_language(user)):
        yield


def lazy_percent(message, values: dict):
    """`message % values`, translated only when read: an email subject made in one member's request
    (a moderator's, a worker's) and written in the recipient's language (`in_member_language`).
    Pass `message` as `gettext_lazy("…")` so makemessages finds it."""
    return lazy(lambda: str(message) % values, str)()


def remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


def _same_page_in(path: str, language: str) -> str:
    """`path` with its language prefix (/cy/…) made to match `language`: the page's Welsh address, or its English one."""
    return translate_url(path, language)


def _choose_language(request):
    """The header's language switcher: remember the choice (cookie, and the profile when signed in)."""
    language = request.POST.get("language", "")
    target = _safe_next(request)
    if not is_language(language):
        messages.error(
            request,
            _("“%(code)s” is not a language this site is written in. Choose English or Cymraeg.")
            % {"code": language[:20]},
        )
        return HttpResponseRedirect(target)
    translation.activate(language)
    response = HttpResponseRedirect(_same_page_in(target, language))
    remember_language(response, language)
    if request.user.is_authenticated:
        Profile.objects.filter(user=request.user).update(language=language)
    return response


_choose_member_language = csrf_protect(_choose_language)


@csrf_exempt
@require_POST
def set_language(request):
    """A visitor's switcher carries no CSRF token, so every visitor's copy of a page is the same and the
    page can be kept for them all (networks.middleware); all a forged post could do is set a visitor's
    language cookie. A signed-in member's choice also changes their profile, so theirs is CSRF-checked."""
    if request.user.is_authenticated:
        return _choose_member_language(request)
    return _choose_language(request)


class ProfileLanguageMiddleware:
    """A signed-in member with no language cookie yet (a new device) reads in their profile's language.

    Only consulted while the cookie is missing, so it costs one query once per browser, not per page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = ""
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.user.is_authenticated:
            chosen = Profile.objects.filter(user=request.user).values_list("language", flat=True).first() or ""
            if is_language(chosen) and not translation.get_language_from_path(request.path_info):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if is_language(chosen):
            remember_language(response, chosen)
        return response


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's `LocaleMiddleware`, except that an address without /cy/ keeps the reader's chosen language.

    Only Wagtail's pages have Welsh addresses (/cy/…); Django's own would put every unprefixed address
    back into English, so a Welsh reader following a link to a thread would lose their choice.
    """

    def process_request(self, request):
        language = translation.get_language_from_request(request, check_path=True)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def catalogue_changed(request, *args, **kwargs):
    """When the compiled catalogues last changed, so browsers keep the JavaScript catalogue until then."""
    stamps = [path.stat().st_mtime for locale_path in settings.LOCALE_PATHS for path in locale_path.glob("*/LC_MESSAGES/*.mo")]
    return datetime.fromtimestamp(max(stamps), tz=UTC) if stamps else None
