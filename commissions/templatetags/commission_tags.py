"""Template tags for the commissions concern's slots."""

from django import template

from networks.models import UnitMembership

register = template.Library()


@register.simple_tag(takes_context=True)
def my_unit_memberships(context) -> list[UnitMembership]:
    """`{% my_unit_memberships as memberships %}`: the signed-in member's units and positions, in one query."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(UnitMembership.objects.filter(user=user).select_related("unit__region").order_by("unit__name"))
