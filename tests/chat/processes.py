"""For tests that run the chat as deployed: daphne processes and a redis-server of their own.

They use the fan-out bench's helpers (bench/chat_fanout.py), so the bench and these tests start servers the
same way. Without redis-server such a test is skipped with one loud line, unless REQUIRE_REDIS=1 (as in CI),
when it fails instead.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "chat_fanout.py"
MISSING_REDIS = (
    "REDIS TEST SKIPPED: redis-server is not installed (apt-get install -y redis-server); "
    "REQUIRE_REDIS=1 turns this into a failure."
)


def require_redis() -> None:
    if shutil.which("redis-server") is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but " + MISSING_REDIS)
        print("\n" + "!" * 20 + " " + MISSING_REDIS + " " + "!" * 20)
        pytest.skip(MISSING_REDIS)


def bench():
    """The fan-out bench's server helpers, loaded from its file (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("chat_fanout_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
