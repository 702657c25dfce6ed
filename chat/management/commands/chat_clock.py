"""Run from cron every minute: send due chat reminders and open or close chats on time.

Chats also follow the clock whenever someone loads or connects to them; this
command covers chats nobody is watching, so reminders go out and transcripts
are published (and askers notified) even then. Safe to run as often as you like.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from chat.actions import send_due_reminders, sync_clock
from chat.models import LiveChatPage


class Command(BaseCommand):
    help = "Send due live chat reminders, and open or close chats whose time has come."

    def handle(self, *args, **options):
        reminded = send_due_reminders()
        for chat in LiveChatPage.objects.live().filter(starts_at__lte=timezone.now(), live_state__closed_at__isnull=True):
            sync_clock(chat)
        self.stdout.write(f"Sent {reminded} reminder{'s' if reminded != 1 else ''}.")
