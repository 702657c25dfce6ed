"""Resume every bulletin whose delivery has not finished: run it from cron, or after a worker crash.

`python manage.py deliver_bulletins` runs the delivery task at once for each
unfinished sending (`--queue` puts it on the task queue instead). Safe at any
time and any number of times: only QUEUED deliveries are ever claimed, so
nobody receives a bulletin twice.
"""

from django.core.management.base import BaseCommand

from bulletins.models import BulletinSending
from bulletins.tasks import deliver_bulletin


class Command(BaseCommand):
    help = "Resume delivery of every bulletin that has not finished sending."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Enqueue the tasks for the worker instead of running them here.")

    def handle(self, *args, **options):
        unfinished = list(BulletinSending.objects.filter(finished_at__isnull=True).values_list("pk", flat=True))
        for sending_id in unfinished:
            if options["queue"]:
                deliver_bulletin.enqueue(sending_id)
            else:
                outcome = deliver_bulletin.call(sending_id)
                self.stdout.write(f"bulletin sending {sending_id}: {outcome}")
        self.stdout.write(f"{len(unfinished)} unfinished bulletin sending{'s' if len(unfinished) != 1 else ''} resumed.")
