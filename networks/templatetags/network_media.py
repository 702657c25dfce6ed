"""`{{ rendition|shareable_url }}`: an image's URL for a reader without a session, such as an email (networks.media)."""

from django import template

from networks.media import shareable_url as _shareable_url

register = template.Library()


@register.filter
def shareable_url(rendition) -> str:
    return _shareable_url(rendition)
