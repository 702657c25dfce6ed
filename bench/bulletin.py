"""Bulletin delivery at scale: one bulletin to N members through the real send pipeline.

    DJANGO_SETTINGS_MODULE=networksite.settings.test .venv/bin/python bench/bulletin.py --recipients 10000

Builds a throwaway database (SQLite in memory, or a bench_bulletin_<pid>
database beside the PostgreSQL one when DATABASE_URL is set, dropped at the end), a network with N members and a
published bulletin, presses "Send to members" through the action, and then
runs exactly the steps the `deliver_bulletin` task runs (list recipients,
render once, deliver batch after batch) so that each batch's queries can be
counted. Mail goes to Django's locmem backend; the outbox is emptied after
every batch, after noting who received what, so memory shows the pipeline and
not the test outbox.

The last line printed is one JSON object: recipients, sent, duplicates (must
be 0), queries_per_batch (the most any batch took; `queries_per_batch_min` is
the fewest, equal when the count is constant), seconds (listing + delivery),
and peak_rss_mib (the process's resident memory at its highest during
delivery; `rss_before_delivery_mib` is the level after building the data).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networksite.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: networks.bulletin_tasks.BATCH_SIZE")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.db import connection

    from bulletins import actions as bulletin_actions

    # The bench runs the task's steps itself, batch by batch, to count each batch's
    # queries: the send action records the sending but does not queue the task.
    bulletin_actions._deliver_later = lambda sending_id: None

    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        # Its own database, so a test run using test_<name> at the same time is never touched.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_bulletin_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = run(args.recipients, args.batch_size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(result))


def build(recipients: int):
    """A network with `recipients` active members, a staff sender, and a published bulletin."""
    from django.contrib.auth import get_user_model
    from wagtail.rich_text import RichText

    from bulletins.models import BulletinPage
    from networks.models import NetworkMembership
    from tests.networks import factories

    network = factories.make_network("Health Network", slug="health")
    staff = factories.make_user("bench.staff@example.org", staff=True)
    User = get_user_model()
    chunk = 5000
    for start in range(0, recipients, chunk):
        users = User.objects.bulk_create(
            User(username=f"reader{n}", email=f"reader{n}@bench.example.org", password="!")
            for n in range(start, min(start + chunk, recipients))
        )
        NetworkMembership.objects.bulk_create(NetworkMembership(user=user, network=network) for user in users)
    bulletin = BulletinPage(
        title="Bench bulletin",
        slug="bench-bulletin",
        subject="Health Network: what the commission heard this month",
        summary="Local policy forums, the next live chat, and the discussions to join.",
        body=[
            ("rich_text", RichText("<h2>Your forums, heard</h2><p>Thank you to every CLP that held a forum. "
                                   '<a href="/networks/health/">Read the reports</a>.</p>')),
            ("latest_threads", {"heading": "Discussions to join", "count": 3}),
            ("call_to_action", {"heading": "Have your say", "text": "", "button_label": "Join in",
                                "page": network, "url": ""}),
        ],
        live=False,
    )
    network.add_child(instance=bulletin)
    bulletin.save_revision(user=staff).publish(user=staff)
    bulletin.refresh_from_db()
    return staff, bulletin


def run(recipients: int, batch_size: int | None) -> dict:
    import re

    import psutil
    from django.core import mail
    from django.core.mail import get_connection
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bulletins import actions as bulletin_actions
    from bulletins import tasks as bulletin_tasks
    from bulletins.models import BulletinDelivery

    staff, bulletin = build(recipients)
    process = psutil.Process()
    mib = 1024 * 1024
    rss_before = process.memory_info().rss
    peak = rss_before
    seen = bytearray(recipients + 10)  # one byte per member: memory for this check stays tiny and flat
    duplicates = sent = 0
    per_batch: list[int] = []
    reader = re.compile(r"reader(\d+)@")

    started = time.perf_counter()
    sending = bulletin_actions.send_bulletin(staff, bulletin)
    bulletin_tasks.list_recipients(sending)
    bulletin_tasks.mark_abandoned(sending)
    rendered = bulletin_tasks.render_for(sending)
    mail_connection = get_connection()
    mail_connection.open()
    while True:
        with CaptureQueriesContext(connection) as queries:
            outcome = bulletin_tasks.deliver_batch(sending, rendered, mail_connection, size=batch_size)
        if outcome is None:
            break
        per_batch.append(len(queries.captured_queries))
        for message in mail.outbox:
            n = int(reader.search(message.to[0]).group(1))
            duplicates += seen[n] >= 1
            seen[n] = min(seen[n] + 1, 255)
            sent += 1
        mail.outbox.clear()
        peak = max(peak, process.memory_info().rss)
    mail_connection.close()
    bulletin_tasks.finish_if_done(sending)
    seconds = time.perf_counter() - started

    recorded_sent = BulletinDelivery.objects.filter(sending=sending, status=BulletinDelivery.Status.SENT).count()
    assert recorded_sent == sent, (recorded_sent, sent)
    return {
        "recipients": recipients,
        "sent": sent,
        "duplicates": duplicates,
        "batches": len(per_batch),
        "batch_size": batch_size or bulletin_tasks.BATCH_SIZE,
        "queries_per_batch": max(per_batch),
        "queries_per_batch_min": min(per_batch),
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak / mib, 1),
        "rss_before_delivery_mib": round(rss_before / mib, 1),
        "database": connection.vendor,
    }


if __name__ == "__main__":
    main()
