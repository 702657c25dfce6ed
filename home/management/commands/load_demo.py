"""Build the demo site: `python manage.py load_demo`. Safe to run again; it keeps existing data."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from networks import caching
from networks.indexing import indexing_at_the_end

DEMO_MODULES = [
    "home.demo",
    "networks.demo",
    "discussions.demo",
    "chat.demo",
    "commissions.demo",
    "bulletins.demo",
    "home.welsh_demo",  # Welsh versions of pages the apps above made
]
"""Each app owns the demo content for its own domain; they load floor by floor, the home page first."""


class Command(BaseCommand):
    help = "Load the Partnership in Power demo: networks, commissions, regions, users and content."

    def handle(self, *args, **options):
        # The demo bulk-creates rows, bypassing the models' own cache bumps; and it saves thousands of
        # indexed objects, indexed in one batch at the end rather than one task each.
        with caching.bulk(), indexing_at_the_end():
            for module_name in DEMO_MODULES:
                module = import_module(module_name)
                with transaction.atomic():
                    module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
