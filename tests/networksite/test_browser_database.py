"""The browser tests' database: a test reading just after the page showed a result sees the
server's write, even when a server thread is still writing (the flake CI once hit on SQLite)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_read_waits_for_a_server_threads_write_instead_of_failing(live):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite's shared in-memory test database makes a reader wait for a writer")
    User = get_user_model()
    user = User.objects.create_user("writer@example.org", "writer@example.org", "a-long-password")
    writing, done = threading.Event(), threading.Event()

    def server_thread_write():
        try:
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(first_name="Wrote")
                writing.set()
                done.wait(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=server_thread_write)
    thread.start()
    assert writing.wait(5)
    assert User.objects.get(pk=user.pk).first_name == "Wrote"
    done.set()
    thread.join()
