from django import template

from networks.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """`{% can "join_network" page as may_join %}`: asks networks.permissions for the current user."""
    return can_do(context["request"].user, action, obj)
