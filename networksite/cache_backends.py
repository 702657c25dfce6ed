"""The shared caches: Django's Redis cache with one connection pool per process, that lets the site run
while Redis is away; and, without Redis, Django's file cache that does not list its directory on every write.

One pool per process: Django keeps cache objects per context (`caches` is an asgiref `Local` that
is not thread-critical), and under ASGI every request runs in a context of its own: each request
made a `RedisCache`, a client and a connection pool, and so opened a new connection to Redis (with
its handshake) and dropped it at the end. The client and its pool are safe to share between
threads, so every `RedisCache` of a process made for the same servers and options shares one here.

Running without Redis: everything the cache holds can be made again (kept pages, fragments, roles,
the versions that say what is current) or is kept in the database too (sessions are `cached_db`).
So while Redis restarts or cannot be reached, a read is a miss and a write is dropped, logged once
per outage, instead of every page, socket and chat frame failing with it (issue 19: the chat keeps
delivering through a Redis restart). Sign-in throttling and rate limits, which count in the cache,
do not count while it is away. When Redis answers again, every shared entry is retired
(`networks.caching.everything_changed`), since a change made meanwhile could not retire them.
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_clients: dict[tuple, object] = {}
_lock = threading.Lock()
_outage = threading.Event()
"""Set while this process cannot reach the cache's Redis."""

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


def _forgiving(fallback):
    """Run the cache call; while Redis cannot be reached, answer `fallback(*args)` instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                if not _outage.is_set():
                    _outage.set()
                    logger.warning(
                        "The cache's Redis cannot be reached (%s: %s); pages are made afresh and sign-in "
                        "limits do not count until it is back",
                        type(error).__name__,
                        error,
                    )
                return fallback(*args, **kwargs)
            if _outage.is_set():
                _outage.clear()
                logger.warning("The cache's Redis is reachable again; every shared entry is retired")
                _retire_everything()
            return result

        return call

    return decorate


def _retire_everything() -> None:
    from networks import caching

    try:
        caching.everything_changed()
    except UNREACHABLE:
        _outage.set()


def _default(key, default=None, *args, **kwargs):
    return default


class SharedRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), tuple(sorted((name, repr(value)) for name, value in self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client

    get = _forgiving(_default)(RedisCache.get)
    get_many = _forgiving(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _forgiving(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _forgiving(lambda *args, **kwargs: False)(RedisCache.add)
    set = _forgiving(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _forgiving(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _forgiving(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _forgiving(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _forgiving(lambda *args, **kwargs: None)(RedisCache.delete_many)

    @_forgiving(lambda key, *args, **kwargs: _missing(key))
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)


def _missing(key):
    raise ValueError(f"Key '{key}' not found (the cache's Redis cannot be reached)")


_writes: dict[str, itertools.count] = {}


class SharedFileCache(FileBasedCache):
    """Django's file cache, which looks at its whole directory once every `CULL_EVERY` writes, not on each.

    `FileBasedCache` lists every file in its directory on every write to learn whether it is over
    `MAX_ENTRIES`. With thousands of entries kept (sessions, each member's roles) that listing was
    most of what a chat connection cost without Redis: 1,000 members opening the chat's socket
    spent 63% of the database thread listing the cache directory (py-spy, docs/performance.md).
    Counting writes per process and directory keeps the bound, overshot by at most `CULL_EVERY`
    entries per process, and culls as Django does when it looks.
    """

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", 200))

    def _cull(self):
        # dict.setdefault and next() on a count are atomic under the GIL: threads share one count.
        if next(_writes.setdefault(self._dir, itertools.count())) % self._cull_every:
            return
        super()._cull()
