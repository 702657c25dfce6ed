"""How much a form may send, said before anything reads the request.

Django refuses a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` only once a view (or
the CSRF check) reads it, with a `RequestDataTooBig` that surfaces as an
exception and a bare 400. Here the limit is decided from the request's own
`Content-Length`, before the body is read or parsed: `RequestSizeMiddleware`
answers 413 with a page that says what the form takes. A view states its own
limit, and what it means for a member, with `@limits_body(...)` (the submission
form takes files: `REQUEST_MAX_BYTES`, the most the proxy lets through,
`client_max_body_size` in deploy/); Wagtail's views (the admin's uploads) take
`REQUEST_MAX_BYTES` too, and every other view `DATA_UPLOAD_MAX_MEMORY_SIZE`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from networks.redirects import safe_path


@dataclass(frozen=True)
class BodyLimit:
    max_bytes: Callable[[], int]
    """The most the view reads, in bytes (a callable, so settings overridden in tests are honoured)."""
    explain: Callable[[], str] | None = None
    """What the limit means to a member ("Posts can be at most 20,000 characters."), shown on the 413 page."""


def limits_body(max_bytes: Callable[[], int] | None = None, *, explain: Callable[[], str] | None = None):
    """Declare the largest request a view accepts (default: the form limit) and what it means to a member."""

    def declare(view):
        view.body_limit = BodyLimit(max_bytes or form_max_bytes, explain)
        return view

    return declare


def form_max_bytes() -> int:
    """The most any form without files may send: Django's own limit for reading a body."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def upload_max_bytes() -> int:
    """The most any request may send, files included: the proxy's `client_max_body_size`."""
    return int(settings.REQUEST_MAX_BYTES)


def limit_for(request: HttpRequest, view) -> BodyLimit:
    """The view's own limit; else the upload limit for Wagtail's views (the admin uploads documents and
    images), and the form limit for every other view, however its body is encoded."""
    declared = getattr(view, "body_limit", None)
    if isinstance(declared, BodyLimit):
        return declared
    if (getattr(view, "__module__", None) or "").startswith("wagtail."):
        return BodyLimit(upload_max_bytes)
    return BodyLimit(form_max_bytes)


def declared_length(request: HttpRequest) -> int | None:
    """The body's size as the client declared it, or None when it did not (or sent nonsense)."""
    value = (request.META.get("CONTENT_LENGTH") or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def too_large(request: HttpRequest, limit: BodyLimit | None = None, sent: int | None = None) -> HttpResponse:
    """The 413 page: what was refused, the form's limit, and the way back to the form (nothing was saved)."""
    limit = limit or BodyLimit(form_max_bytes)
    back = safe_path(request, _referer_path(request)) or "/"
    context = {
        "limit": filesizeformat(limit.max_bytes()),
        "sent": filesizeformat(sent) if sent else "",
        "explanation": limit.explain() if limit.explain else "",
        "back": back,
        "title": _("What you sent is too large"),
    }
    return TemplateResponse(request, "413.html", context, status=413).render()


def _referer_path(request: HttpRequest) -> str | None:
    """The path of the page the form was on, when the browser said and it is on this site."""
    from urllib.parse import urlsplit

    referer = request.headers.get("Referer", "")
    if not referer:
        return None
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class RequestSizeMiddleware:
    """Answers 413 from `Content-Length` alone when a request is bigger than its view accepts.

    Listed first in MIDDLEWARE, so its `process_view` runs before the CSRF check
    (the first thing that would read the body).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        sent = declared_length(request)
        if sent is None:
            return None
        limit = limit_for(request, view_func)
        if sent > limit.max_bytes():
            return too_large(request, limit, sent)
        return None
