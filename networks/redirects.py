"""Where a form sends the member afterwards: the one safe way to follow a `next` value.

A `next` must be a path on this site ("/networks/health/"): anything else (an
absolute URL elsewhere, "//evil.example", "abc", a URL name) falls back to
the page the form belongs to. The redirect is always to a URL, never resolved
as a view name, so no `next` value can raise.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_path(request: HttpRequest, target: str | None) -> str | None:
    """`target` when it is a path on this site, else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    return target


def redirect_back(request: HttpRequest, fallback: str, *, field: str = "next") -> HttpResponseRedirect:
    """Redirect to the form's `next` (POST, else GET) when it is safe, else to `fallback` (a path)."""
    target = request.POST.get(field) if request.method == "POST" else None
    return HttpResponseRedirect(safe_path(request, target or request.GET.get(field)) or fallback)
