"""Caching that is never wrong: every entry is checked against the versions of what it was made from.

What is expensive and the same for many readers (a thread's rendered posts, a network's body, a
commission's figures, a whole page for visitors who are not signed in) is kept in Django's cache:
Redis in production, a file cache shared by the demo's processes, local memory in tests. Nothing
is deleted to invalidate it. Each entry carries the *versions* of the content it was made from and
is used only while every one of them is still current.

A version belongs to a scope, a string naming what can change: `"thread:12"`, `"network:3"`,
`"people"`, `"site"` (the scopes are listed in docs/caching.md). `bump(scope)` gives a scope a new
random token when its content changes. Why that is enough:

- **Read the version before the content.** A render records each scope's token with
  `depends_on(scope)` *before* it reads what the scope covers, so a change that lands during the
  render leaves the entry made from the old content under the old token.
- **Bump on commit.** `bump()` sets a new token at once and again after the transaction commits.
  Anyone who reads between the two (and so may have seen the old rows) stored under a token the
  second bump retires; anyone who reads after the commit sees the new rows. Nothing is stored from
  inside a transaction, where a render could see rows that are later rolled back.
- **Random tokens.** A version evicted from the cache comes back as a new token, never as an old
  one: eviction costs a miss, never a stale page.
- **Clocks.** Content that changes with time alone ("3 minutes ago", a chat that starts at 19:00)
  says so with `fresh_until(moment)`; the entry is not used after it.

Per-member state (unread marks, follow buttons, roles, what a member may do) is never read from an
entry another member made: shared entries hold only what is the same for everyone who gets them,
and the few per-member entries (`networks.permissions.roles`) are keyed by the member.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import secrets
import time
import warnings
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
logger = logging.getLogger(__name__)

_VERSION = "version:"

EVERYTHING = "epoch"
"""The scope every entry depends on: bumped when content changes wholesale (the demo loader)."""


def scope(kind: str, pk: Any = None) -> str:
    """`scope("thread", 12)` is "thread:12"; `scope("people")` is "people"."""
    return kind if pk is None else f"{kind}:{pk}"


def shared_seconds() -> int:
    """How long a shared entry may live at most: a bound on what nothing else bounds (see fresh_until)."""
    return settings.CACHE_SHARED_SECONDS


# Versions ------------------------------------------------------------------------------------------


def _token() -> str:
    return secrets.token_hex(6)


def current(scopes: Iterable[str]) -> dict[str, str]:
    """Each scope's current token (one cache round trip; a scope never seen, or evicted, gets a new one)."""
    keys = {_VERSION + name: name for name in scopes}
    if not keys:
        return {}
    found = cache.get_many(list(keys))
    for key in keys.keys() - found.keys():
        token = _token()
        if not cache.add(key, token, None):
            token = cache.get(key) or token
        found[key] = token
    return {keys[key]: token for key, token in found.items()}


def _renew(scopes: tuple[str, ...]) -> None:
    cache.set_many({_VERSION + name: _token() for name in scopes}, None)


def in_transaction() -> bool:
    """Whether this thread's connection is inside a transaction of the code's own (a test's wrapper is not one)."""
    return connection.in_atomic_block and any(not block._from_testcase for block in connection.atomic_blocks)


def bump(*scopes: str) -> None:
    """Retire every entry made from these scopes: now, and again once the current transaction commits."""
    if not scopes:
        return
    _renew(scopes)
    if in_transaction():
        transaction.on_commit(lambda: _renew(scopes))


def everything_changed() -> None:
    """Retire every shared entry (after bulk loads that bypass the models' signals)."""
    bump(EVERYTHING)


# Recording what a render read ----------------------------------------------------------------------


@dataclass
class Recording:
    """The scopes (with the tokens seen) and the clock limit of one render."""

    tokens: dict[str, str] = field(default_factory=dict)
    expires: float | None = None
    tables: bool = False
    """Whether every table the render queries is a scope of it (`guard_writes`): whole pages only."""

    def merge(self, tokens: dict[str, str], expires: float | None = None) -> None:
        for name, token in tokens.items():
            self.tokens.setdefault(name, token)
        if expires is not None:
            self.expires = expires if self.expires is None else min(self.expires, expires)


_recording: ContextVar[Recording | None] = ContextVar("networks_cache_recording", default=None)


@contextmanager
def recording(*scopes: str, tables: bool = False):
    """Record, for the code inside, the scopes it depends on (starting with `scopes` and EVERYTHING).

    With `tables=True` every table the code inside queries is one of them too (`guard_writes`).
    """
    with resume(Recording(tables=tables)) as made:
        depends_on(EVERYTHING, *scopes)
        yield made


def depends_on(*scopes: str) -> None:
    """Say that what is about to be read belongs to these scopes. Call it before the query."""
    made = _recording.get()
    if made is None:
        return
    new = [name for name in scopes if name not in made.tokens]
    if new:
        made.merge(current(new))


def fresh_until(moment: datetime | float) -> None:
    """Say that what was read changes by the clock alone at `moment` (a datetime or a Unix time)."""
    made = _recording.get()
    if made is not None:
        made.merge({}, moment.timestamp() if isinstance(moment, datetime) else moment)


def fresh_for(seconds: float) -> None:
    fresh_until(time.time() + seconds)


# Entries -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    tokens: dict[str, str]
    expires: float | None
    value: Any


def may_store() -> bool:
    """Entries are made only outside transactions (a render inside one may see rows later rolled back)."""
    return settings.CACHE_SHARED_ENABLED and not in_transaction()


_UNREADABLE = (AttributeError, ImportError, EOFError, TypeError, ValueError, pickle.UnpicklingError)


def _get_many(keys: list[str]) -> dict[str, Any]:
    """The cache's entries for these keys; entries pickled by an earlier release of the code that
    this one cannot read (a class renamed or moved) count as missing, and are replaced."""
    try:
        return cache.get_many(keys)
    except _UNREADABLE:
        found = {}
        for key in keys:
            try:
                value = cache.get(key)
            except _UNREADABLE:
                logger.info("Unreadable cache entry %s replaced", key)
                continue
            if value is not None:
                found[key] = value
        return found


def valid(entries: dict[str, Entry]) -> dict[str, Entry]:
    """The entries whose versions are all still current and whose clock limit has not passed."""
    entries = {key: entry for key, entry in entries.items() if isinstance(entry, Entry)}
    if not entries:
        return {}
    now = time.time()
    tokens = current({name for entry in entries.values() for name in entry.tokens})
    return {
        key: entry
        for key, entry in entries.items()
        if (entry.expires is None or entry.expires > now)
        and all(tokens.get(name) == token for name, token in entry.tokens.items())
    }


def lookup(key: str) -> Entry | None:
    """A valid entry, its versions passed on to the render that asks (so a page made from it depends on them too)."""
    found = valid(_get_many([key])) if settings.CACHE_SHARED_ENABLED else {}
    entry = found.get(key)
    if entry is not None:
        made = _recording.get()
        if made is not None:
            made.merge(entry.tokens, entry.expires)
    return entry


def lookup_many(keys: Iterable[str]) -> dict[str, Any]:
    """{key: value} of the valid entries among `keys` (two cache round trips however many)."""
    if not settings.CACHE_SHARED_ENABLED:
        return {}
    found = valid(_get_many(list(keys)))
    made = _recording.get()
    if made is not None:
        for entry in found.values():
            made.merge(entry.tokens, entry.expires)
    return {key: entry.value for key, entry in found.items()}


def begin(scopes_by_key: dict[str, Iterable[str]]) -> dict[str, Recording]:
    """A recording per key, each holding its scopes' tokens, read in one round trip before the content is.

    For renders done in a batch (the missing posts of a page, read in one query): take the tokens
    first, then read, then render each inside `resume(recording)`, then `store_many`.
    """
    wanted = {name for names in scopes_by_key.values() for name in names} | {EVERYTHING}
    tokens = current(wanted)
    return {
        key: Recording({name: tokens[name] for name in (EVERYTHING, *names)}) for key, names in scopes_by_key.items()
    }


@contextmanager
def resume(made: Recording, *, pass_on: bool = True):
    """Record into `made` (from `begin`) while the code inside renders; passed on to the enclosing render too."""
    reset = _recording.set(made)
    try:
        yield made
    finally:
        _recording.reset(reset)
        parent = _recording.get()
        if parent is not None and pass_on:
            parent.merge(made.tokens, made.expires)


def store(key: str, made: Recording, value: Any, seconds: int | None = None) -> None:
    if may_store():
        cache.set(key, Entry(made.tokens, made.expires, value), seconds or shared_seconds())


def store_many(made: dict[str, tuple[Recording, Any]]) -> None:
    if made and may_store():
        cache.set_many(
            {key: Entry(recorded.tokens, recorded.expires, value) for key, (recorded, value) in made.items()},
            shared_seconds(),
        )


def remember(
    key: str, compute: Callable[[], T], *, scopes: Iterable[str] = (), covered: bool = False, tables: bool = False
) -> T:
    """`compute()` once for everyone until one of the scopes it read (declared here or inside) changes.

    With `covered=True` the entry depends on the declared scopes only, not on those of the entries
    `compute()` itself reads: for a whole made of parts whose every change also bumps one of the
    declared scopes (a page of posts, whose posts' changes all bump the thread). Checking it then
    costs a few versions instead of every part's. With `tables=True` it also depends on every table
    `compute()` queries (see `guard_writes`): for what reads rows no named scope covers.
    """
    entry = lookup(key)
    if entry is not None:
        return entry.value
    with recording(*scopes, tables=tables) as made:
        if covered:
            with resume(Recording(), pass_on=False) as parts:
                value = compute()
            made.merge({}, parts.expires)
        else:
            value = compute()
    store(key, made, value)
    return value


def key(*parts: Any) -> str:
    """A cache key from readable parts; long or odd parts are hashed."""
    text = ":".join(str(part) for part in parts)
    if len(text) <= 200 and text.isprintable() and " " not in text:
        return text
    return f"{parts[0]}:{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"


# Watching models -----------------------------------------------------------------------------------

WATCHED: dict[str, type] = {}
"""Tables whose rows feed shared entries, by table name: every write to them must bump their scopes."""

UNSHOWN_COLUMNS: dict[str, frozenset[str]] = {}
"""Columns no shared entry shows, by table (a watched model's `ignore_fields`): an UPDATE that sets
only these does not bump its table either. A sign-in writes the member's `last_login`; without this,
every sign-in retired every page kept for visitors that names a member (thread lists, thread pages,
a commission's record), and an announcement's thousands of sign-ins kept them from being kept."""


def watch(
    model,
    scopes_of: Callable[[Any], Iterable[str]],
    *,
    ignore_fields: frozenset[str] = frozenset(),
    on_create: bool = True,
) -> None:
    """Bump `scopes_of(instance)` whenever an instance of `model` is saved or deleted, wherever from.

    Actions, the Wagtail admin, the shell and management commands all save through the model, so
    the bump cannot be forgotten by a new code path. A save that names only `ignore_fields` (a
    login's `last_login`, say) changes nothing a shared entry shows; with `on_create=False` a new row
    bumps nothing (a new account appears nowhere until its content does, which bumps its own). Writes that bypass the model
    (`QuerySet.update()`, `bulk_create()`) must bump by hand: see `changing()`.
    """
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    def saved(sender, instance, created=False, update_fields=None, **kwargs):
        cover(-1)
        if update_fields is not None and ignore_fields and set(update_fields) <= ignore_fields:
            return
        if created and not on_create:
            return
        bump(*scopes_of(instance))

    def deleted(sender, instance, **kwargs):
        cover(-1)
        bump(*scopes_of(instance))

    def writing(sender, instance, **kwargs):
        cover(+1)

    uid = f"networks.caching:{model._meta.label}"
    pre_save.connect(writing, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(writing, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
    WATCHED[model._meta.db_table] = model
    if ignore_fields:
        UNSHOWN_COLUMNS[model._meta.db_table] = frozenset(model._meta.get_field(name).column for name in ignore_fields)


def watch_m2m(through, scopes_of: Callable[[Any, bool, set | None], Iterable[str]]) -> None:
    """Bump `scopes_of(instance, reverse, pks)` whenever a many-to-many relation changes.

    `pks` are the ids added or removed (those about to be cleared, for `clear()`), on the side
    opposite `instance`. Direct writes to the through table (`through.objects....delete()`) are
    watched as rows of their own: pass the through model to `watch` too.
    """
    from django.db.models.signals import m2m_changed

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action in ("pre_add", "pre_remove", "pre_clear"):
            cover(+1)
        if action == "pre_clear":
            bump(*scopes_of(instance, reverse, None))
        elif action in ("post_add", "post_remove", "post_clear"):
            cover(-1)
            if action != "post_clear":
                bump(*scopes_of(instance, reverse, pk_set))

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"networks.caching:m2m:{through._meta.label}")


@contextmanager
def changing(*scopes: str):
    """Around writes that bypass the models' signals (`QuerySet.update()`, `bulk_create()`): bump `scopes` after them."""
    reset = _covered.set(_covered.get() + 1)
    try:
        yield
    finally:
        _covered.reset(reset)
        bump(*scopes)


@contextmanager
def bulk():
    """Around bulk loads (the demo, a benchmark's corpus): retire every shared entry after them."""
    with changing(EVERYTHING):
        yield


# Writes that bypass the models' signals ----------------------------------------------------------

_WRITE = re.compile(r'^\s*(?:UPDATE|INSERT(?:\s+OR\s+\w+)?\s+INTO|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_covered: ContextVar[int] = ContextVar("networks_cache_covered", default=0)


class UncoveredWrite(RuntimeWarning):
    """A write to a watched table that neither a model's save or delete nor `changing()` accounted for."""


def cover(delta: int) -> None:
    """Open (+1) or close (-1) a window in which writes are accounted for (a save or delete through the model)."""
    _covered.set(max(0, _covered.get() + delta))


@contextmanager
def covered():
    """Writes inside are accounted for by the caller (who bumps what they change)."""
    reset = _covered.set(_covered.get() + 1)
    try:
        yield
    finally:
        _covered.reset(reset)


def table(name: str) -> str:
    """The scope of every row of one database table: bumped by every write to it, however it is made."""
    return f"table:{name}"


_READ_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def guard_writes(execute, sql, params, many, context):
    """Every write bumps its table's scope; a read inside a whole-page recording depends on its tables.

    Installed on every database connection (`install_write_guard`), so no code path can forget:

    - **Reads.** Inside a recording made with `tables=True` (a whole page for visitors), each query's
      tables are depended on *before* the query runs: the page is retired by the next write to any
      table it read, whoever makes it (a view, the admin, the worker, a raw `update()`).
    - **Writes.** After each `INSERT`, `UPDATE` or `DELETE`, its table's scope is bumped (now, and
      again on commit: `bump`).
    - **Uncovered writes to watched tables.** A save or delete through the model bumps the model's
      named scopes (`watch`; cascades of a delete included), and writes inside `changing()` or
      `bulk()` bump the scopes named there. Anything else, a `QuerySet.update()` or `bulk_create()`
      nobody wrapped, would leave the fragments kept under named scopes showing rows that changed:
      so it bumps EVERYTHING, and warns (in the log, and in the tests' warnings summary) so the write
      can be wrapped and the site keep what it keeps.
    """
    made = _recording.get()
    if made is not None and made.tables and sql.lstrip()[:6].upper() in ("SELECT", "WITH R", "WITH \""):
        depends_on(*{table(name) for name in _READ_TABLES.findall(sql)})
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql)
    if match and not _sets_only_unshown(match.group(1), sql):
        name = match.group(1)
        if _covered.get() <= 0 and name in WATCHED:
            message = (
                f"A write to {name} bypassed its model's save and delete: every shared cache entry is "
                "retired. Wrap it in networks.caching.changing(...) with the scopes it changes."
            )
            logger.warning(message)
            warnings.warn(message, UncoveredWrite, stacklevel=2)
            bump(EVERYTHING, table(name))
        else:
            bump(table(name))
    return result


_UPDATE_SET = re.compile(r'^\s*UPDATE\s+"?[\w.]+"?\s+SET\s+(.*?)\s+WHERE\s', re.IGNORECASE | re.DOTALL)
_SET_COLUMN = re.compile(r'(?:^|,)\s*"?(\w+)"?\s*=')


def _sets_only_unshown(name: str, sql: str) -> bool:
    """Whether `sql` is an UPDATE of `name` that sets only columns no shared entry shows."""
    unshown = UNSHOWN_COLUMNS.get(name)
    if not unshown:
        return False
    match = _UPDATE_SET.match(sql)
    if match is None:
        return False
    columns = set(_SET_COLUMN.findall(match.group(1)))
    return bool(columns) and columns <= unshown


def install_write_guard(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: guard this connection's reads and writes (once per connection object)."""
    if guard_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(guard_writes)
