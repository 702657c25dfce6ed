"""The one place that answers "may this user do X here?", and "which ones may they?".

Every concern registers its rules under an action name with `@rule("action")`:
`networks.permissions` holds the ground floor's (networks, party units,
coordinators), and each app above adds its own from its `AppConfig.ready()`.
Views, templates (the `can` tag), the Wagtail admin, consumers, feeds and
exports all ask `can()`; none of them repeats a rule.

Where a rule is also needed as a list ("the networks this member may read",
"the submissions this member may see", "the members who may read this
thread"), the rule registers the queryset beside its check (`objects=` for the
objects a user may act on, `users=` for the users who may act on an object),
so the question and the list are written in one place;
`tests/test_permission_table.py` checks that they agree for every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

Check = Callable[[Any, Any], bool]
Objects = Callable[[Any], QuerySet]
Users = Callable[[Any], QuerySet]


class UnknownAction(KeyError):
    """Raised for an action no rule was registered for: a programming error, never a refusal."""


class NoListForAction(TypeError):
    """`permitted()` or `who_may()` was asked about a rule that registered no such list: a programming error."""


@dataclass(frozen=True)
class Rule:
    action: str
    check: Check
    objects: Objects | None = None
    """Every object of the rule's kind the user may act on, as a queryset; None when nobody needs the list."""
    users: Users | None = None
    """Every active user who may act on the object, as a queryset; None when nobody needs the list."""


_RULES: dict[str, Rule] = {}


def rule(action: str, *, objects: Objects | None = None, users: Users | None = None) -> Callable[[Check], Check]:
    """Register `check(user, obj) -> bool` for `action`, with its lists `objects(user)` and `users(obj)` if given."""

    def register(check: Check) -> Check:
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered")
        _RULES[action] = Rule(action, check, objects, users)
        return check

    return register


def _rule(action: str) -> Rule:
    try:
        return _RULES[action]
    except KeyError:
        raise UnknownAction(action) from None


def can(user, action: str, obj: Any = None) -> bool:
    """Whether `user` (None for nobody signed in) may do `action` to `obj`."""
    return bool(_rule(action).check(user if user is not None else AnonymousUser(), obj))


def permitted(user, action: str) -> QuerySet:
    """Every object `user` may do `action` to: the list that goes with the rule's check."""
    found = _rule(action)
    if found.objects is None:
        raise NoListForAction(f"The rule {action!r} registers no list of objects")
    return found.objects(user if user is not None else AnonymousUser())


def who_may(action: str, obj: Any = None) -> QuerySet:
    """Every active user who may do `action` to `obj`: the list that goes with the rule's check."""
    found = _rule(action)
    if found.users is None:
        raise NoListForAction(f"The rule {action!r} registers no list of users")
    return found.users(obj)


def registered_actions() -> list[str]:
    return sorted(_RULES)


def listed_actions() -> list[str]:
    """The actions whose rule also answers `permitted()`."""
    return sorted(action for action, found in _RULES.items() if found.objects is not None)


def user_listed_actions() -> list[str]:
    """The actions whose rule also answers `who_may()`."""
    return sorted(action for action, found in _RULES.items() if found.users is not None)
