"""Creating forms make one thing, however often they are sent: the idempotency key.

Each creating form (a thread, a reply, a submission, a message in a
submission's dialogue, an amendment, a report to the moderators) carries a
hidden one-time key, `IdempotencyKeyField`, made when the form is shown and
kept when it comes back with an error. `run_once` records the key in the same
transaction as what the form makes, with where it lives; the same key again, a
double click or a request the browser retried, is answered with that first
result (`Outcome.repeated`) instead of a second one. Two copies arriving
together race for the key's unique row: the loser waits for the winner's
commit, then finds its result. A refused or failed form spends no key.

The chat's questions carry their own client ids (`chat.models`), and joining a
network, following and coordinator sign-up are one row per member already.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.models import IdempotencyKey

T = TypeVar("T")
KEY = re.compile(r"[0-9a-f]{32}")
KEPT_FOR = timedelta(days=1)
FIELD_NAME = "idempotency_key"


class IdempotencyKeyField(forms.CharField):
    """The hidden one-time key of a creating form: a new one each time the empty form is shown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", new_key)
        super().__init__(**kwargs)

    def clean(self, value):
        """A malformed key is no key (the form is then made as it always was), never a form error."""
        value = super().clean(value)
        return value if KEY.fullmatch(value or "") else ""


def new_key() -> str:
    return uuid.uuid4().hex


@dataclass
class Outcome(Generic[T]):
    result: T | None
    """What the form made this time; None when it had been made already."""
    url: str
    """Where what the form made lives (the first time's, for a repeat)."""
    repeated: bool


def run_once(user, key: str, make: Callable[[], T], url_of: Callable[[T], str]) -> Outcome[T]:
    """`make()` unless `key` already made something for `user`, in which case its first result's address.

    Without a key (a form from before keys, a caller with none) `make()` simply runs.
    """
    if not key or not user.is_authenticated:
        result = make()
        return Outcome(result, url_of(result), repeated=False)
    earlier = _earlier(user, key)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()
            record = IdempotencyKey.objects.create(user=user, key=key)
            result = make()
            record.url = url_of(result)[:500]
            record.save(update_fields=["url"])
    except IntegrityError:
        # The twin of this request committed the key first (or `make` itself clashed): its result, if it has one.
        earlier = _earlier(user, key)
        if earlier is None:
            raise
        return earlier
    return Outcome(result, record.url, repeated=False)


def _earlier(user, key: str) -> Outcome | None:
    record = IdempotencyKey.objects.filter(user=user, key=key).exclude(url="").first()
    return Outcome(None, record.url, repeated=True) if record is not None else None


def erase_keys(user) -> None:
    IdempotencyKey.objects.filter(user=user).delete()
