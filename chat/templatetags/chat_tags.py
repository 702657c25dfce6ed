"""Template tags for the chat slots on the home and network pages."""

from django import template

from chat import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def network_chats(context, network) -> dict:
    return selectors.network_chats(context["request"].user, network)


@register.simple_tag(takes_context=True)
def home_chats(context) -> dict:
    return selectors.home_chats(context["request"].user)
