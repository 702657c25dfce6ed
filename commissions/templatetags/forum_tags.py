"""Template tags for the forums' slots: the home page's forums, and a submission's forum and dialogue sessions."""

from django import template

from commissions.selectors import dialogue as dialogue_selectors
from commissions.selectors import forums as forum_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def home_forums(context) -> dict:
    """`{% home_forums as forums %}`: forums coming up in the member's units and regions, and those they attended."""
    return forum_selectors.home_forums(context["request"].user)


@register.simple_tag
def submission_meetings(submission) -> dict:
    """`{% submission_meetings submission as meetings %}`: the forum a report came from, the sessions that discussed it."""
    forum = getattr(submission, "forum", None) if submission.is_forum_report else None
    return {"forum": forum, "sessions": dialogue_selectors.sessions_discussing(submission)}
