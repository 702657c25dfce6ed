"""Sessions read from the cache end the moment their row is deleted.

Sessions are read from the cache and written through to the database (`cached_db`). Ending a
member's sessions other than by their own sign-out is deleting their rows (staff suspending an
account or signing it out everywhere, then `networks.signals.sessions_ended`); without this, the
cache would go on answering for a deleted session, signing the member in, until its entry expired.
The entry is forgotten when the row goes and again after the deletion commits, so a request that
read the row in between cannot put it back.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete


def forget_cached_session(sender, instance: Session, **kwargs) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore(instance.session_key)
    cache_key = getattr(store, "cache_key", None)
    if cache_key is None:  # a session engine that keeps nothing in the cache
        return
    cache = caches[settings.SESSION_CACHE_ALIAS]
    cache.delete(cache_key)
    transaction.on_commit(lambda: cache.delete(cache_key))


def register() -> None:
    post_delete.connect(forget_cached_session, sender=Session, dispatch_uid="networks-forget-cached-session")
