"""Discussions benchmark: a 2,000-post thread and a 10,000-thread network, served through Django.

    DJANGO_SETTINGS_MODULE=networksite.settings.test .venv/bin/python bench/discussions.py
    (or `make bench`; set DATABASE_URL=postgres://… to measure on PostgreSQL)

Builds, in a throwaway test database: 200 authors (hosts, editors, moderators,
commission members among them), one thread of 2,000 posts nested up to depth
8, and 10,000 further threads in the same network, all in the search index.
Then it requests, as a signed-in member, the thread's first and last pages,
the network's thread list and a search, counting SQL queries once and timing
each REPEAT times (server time: the full Django request/response cycle in
process, no network). The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networksite.settings.test")

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", 2_000))
AUTHORS = int(os.environ.get("BENCH_AUTHORS", 200))
THREADS = int(os.environ.get("BENCH_THREADS", 10_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 30))


def build(rng: random.Random) -> dict:
    from bench.corpus import build_thread, build_threads, make_authors
    from tests.networks import factories

    network = factories.make_network("Health Network", slug="health")
    factories.make_commission("Health", "HEA")
    users = make_authors(network, AUTHORS)
    thread, depth = build_thread(network, users, rng, posts=POSTS, title="GP access in rural areas: two thousand voices")
    build_threads(network, users, rng, count=THREADS)
    return {"viewer": users[1], "thread": thread, "network": network, "depth": depth}


def measure(client: Client, url: str) -> dict:
    client.get(url)  # warm caches (templates, Wagtail site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the captured slice is read lazily from a log later requests reset
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "queries": queries,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
    }


def main() -> None:
    setup_test_environment()
    # As Django's test client does in tests: keep one connection for the whole run
    # instead of closing it after every request (it would lose an in-memory database).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # A database of its own, so a bench never clobbers a test run's test database.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_discussions_{os.getpid()}" if connection.vendor != "sqlite" else None
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(2026)
        started = time.perf_counter()
        data = build(rng)
        build_s = round(time.perf_counter() - started, 1)
        client = Client()
        client.force_login(data["viewer"])
        thread, network = data["thread"], data["network"]
        results = {
            "thread_page": measure(client, thread.get_absolute_url()),
            "thread_last_page": measure(client, thread.get_absolute_url() + "?page=last"),
            "thread_list": measure(client, f"/networks/{network.slug}/threads/"),
            "search": measure(client, "/discussions/search/?q=surgery+waiting"),
        }
        for name, figures in results.items():
            print(f"{name:18} {figures['queries']:3} queries  p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms")
        summary = {
            "database": connection.vendor,
            "thread_posts": POSTS,
            "thread_max_depth": data["depth"],
            "authors": AUTHORS,
            "network_threads": THREADS + 1,
            "repeat": REPEAT,
            "build_s": build_s,
            "thread_page_queries": results["thread_page"]["queries"],
            "thread_page_p50_ms": results["thread_page"]["p50_ms"],
            "thread_page_p95_ms": results["thread_page"]["p95_ms"],
            "thread_last_page_queries": results["thread_last_page"]["queries"],
            "thread_last_page_p50_ms": results["thread_last_page"]["p50_ms"],
            "thread_last_page_p95_ms": results["thread_last_page"]["p95_ms"],
            "thread_list_queries": results["thread_list"]["queries"],
            "thread_list_p50_ms": results["thread_list"]["p50_ms"],
            "thread_list_p95_ms": results["thread_list"]["p95_ms"],
            "search_queries": results["search"]["queries"],
            "search_p50_ms": results["search"]["p50_ms"],
            "search_p95_ms": results["search"]["p95_ms"],
        }
        print(json.dumps(summary))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
