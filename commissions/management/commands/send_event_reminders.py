"""`manage.py send_event_reminders`: the day-before reminders for forums, coordinators' events and dialogue sessions.

Run by the scheduler each day (settings.SCHEDULED_JOBS, at EVENT_REMINDER_TIME);
everyone with a place at something starting tomorrow is reminded once, however
often it runs.
"""

from django.core.management.base import BaseCommand

from commissions.actions import dialogue, forums


class Command(BaseCommand):
    help = "Remind everyone registered for a forum or event, and units attending a dialogue session, the day before."

    def handle(self, *args, **options):
        registrations = forums.send_reminders()
        invitations = dialogue.send_reminders()
        self.stdout.write(f"Reminded {registrations} registrations and {invitations} units attending dialogue sessions.")
