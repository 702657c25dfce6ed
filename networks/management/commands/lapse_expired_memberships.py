"""`manage.py lapse_expired_memberships`: the daily job telling verified members whose membership expired.

A membership past its expiry date stops counting at once (the permission rule
reads the date); this job, run daily by the scheduler, takes back the units the
list gave and emails the member why, once, without waiting for the next import.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from networks.actions.verification import lapse_expired_memberships


class Command(BaseCommand):
    help = "Lapse verified accounts whose membership has passed its expiry date, and tell them."

    def handle(self, *args, **options):
        lapsed = lapse_expired_memberships()
        self.stdout.write(f"{lapsed} verified account(s) lapsed.")
