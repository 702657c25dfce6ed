"""Members report posts to the network's moderators."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from discussions.models import (
    Flag,
    Post,
)
from discussions.notifications import notify
from networks.actions import ActionRefused, network_approvers
from networks.permissions import can


def flag_post(user, post: Post, *, reason: str, detail: str = "") -> Flag:
    if not can(user, "flag_post", post):
        if post.author_id == user.pk:
            raise ActionRefused(_("You cannot report your own post; you can edit or delete it instead."))
        raise ActionRefused(_("You cannot report this post."))
    if reason not in Flag.Reason.values:
        raise ActionRefused(_("Please choose a reason from the list."))
    detail = (detail or "").strip()
    if reason == Flag.Reason.OTHER and not detail:
        raise ActionRefused(_("Please tell the moderators what is wrong with the post."))
    if len(detail) > 2000:
        raise ActionRefused(_("Please keep your report under 2,000 characters."))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, reporter=user, reason=reason, detail=detail)
            _tell_moderators(flag)
    except IntegrityError:
        raise ActionRefused(_("You have already reported this post; a moderator will look at it.")) from None
    return flag


def _tell_moderators(flag: Flag) -> None:
    """The network's own moderators and editors hear of each report, with a link to their queue.

    A network nobody moderates yet (and a dialogue, which has no network) falls to staff, so no report waits unseen.
    """
    thread = flag.post.thread
    network = thread.network
    moderators = list(network_approvers(network)) if network is not None else []
    if not moderators:
        moderators = list(get_user_model().objects.filter(is_active=True, is_staff=True))
    url = (
        reverse("discussions:moderation_queue", kwargs={"slug": network.slug})
        if network is not None
        else flag.post.get_absolute_url()
    )
    notify(
        moderators,
        kind="flag_new",
        title=_("New report in %(place)s: a post in “%(thread)s”, %(reason)s")
        % {
            "place": network.title if network is not None else _("a submission's dialogue"),
            "thread": thread.title,
            "reason": flag.get_reason_display().lower(),
        },
        url=url,
        actor=flag.reporter,
        text=flag.detail,
    )
