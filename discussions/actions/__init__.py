"""Everything that changes a discussion, one function per event.

Each action asks `networks.permissions.can`, validates, writes in a
transaction, records moderation in the log and notifies through
`discussions.notifications.notify` (whose emails leave after commit). Views,
the admin, the demo loader and the apps above (a submission's dialogue) call
these; none repeats their rules. A refusal is `ActionRefused(message)`, shown
to the member as it is; the form they typed in comes back intact.

    checks      lengths, tags and the posting rate
    posting     start, reply, edit, delete
    moderation  hide, unhide, lock, pin, move, keep
    flags       members report posts
    reading     following, and what each member has read
"""

from discussions.actions.checks import (
    MAX_MENTIONS,
    MAX_TAG_LENGTH,
    MAX_TITLE_LENGTH,
    MIN_TITLE_LENGTH,
    check_rate,
    clean_body,
    clean_tags,
    clean_title,
    max_post_length,
    max_tags,
    rate_limit,
)
from discussions.actions.flags import flag_post
from discussions.actions.moderation import (
    WouldLockOut,
    hide_post,
    keep_post,
    move_thread,
    set_locked,
    set_pinned,
    unhide_post,
)
from discussions.actions.posting import (
    delete_post,
    edit_post,
    edit_thread_title,
    post_reply,
    start_dialogue_thread,
    start_thread,
)
from discussions.actions.reading import (
    first_unread_post,
    follow_network,
    follow_thread,
    mark_thread_seen,
    unfollow_network,
    unfollow_thread,
)
from networks.refusals import ActionRefused

__all__ = [
    "MAX_MENTIONS",
    "MAX_TAG_LENGTH",
    "MAX_TITLE_LENGTH",
    "MIN_TITLE_LENGTH",
    "ActionRefused",
    "WouldLockOut",
    "check_rate",
    "clean_body",
    "clean_tags",
    "clean_title",
    "delete_post",
    "edit_post",
    "edit_thread_title",
    "first_unread_post",
    "flag_post",
    "follow_network",
    "follow_thread",
    "hide_post",
    "keep_post",
    "mark_thread_seen",
    "max_post_length",
    "max_tags",
    "move_thread",
    "post_reply",
    "rate_limit",
    "set_locked",
    "set_pinned",
    "start_dialogue_thread",
    "start_thread",
    "unfollow_network",
    "unfollow_thread",
    "unhide_post",
]
