"""Email backend for development and the demo.

Prints every message to the console, as Django's console backend does, and also
keeps a copy as an .eml file in OUTBOX_DIR so the /outbox/ page (and anyone
trying the demo without a mail server) can open verification links.
"""

from pathlib import Path

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone
from django.utils.crypto import get_random_string


class ConsoleOutboxBackend(ConsoleBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        outbox = Path(settings.OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{get_random_string(6)}.eml"
            (outbox / name).write_bytes(message.message().as_bytes())
        return sent
