"""`manage.py import_membership_list FILE.csv [--dry-run]`: the membership list, from the command line.

The same import as the Wagtail admin's upload page (networks/membership_list.py):
re-runnable, all or nothing, every bad row reported with its line number. Exits 1
when the file cannot be imported, so a cron job or script notices.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from networks.membership_list import ImportFailed, import_membership_list


class Command(BaseCommand):
    help = "Import the party's membership list from a CSV export (use --dry-run to see what would change)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="The membership system's CSV export (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and show what would change; write nothing.")

    def handle(self, *args, csv_file: str, dry_run: bool = False, **options):
        path = Path(csv_file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            report = import_membership_list(data, dry_run=dry_run, file_name=path.name)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing was imported: {len(failure.problems)} problem(s) in {path.name}. Fix them and run again."
            ) from None
        heading = "Dry run: nothing written. This import would make" if dry_run else "Imported"
        self.stdout.write(
            f"{heading}: {report.rows} rows, {report.created} new, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.lapsed} verified account(s) lapsed, {report.renewed} renewed; "
            f"{report.not_in_file} record(s) on the site not in this file (left as they were)."
        )
        for change in report.changes:
            details = "; ".join(f"{column}: {before!r} → {after!r}" for column, before, after in change.changes)
            self.stdout.write(f"  line {change.line}: {change.membership_number} {change.name} ({change.kind}){': ' + details if details else ''}")
        if report.more_changes:
            self.stdout.write(f"  … and {report.more_changes} more.")
