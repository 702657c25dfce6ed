"""Template helpers for bulletins: absolute links for email, and the latest bulletins of a page."""

from __future__ import annotations

from django import template

from bulletins.emails import absolute

register = template.Library()


@register.filter(name="absolute")
def absolute_filter(url: str) -> str:
    """A site path as an absolute URL, for links that leave the site in an email."""
    return absolute(url or "")


@register.simple_tag
def call_to_action_url(value) -> str:
    """A call to action's target: the chosen page, else the typed URL; absolute either way."""
    page = value.get("page")
    if page is not None and page.live:
        return absolute(page.url or "")
    return absolute(value.get("url") or "")


@register.simple_tag(takes_context=True)
def latest_bulletins(context, page, limit: int = 3) -> dict:
    """The latest bulletins sent from a network or commission page (one query), and whether the visitor writes them."""
    from bulletins.audiences import audience_of
    from bulletins.selectors import archive
    from networks.permissions import can

    request = context.get("request")
    user = getattr(request, "user", None)
    audience = audience_of(page)
    if audience is None or not audience.may_read(user):
        return {"bulletins": [], "may_write": False, "audience": audience}
    return {"bulletins": archive(page, limit=limit), "may_write": can(user, "write_bulletin", page), "audience": audience}
