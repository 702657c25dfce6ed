"""Commission queue benchmark: a commission with 10,000 submissions, served through Django.

    DJANGO_SETTINGS_MODULE=networksite.settings.test .venv/bin/python bench/commission_queue.py
    (set DATABASE_URL=postgres://… to measure on PostgreSQL, the production database)

Builds, in a throwaway test database: the Health commission with its chair,
100 party units in 11 regions, 10,000 submissions (each with its dialogue
thread) spread over every status and two years, five themes on most of them,
internal notes on a quarter, other units' backing on a fifth, all in the
search index. Then, as the chair, it requests the queue: unfiltered, searched,
filtered by theme, sorted by backing, the overdue list and a far page (the last); and the
CSV export of a searched queue and the XLSX export of one theme (about 1,600 rows). Each is requested once to count SQL
queries, then REPEAT times for the timings (server time: the full Django
request/response cycle in process, no network). The last line printed is one
JSON object; the machine's load average is printed with it, since the
reference machine is shared. The floor is the same commission with 100
submissions, built and requested in the same run: each figure's ratio is its
time at 10,000 over its time at 100.
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

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", 10_000))
UNITS = int(os.environ.get("BENCH_UNITS", 100))
REPEAT = int(os.environ.get("BENCH_REPEAT", 20))
FLOOR_SUBMISSIONS = int(os.environ.get("BENCH_FLOOR_SUBMISSIONS", 100))

WORDS = (
    "waiting lists GP surgery hospital dentist mental health talking therapies social care carers nurses pay "
    "training community hospital walk-in centre evening opening rural transport prescriptions obesity school meals "
    "smoking air quality prevention inequalities coastal towns workforce agency staff funding council"
).split()


def build(rng: random.Random, name: str = "Health", code: str = "HEA", count: int = SUBMISSIONS) -> dict:
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from commissions.models import (
        Backing,
        Submission,
        SubmissionEvent,
        SubmissionNote,
        Theme,
        WorkProgrammeIssue,
    )
    from discussions.models import Thread
    from networks.models import CommissionMembership, PartyUnit
    from tests.commissions.factories import commission_page
    from tests.networks import factories

    health = factories.make_commission(name, code)
    commission_page(health)
    chair = factories.make_user(name="Rt Hon Patricia Chair MP")
    CommissionMembership.objects.create(commission=health, user=chair, seat=CommissionMembership.Seat.CHAIR)
    regions = [factories.make_region(f"{code} region {n}") for n in range(11)]
    units = PartyUnit.objects.bulk_create(
        PartyUnit(name=f"{code} bench {n} CLP", slug=f"{code.lower()}-bench-{n}-clp", region=regions[n % len(regions)])
        for n in range(UNITS)
    )
    issues = [WorkProgrammeIssue.objects.create(commission=health, year=2026, title=f"Issue {n}", brief="b") for n in range(3)]
    themes = [Theme.objects.create(commission=health, name=theme, slug=theme.lower().replace(" ", "-"))
              for theme in ("Mental health", "Workforce", "Social care", "Primary care", "Public health")]
    statuses = [s for s in Submission.Status.values]
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(network=None, title=f"Submission {n}", author=chair, created_at=now, last_activity_at=now) for n in range(count)
    )
    rows = []
    for n, thread in enumerate(threads):
        unit = units[n % len(units)]
        created = now - timedelta(days=rng.randint(1, 700), minutes=n)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
        rows.append(Submission(
            reference=f"{code}-{created.year}-{n + 1:05d}", year=created.year, number=n + 1, commission=health, thread=thread,
            submitter=chair, unit=unit, region=unit.region, issue=issues[n % 3], title=f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}: {unit.name}",
            text=text, status=statuses[n % len(statuses)], created_at=created, status_changed_at=created,
        ))
    submissions = Submission.objects.bulk_create(rows, batch_size=500)
    SubmissionEvent.objects.bulk_create(
        (SubmissionEvent(submission=s, status=Submission.Status.RECEIVED, actor=chair, created_at=s.created_at) for s in submissions), batch_size=1000
    )
    through = Submission.themes.through
    through.objects.bulk_create(
        (through(submission_id=s.pk, theme_id=rng.choice(themes).pk) for s in submissions if rng.random() < 0.8), batch_size=1000
    )
    notes = SubmissionNote.objects.bulk_create(
        (SubmissionNote(submission=s, author=chair, text=f"Follow up on {rng.choice(WORDS)} with the minister.") for s in submissions if rng.random() < 0.25),
        batch_size=1000,
    )
    backings = []
    for s in submissions:
        if rng.random() < 0.2:
            for unit in rng.sample(units, k=rng.randint(1, 12)):
                if unit.pk != s.unit_id:
                    backings.append(Backing(submission=s, unit=unit))
    Backing.objects.bulk_create(backings, batch_size=1000)
    backend = get_search_backend()
    backend.add_bulk(Submission, list(Submission.objects.filter(commission=health).select_related("unit", "issue")))
    backend.add_bulk(SubmissionNote, notes)
    return {
        "chair": chair, "commission": health, "theme": themes[0], "backings": len(backings), "notes": len(notes),
        "pages": (count + settings.SUBMISSION_QUEUE_PAGE_SIZE - 1) // settings.SUBMISSION_QUEUE_PAGE_SIZE,
    }


def measure(client: Client, url: str, *, stream: bool = False) -> dict:
    def get():
        response = client.get(url)
        if stream:
            b"".join(response)
        return response

    get()  # warm caches (templates, Wagtail site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = get()
    queries = len(captured)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        get()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "queries": queries,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
    }


def measure_queue(data: dict) -> dict:
    """The chair's queue in its usual shapes, and two exports, each counted and timed."""
    client = Client()
    client.force_login(data["chair"])
    queue = f"/commissions/{data['commission'].slug}/queue/"
    pages = {
        "queue": queue,
        "search": queue + "?q=dentist+waiting",
        "theme": queue + f"?theme={data['theme'].pk}",
        "sort_backing": queue + "?sort=backing",
        "overdue": queue + "?status=overdue",
        "last_page": queue + f"?page={max(1, data['pages'])}",
    }
    results = {name: measure(client, url) for name, url in pages.items()}
    results["export_csv_search"] = measure(client, queue + "export.csv?q=dentist", stream=True)
    # About 1,600 rows at 10,000: under COMMISSION_EXPORT_INLINE_ROWS, so built in the request.
    results["export_xlsx_theme"] = measure(client, queue + f"export.xlsx?theme={data['theme'].pk}", stream=True)
    return results


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume")
    setup_test_environment()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_queue_{os.getpid()}" if connection.vendor != "sqlite" else None
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(2026)
        # The floor, in the same run and database: the same commission at FLOOR_SUBMISSIONS.
        # What the queue costs at 10,000 beyond it is what the number of submissions costs.
        floor_data = build(rng, "Floor", "FLR", FLOOR_SUBMISSIONS)
        started = time.perf_counter()
        data = build(rng)
        build_s = round(time.perf_counter() - started, 1)
        results = measure_queue(data)
        floor = measure_queue(floor_data)
        for name, figures in results.items():
            figures["ratio"] = round(figures["p50_ms"] / max(floor[name]["p50_ms"], 0.1), 2)
            figures["floor_p50_ms"] = floor[name]["p50_ms"]
            figures["floor_queries"] = floor[name]["queries"]
            print(
                f"{name:20} {figures['queries']:3} queries (floor {figures['floor_queries']:3})  "
                f"p50 {figures['p50_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms  "
                f"floor p50 {figures['floor_p50_ms']:7.1f} ms  ratio {figures['ratio']:5.2f}x"
            )
        load = os.getloadavg()
        summary = {
            "database": connection.vendor,
            "submissions": SUBMISSIONS,
            "floor_submissions": FLOOR_SUBMISSIONS,
            "units": UNITS,
            "backings": data["backings"],
            "notes": data["notes"],
            "repeat": REPEAT,
            "build_s": build_s,
            "load_average": [round(value, 2) for value in load],
            **{f"{name}_{key}": value for name, figures in results.items() for key, value in figures.items()},
        }
        print(json.dumps(summary))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
