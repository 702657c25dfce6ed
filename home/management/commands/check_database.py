"""`manage.py check_database`: stop `make demo` with a clear message when the database predates the current layout.

The project's migrations were regenerated once, when commissions and bulletins
became apps of their own. A demo database made before that has migrations
applied that no longer exist on disk, and `migrate` would fail half-way with a
traceback. This says what to do instead.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = ("networks", "discussions", "chat", "commissions", "bulletins", "home")


class Command(BaseCommand):
    help = "Refuse, with the fix, a database made by an earlier layout of the project's migrations."

    def handle(self, *args, **options):
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        stale = sorted(
            f"{app}.{name}"
            for app, name in loader.applied_migrations
            if app in PROJECT_APPS and (app, name) not in loader.disk_migrations
        )
        if stale:
            raise CommandError(
                "This database was made by an earlier version of Policy Networks, before its migrations were "
                f"regenerated (it has {', '.join(stale[:3])}{' and others' if len(stale) > 3 else ''} applied). "
                "Run `make clean` to remove it, then `make demo` to build a fresh demo database."
            )
        self.stdout.write("The database matches the project's migrations.")
