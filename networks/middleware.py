"""Turns a `Refused` raised anywhere in a view (or a Wagtail page's `serve`) into the page a member expects."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse

from networks.refusals import Refused


class RefusalMiddleware:
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
