"""A page's StreamField, rendered once for every reader: `{% page_body page %}`.

A network's body and an article's are the same for everyone who may read them (their blocks hold no
member's state), and rendering them costs a query for the images and a cache write per picture
(Wagtail's renditions) on every view. Signed-in members do not get the page kept whole for
visitors (networks.middleware), so the body is kept on its own: under the body's own content (a hash
of what the editor wrote, so a draft's preview never meets the live page's rendering), the site's
pages (links to pages follow moves and renames), every table its rendering read (images,
renditions, documents) and the reader's language and host.
"""

from __future__ import annotations

import hashlib
import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from networks import caching
from networks.scopes import SITE

register = template.Library()


@register.simple_tag(takes_context=True)
def page_body(context, page, field: str = "body") -> str:
    stream = getattr(page, field)
    content = hashlib.blake2b(
        json.dumps(stream.raw_data, sort_keys=True, default=str).encode(), digest_size=16
    ).hexdigest()
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    key = caching.key("page-body", get_language(), host, page.pk, field, content)

    def render() -> str:
        parent = context.flatten()
        html = "".join(block.render_as_block(context=parent) for block in stream)
        return mark_safe(html)  # noqa: S308  (the blocks' templates' output, escaped by them)

    return caching.remember(key, render, scopes=[SITE], tables=True)
