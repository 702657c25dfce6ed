"""Django's Redis cache with one connection pool per process, not one per request.

Django keeps cache objects per context (`caches` is an asgiref `Local` that is not thread-critical),
and under ASGI every request runs in a context of its own: each request made a `RedisCache`, a
client and a connection pool, and so opened a new connection to Redis (with its handshake) and
dropped it at the end. The client and its pool are safe to share between threads, so every
`RedisCache` of a process made for the same servers and options shares one here.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

_clients: dict[tuple, object] = {}
_lock = threading.Lock()


class SharedRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), tuple(sorted((name, repr(value)) for name, value in self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client
