"""Remind commissions of submissions left unacknowledged past SUBMISSION_ACKNOWLEDGE_DAYS (run by the scheduler)."""

from django.core.management.base import BaseCommand

from commissions.actions.receipts import remind_unacknowledged


class Command(BaseCommand):
    help = "Remind assignees (or the chair and policy officers) of overdue submissions; at most once a day each."

    def handle(self, *args, **options):
        sent = remind_unacknowledged()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent")
