"""`manage.py load_postcode_districts [file.csv]`: the post-code district → constituency table.

The CSV has a header row naming the columns `district` and `constituency` (the
constituency's name or slug, as held in the constituencies table); a district
that straddles constituencies has one row for each. Without a file it loads
the table the repository ships for the demo's constituencies
(`networks/data/postcode_districts.csv`). Loading is idempotent; `--replace`
first removes the rows the file does not list. A row naming a district that is
not one, or a constituency the site does not hold, stops the load before
anything is written, with its line number.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from networks.models import Constituency, PostcodeDistrict
from networks.postcodes import PostcodeError, district_of

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "postcode_districts.csv"


def read_table(path: Path) -> list[tuple[str, Constituency]]:
    """Every (district, constituency) the file lists, checked; CommandError naming each bad line."""
    constituencies = {}
    for constituency in Constituency.objects.all():
        constituencies[constituency.name.casefold()] = constituency
        constituencies[constituency.slug] = constituency
    rows, problems = [], []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not {"district", "constituency"} <= set(reader.fieldnames or []):
                raise CommandError(f"{path}: the header row must name the columns 'district' and 'constituency'.")
            for line, row in enumerate(reader, start=2):
                try:
                    district = district_of(row["district"] or "")
                except PostcodeError as error:
                    problems.append(f"line {line}: {error.message}")
                    continue
                name = (row["constituency"] or "").strip()
                constituency = constituencies.get(name.casefold()) or constituencies.get(name)
                if constituency is None:
                    problems.append(f"line {line}: no constituency called “{name}”")
                    continue
                rows.append((district, constituency))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    if problems:
        raise CommandError(f"{path}: nothing was loaded.\n" + "\n".join(problems[:50]))
    return rows


def load_table(path: Path = SHIPPED, *, replace: bool = False) -> tuple[int, int]:
    """Load the file; returns (rows added, rows removed)."""
    rows = read_table(path)
    with transaction.atomic():
        removed = 0
        if replace:
            keep = {(district, constituency.pk) for district, constituency in rows}
            stale = [
                row.pk
                for row in PostcodeDistrict.objects.all()
                if (row.district, row.constituency_id) not in keep
            ]
            removed, _ = PostcodeDistrict.objects.filter(pk__in=stale).delete()
        added = 0
        for district, constituency in rows:
            _row, created = PostcodeDistrict.objects.get_or_create(district=district, constituency=constituency)
            added += created
    return added, removed


class Command(BaseCommand):
    help = "Load the post-code district to constituency table from a CSV (district,constituency)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(SHIPPED), help="The CSV file (default: the shipped table).")
        parser.add_argument("--replace", action="store_true", help="Remove the rows the file does not list.")

    def handle(self, *args, path: str, replace: bool = False, **options):
        added, removed = load_table(Path(path), replace=replace)
        total = PostcodeDistrict.objects.count()
        self.stdout.write(f"Post-code districts: {added} added, {removed} removed, {total} held.")
