"""`manage.py send_weekly_digests`: run daily by the scheduler; sends to the members whose chosen day is today."""

from django.core.management.base import BaseCommand

from discussions.notifications import send_digests


class Command(BaseCommand):
    help = "Email each member who chose a weekly digest on today's weekday the notifications waiting for them."

    def handle(self, *args, **options):
        sent = send_digests(weekly=True)
        self.stdout.write(f"Queued {sent} weekly digest email{'s' if sent != 1 else ''}.")
