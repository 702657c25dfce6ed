"""Permission rules for discussions, registered with networks.permissions.rule.

A thread in a network follows its network: reading is `view_network`, taking
part is `take_part`, moderating belongs to the network's moderators and
editors (and staff). A thread without a network is a submission's dialogue
with a commission: reading and replying are delegated to the submission rules
(`view_submission`, `reply_submission`); until those exist, only staff see it.
"""

from __future__ import annotations

from networks.models import NetworkMembership
from networks.permissions import (
    UnknownAction,
    can,
    has_role,
    is_commission_member,
    is_staff,
    rule,
)

Role = NetworkMembership.Role


def _submission_can(user, action: str, thread) -> bool:
    """Ask the submission rules about a network-less thread; staff only while they are not registered."""
    submission = getattr(thread, "submission", None) if thread.pk else None
    if submission is None:
        return is_staff(user)
    try:
        return can(user, action, submission)
    except UnknownAction:
        return is_staff(user)


def _moderates(user, network) -> bool:
    return is_staff(user) or has_role(user, network, Role.MODERATOR, Role.EDITOR)


@rule("view_thread")
def _view_thread(user, thread) -> bool:
    if thread.network_id is None:
        return _submission_can(user, "view_submission", thread)
    return can(user, "view_network", thread.network)


@rule("start_thread")
def _start_thread(user, network) -> bool:
    return user.is_authenticated and can(user, "take_part", network)


@rule("reply_thread")
def _reply_thread(user, thread) -> bool:
    """Locked threads take no replies, except a closing note from those who moderate them.

    A moderator who locks a thread usually says why in the thread itself; the
    moderation log records the reason, but readers look for it at the end of
    the discussion.
    """
    if not user.is_authenticated:
        return False
    if thread.is_locked:
        return can(user, "moderate_thread", thread)
    if thread.network_id is None:
        return _submission_can(user, "reply_submission", thread)
    return can(user, "take_part", thread.network)


@rule("post_official_response")
def _post_official_response(user, thread) -> bool:
    """Commission members speak for their commission in any dialogue they can reply to.

    In a submission's dialogue the official voice is whoever answers for the
    commission it is addressed to: that commission's members and staff (the
    submission rule `change_submission_status`).
    """
    if not can(user, "reply_thread", thread):
        return False
    if thread.network_id is None:
        return _submission_can(user, "change_submission_status", thread)
    return is_commission_member(user)


@rule("edit_post")
def _edit_post(user, post) -> bool:
    """Authors edit their own words while the post stands and the thread is open.

    In a locked thread only its moderators still edit their own posts, so a
    closing note can be corrected.
    """
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and (not post.thread.is_locked or can(user, "moderate_thread", post.thread))
        and can(user, "view_thread", post.thread)
    )


@rule("delete_post")
def _delete_post(user, post) -> bool:
    return user.is_authenticated and not post.is_deleted and (post.author_id == user.pk or is_staff(user))


@rule("flag_post")
def _flag_post(user, post) -> bool:
    """Any signed-in reader may report a post that is still shown, except their own."""
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and not post.is_deleted
        and not post.is_hidden
        and can(user, "view_thread", post.thread)
    )


@rule("moderate_discussions")
def _moderate_discussions(user, network) -> bool:
    """Hide posts, lock, pin and move threads, work the flag queue, read the moderation log."""
    return _moderates(user, network)


@rule("moderate_thread")
def _moderate_thread(user, thread) -> bool:
    if thread.network_id is None:
        return is_staff(user)
    return _moderates(user, thread.network)


@rule("view_post_history")
def _view_post_history(user, post) -> bool:
    return (user.is_authenticated and post.author_id == user.pk) or can(user, "moderate_thread", post.thread)


@rule("follow_thread")
def _follow_thread(user, thread) -> bool:
    return user.is_authenticated and can(user, "view_thread", thread)


@rule("follow_network")
def _follow_network(user, network) -> bool:
    return user.is_authenticated and can(user, "view_network", network)
