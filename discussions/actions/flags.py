"""Members report posts to the network's moderators."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from discussions.models import (
    Flag,
    Post,
)
from networks.actions import ActionRefused
from networks.permissions import can


def flag_post(user, post: Post, *, reason: str, detail: str = "") -> Flag:
    if not can(user, "flag_post", post):
        if post.author_id == user.pk:
            raise ActionRefused("You cannot report your own post; you can edit or delete it instead.")
        raise ActionRefused("You cannot report this post.")
    if reason not in Flag.Reason.values:
        raise ActionRefused("Please choose a reason from the list.")
    detail = (detail or "").strip()
    if reason == Flag.Reason.OTHER and not detail:
        raise ActionRefused("Please tell the moderators what is wrong with the post.")
    if len(detail) > 2000:
        raise ActionRefused("Please keep your report under 2,000 characters.")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, reporter=user, reason=reason, detail=detail)
    except IntegrityError:
        raise ActionRefused("You have already reported this post; a moderator will look at it.") from None
    return flag
