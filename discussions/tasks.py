"""Background work for discussions, on the django-tasks queue (`manage.py db_worker` drains it)."""

from django_tasks import task

from discussions.notifications import send_digests


@task()
def send_notification_digests() -> int:
    """Queue the daily digest emails; enqueue it from a scheduler as an alternative to the cron command."""
    return send_digests()
