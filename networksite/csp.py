"""The Content-Security-Policy, with the one relaxation the Wagtail admin needs.

Everywhere, scripts and styles come from the site's own files only (settings:
CONTENT_SECURITY_POLICY). Wagtail's rich-text editor (Draftail, built on Draft.js)
writes ``<style>`` elements as editors indent lists, and a few admin templates carry
``style`` attributes; so under the admin, and only there, styles may also be inline.
Scripts stay ``'self'`` in the admin too (home/admin_scripts.py removes Wagtail's
inline ones). Inline styles cannot run code; they are allowed to editors' pages only.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse


class SitePolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts
