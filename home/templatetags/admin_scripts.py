"""``{% admin_starter %}``: the CSP-safe start of a Wagtail widget, for the overridden admin templates."""

import json

from django import template

from home.admin_scripts import starter_script

register = template.Library()


@register.simple_tag
def admin_starter(call: str = "", construct: str = "", id: str | None = None, json_value: str = ""):
    """Wagtail's ``initDateChooser(id, config)`` / ``new InlinePanel(options)``, as a starter script."""
    args = ([id] if id is not None else []) + ([json.loads(json_value)] if json_value else [])
    return starter_script(call=call, construct=construct, args=args)
