"""Email to members, rendered from templates and sent after the transaction commits.

Sending after commit means a rolled-back action never emails anybody; sending
through the task queue means a slow mail server never slows a page.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from networks.email_headers import header_text
from networks.languages import in_member_language
from networks.tasks import send_email


def site_url() -> str:
    """The origin members reach the site at (settings.SITE_URL): every link in email starts with it.

    Email leaves from the worker, where there is no request to take a host from, so the origin
    is configured: production refuses to start without SITE_URL, and the demo derives it from PORT.
    """
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path


def email_member(
    user, subject: str, template: str, context: dict | None = None, headers: dict[str, str] | None = None
) -> None:
    """Render `<template>.txt` (and `<template>.html` when it exists) and queue it for `user`.

    Both are rendered in the member's chosen language (their profile's), whoever's request sends
    them: pass the subject lazily (`gettext_lazy`, `format_lazy`) so it is translated in it too.
    """
    if not user.email:
        return
    with in_member_language(user):
        email_address(user.email, subject, template, {"user": user, **(context or {})}, headers)


def email_address(
    address: str, subject: str, template: str, context: dict | None = None, headers: dict[str, str] | None = None
) -> None:
    """The same for someone with no account (a community participant at a forum): only their address is known."""
    context = {"site_url": absolute_url(""), **(context or {})}
    text = render_to_string(f"{template}.txt", context)
    try:
        html = get_template(f"{template}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    subject = header_text(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}")
    transaction.on_commit(
        partial(send_email.enqueue, to=[address], subject=subject, text=text, html=html, headers=headers or {})
    )
