"""Template tags for the discussion slots in other apps' pages."""

from django import template

from discussions.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The header's unread count: one query per page, remembered on the request."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user)
    return request._unread_notifications
