"""Who may suspend whom, and who may ask for it."""

from __future__ import annotations

from networks.permissions.networks import moderates
from networks.permissions.registry import rule
from networks.permissions.roles import is_staff


def outranks(user, member) -> bool:
    """Staff may suspend members; only a superuser may suspend staff; nobody may suspend a superuser but a superuser."""
    if member.is_superuser:
        return user.is_superuser
    if member.is_staff:
        return user.is_superuser
    return True


@rule("suspend_member")
def _suspend_member(user, member) -> bool:
    """Staff suspend (and lift) an account site-wide; never their own, never someone above their rights."""
    return is_staff(user) and member is not None and member.pk != user.pk and outranks(user, member)


@rule("manage_suspensions")
def _manage_suspensions(user, obj=None) -> bool:
    """Staff see the suspensions and the moderators' requests for them."""
    return is_staff(user)


@rule("request_suspension")
def _request_suspension(user, network) -> bool:
    """A network's moderators and editors ask staff to suspend a member, from the flag queue."""
    return user.is_authenticated and moderates(user, network)
