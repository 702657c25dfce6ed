"""Middleware of the ground floor: refusals, whole pages for visitors from the cache, Wagtail's routes from the cache."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from networks import caching
from networks.refusals import Refused

SITE = "site"
"""The scope of the page tree and its settings: bumped when any page is published, moved or deleted."""


class RefusalMiddleware:
    """Turns a `Refused` raised anywhere in a view (or a Wagtail page's `serve`) into the page a member expects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        if exception.network is not None:
            from networks.selectors import network_page_context

            network = exception.network
            context = {"page": network, **network_page_context(network, request.user)}
            return TemplateResponse(request, "networks/members_only.html", context, status=403).render()
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return None  # Django's 403 page, with the refusal's message


# Whole pages for visitors ------------------------------------------------------------------------

PAGE_VIEWS = {wagtail_serve}
"""The views that serve Wagtail's page tree by URL: their pages are candidates for visitors, and their routes are kept."""


def serves_pages(view):
    """Register a view that serves Wagtail's pages as `wagtail.views.serve` does (same `path` argument).

    A project view that wraps Wagtail's serving (to pick a page's language, say) registers here from
    its app's `ready()`, so its pages stay as fast as Wagtail's own.
    """
    PAGE_VIEWS.add(view)
    return view



def share_with_visitors(request) -> None:
    """Say that this response is the same for every visitor who is not signed in.

    The view says so; `VisitorPageCacheMiddleware` then decides whether the response really is
    (no cookie set, no CSRF token, no message) and keeps it while its content is current.
    """
    request._shared_with_visitors = True


def shared_with_visitors(view):
    """Decorator form of `share_with_visitors` for a view function."""

    @wraps(view)
    def shared(request, *args, **kwargs):
        share_with_visitors(request)
        return view(request, *args, **kwargs)

    return shared


class VisitorPageCacheMiddleware:
    """Pages for visitors who are not signed in, served from the cache while everything they show is current.

    Thousands of members following a bulletin's link arrive at the same few pages; those not signed
    in all see the same thing. A page is kept only when its view said it is shared
    (`share_with_visitors`) and its response proves it: a 200 that sets no cookie, used no CSRF
    token, showed no message and did not change the session. It is served only to a GET from a
    visitor who is not signed in and has no message waiting, and only while every version it was
    made from is current (`networks.caching`). Signed-in members never get a kept page: their pages
    carry their own state, and are made faster by caching the shared parts inside them.

    It sits after the session, authentication, message and allauth middleware, and before the
    views; the middleware above it (security headers, CSP, session's `Vary: Cookie`, CSRF) still
    runs on every response, kept or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _visitor_without_state(request):
            return self.get_response(request)
        language = get_language()
        page_key = caching.key("page", language, request.build_absolute_uri())
        entry = caching.lookup(page_key)
        if entry is not None:
            return _thaw(entry.value)
        with caching.recording(SITE, tables=True) as made:
            response = self.get_response(request)
        if (
            getattr(request, "_shared_with_visitors", False)
            and _same_for_every_visitor(request, response)
            and _written_in(response) == language
        ):
            caching.store(page_key, made, _freeze(response), settings.CACHE_PAGE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Wagtail's pages (home, networks, articles, commissions, chats) are candidates, as the views that say so."""
        if view_func in PAGE_VIEWS:
            share_with_visitors(request)


def _visitor_without_state(request) -> bool:
    return request.method == "GET" and not request.user.is_authenticated and not len(get_messages(request))


_VARY_ALLOWED = {"cookie", "accept-encoding", "accept-language"}
"""What a kept page may vary on: the cookie (visitors have none that matter), the encoding (served
as stored) and the language (part of the key: the language chosen before the view ran)."""


def _written_in(response) -> str:
    """The language the page was made in: what `LocaleMiddleware` announced, else the one active now.

    A page is kept under the language active when the request reached this middleware; one made in
    another (a view or a middleware below that switched language) is not kept, so no reader of one
    language is ever given a page kept for another.
    """
    return response.get("Content-Language") or get_language()


def _same_for_every_visitor(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
        and not getattr(storage, "_queued_messages", None)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and vary <= _VARY_ALLOWED
    )


def _freeze(response) -> tuple:
    return response.status_code, list(response.items()), response.content


def _thaw(frozen: tuple) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


# Wagtail's routes --------------------------------------------------------------------------------


class PageRouteCacheMiddleware:
    """The page a URL names, from the cache: Wagtail finds it by walking the tree, two queries a level.

    `/networks/health/` costs Wagtail a query for the site, then the page and its specific row at
    each level of the tree (seven queries); a kept route costs one (the specific page). A route is
    kept under the site's version, which every publish, move, unpublish or deletion of a page bumps,
    and only for a page Wagtail served with no route arguments; it is keyed by the active language,
    since Wagtail routes through that language's tree.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func not in PAGE_VIEWS:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        # Wagtail routes through the page tree of the active language (`root_page.localized`).
        route_key = caching.key("route", get_language(), request._get_raw_host(), path)
        entry = caching.lookup(route_key)
        if entry is not None and _restore_route(request, entry.value):
            return None
        from wagtail.models import Page

        with caching.recording(SITE) as made:
            found = Page.route_for_request(request, path)
        if found is not None and not found.args and not found.kwargs and found.page.live:
            page = found.page
            kept = (request._wagtail_site, ContentType.objects.get_for_model(page).pk, page.pk)
            caching.store(route_key, made, kept)
        return None


def _restore_route(request, kept: tuple) -> bool:
    site, content_type_id, page_id = kept
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model._default_manager.filter(pk=page_id, live=True).first() if model is not None else None
    if page is None:
        return False
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    return True
