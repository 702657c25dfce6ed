"""Each HTTP request's synchronous code on one of a few long-lived threads, so connections are kept.

Django's ASGI handler runs every request in a `ThreadSensitiveContext` of its own, and asgiref gives
each such context a new thread. Database connections (and anything else Django keeps per thread)
then live and die with the request: `CONN_MAX_AGE` kept nothing, and every page opened a new
database connection (2 ms on SQLite here, far more on PostgreSQL) before its first query.

`KeptThreads` wraps the HTTP application: each request is given the least busy of a fixed set of
single-thread executors (`HTTP_SYNC_THREADS`, 4 by default), and Django's own context, nested inside,
uses it. All of one request's synchronous code still runs on one thread (transactions and
thread-locals work as before); a slow request holds one thread while the others keep serving.
WebSockets are untouched (Channels' consumers keep their own database thread).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext


class KeptThreads:
    def __init__(self, app, threads: int):
        if threads < 1:
            raise ValueError("HTTP_SYNC_THREADS must be at least 1")
        self.app = app
        self.executors = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"http-{n}") for n in range(threads)]
        self.busy = [0] * threads
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        with self.lock:
            chosen = min(range(len(self.busy)), key=self.busy.__getitem__)
            self.busy[chosen] += 1
        try:
            async with ThreadSensitiveContext(executor=self.executors[chosen]):
                await self.app(scope, receive, send)
        finally:
            with self.lock:
                self.busy[chosen] -= 1
