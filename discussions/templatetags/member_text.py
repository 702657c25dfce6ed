"""`{{ text|member_text }}`: member Markdown through the one sanitizer (discussions.text)."""

from django import template
from django.utils.safestring import SafeString

from discussions.text import plain_excerpt, render_member_text

register = template.Library()


@register.filter(name="member_text")
def member_text(value: str) -> SafeString:
    return render_member_text(value or "")


@register.filter(name="member_excerpt")
def member_excerpt(value: str, length: int = 200) -> str:
    """Plain text (autoescaped by the template) for lists, feeds and emails."""
    return plain_excerpt(value or "", int(length))
