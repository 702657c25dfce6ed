"""Build the demo site: `python manage.py load_demo`. Safe to run again; it keeps existing data."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app owns the demo content for its own domain; they load in this order.
DEMO_MODULES = [
    "networks.demo",
    "discussions.demo",
    "chat.demo",
    "networks.commission_demo",
    "networks.bulletin_demo",
]


class Command(BaseCommand):
    help = "Load the Partnership in Power demo: networks, commissions, regions, users and content."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as missing:
                if missing.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
