"""While the cache's Redis cannot be reached, a read is a miss and a write is dropped, logged once (issue 19)."""

from __future__ import annotations

import logging
import socket

import pytest

from networksite import cache_backends
from networksite.cache_backends import SharedFileCache, SharedRedisCache


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable():
    cache_backends._outage.clear()
    yield SharedRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    cache_backends._outage.clear()


def test_an_unreachable_cache_misses_and_drops_instead_of_failing_the_page(unreachable, caplog):
    with caplog.at_level(logging.WARNING, logger="networksite.cache_backends"):
        assert unreachable.get("page", "missing") == "missing"
        assert unreachable.get_many(["a", "b"]) == {}
        assert unreachable.add("version", "1") is False
        unreachable.set("page", "made")
        assert unreachable.set_many({"a": 1, "b": 2}) == ["a", "b"]
        unreachable.delete("page")
        assert unreachable.has_key("page") is False
        with pytest.raises(ValueError):
            unreachable.incr("sign-in attempts")
    warnings = [record for record in caplog.records if "cannot be reached" in record.getMessage()]
    assert len(warnings) == 1, "one warning per outage, not one per call"


def test_the_file_cache_does_not_list_its_directory_on_every_write(tmp_path, monkeypatch):
    cache = SharedFileCache(str(tmp_path / "cache"), {"OPTIONS": {"MAX_ENTRIES": 10_000, "CULL_EVERY": 100}})
    listings = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or listing())
    for number in range(500):
        cache.set(f"role {number}", number)
    assert len(listings) <= 5, "Django's file cache lists every file on every write: 500 listings here"
    assert cache.get("role 499") == 499


def test_the_file_cache_still_keeps_to_its_size(tmp_path):
    cache = SharedFileCache(str(tmp_path / "cache"), {"OPTIONS": {"MAX_ENTRIES": 100, "CULL_EVERY": 20}})
    for number in range(1_000):
        cache.set(f"session {number}", number)
    assert len(cache._list_cache_files()) <= 100 + 20
    assert cache.get("session 999") == 999
