"""`manage.py lift_ended_suspensions`: run by the scheduler; a suspension ends by itself at its end date."""

from django.core.management.base import BaseCommand

from networks.actions.suspensions import lift_ended_suspensions


class Command(BaseCommand):
    help = "End every suspension whose end date has passed, and email the members."

    def handle(self, *args, **options):
        ended = lift_ended_suspensions()
        self.stdout.write(f"Ended {ended} suspension{'s' if ended != 1 else ''}.")
