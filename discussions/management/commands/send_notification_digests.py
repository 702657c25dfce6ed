"""`manage.py send_notification_digests`: run once a day from cron (see docs/notifications.md)."""

from django.core.management.base import BaseCommand

from discussions.notifications import send_digests


class Command(BaseCommand):
    help = "Email each member who chose the daily digest the notifications waiting for them."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Queued {sent} digest email{'s' if sent != 1 else ''}.")
