"""Wagtail's admin without inline scripts, so the site's Content-Security-Policy holds there too.

Wagtail 8 still starts some widgets with an inline ``<script>``: every chooser
(``BaseChooser.render``), the date and time inputs and the inline panels (their
templates, overridden in ``home/templates/wagtailadmin/``). The policy allows scripts
from the site's own files only (``script-src 'self'``), so each of those is written
instead as a ``<script src>`` of ``home/wagtail_admin_starters.js`` carrying the same
call as data: the name of a Wagtail global (from the script's allow-list) and its
arguments as JSON. A classic script runs where it stands in the page, so widgets start
exactly when, and in the order, they did.

Drop this module and the overrides when Wagtail stops writing inline scripts; the CSP
browser test (tests/networksite/test_browser_security.py) shows whether anything is left.
"""

from __future__ import annotations

import json

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

STARTER = "home/wagtail_admin_starters.js"


def starter_script(*, args: list, call: str = "", construct: str = "") -> SafeString:
    """A ``<script src>`` that calls the Wagtail global `call` (or builds `construct`) with `args`."""
    kind, name = ("construct", construct) if construct else ("call", call)
    return format_html(
        '<script src="{}" data-{}="{}" data-args="{}"></script>',
        static(STARTER), kind, name, json.dumps(args),
    )


def _chooser_starter(chooser: BaseChooser, id_: str, name: str, value_data) -> SafeString | None:
    """The starter for one of Wagtail's choosers, or None for a chooser whose start we do not know."""
    if isinstance(chooser, AdminTaskChooser):
        return starter_script(call="createTaskChooser", args=[id_])
    if type(chooser).render_js_init is BaseChooser.render_js_init:
        return starter_script(construct=chooser.js_constructor, args=[id_, chooser.get_js_init_options(id_, name, value_data)])
    return None


_wagtail_render = BaseChooser.render


def _render_without_inline_script(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render, with the starter in place of the inline script (the same HTML otherwise).

    A chooser that writes its own start (an unknown ``render_js_init``) keeps Wagtail's
    rendering: the page still works where CSP allows it, and the browser test names it.
    """
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError):
        return _wagtail_render(self, name, value, attrs, renderer)
    value_data = self.get_value_data(value)
    starter = _chooser_starter(self, id_, name, value_data)
    if starter is None:
        return _wagtail_render(self, name, value, attrs, renderer)
    widget_html = self.render_html(name, value_data, attrs)
    return mark_safe(f"{widget_html}{starter}")  # noqa: S308  widget_html is Wagtail's own rendered template


def install() -> None:
    """Called once from HomeConfig.ready()."""
    BaseChooser.render = _render_without_inline_script
