"""Background work for the commissions, on the django-tasks queue (`manage.py db_worker` drains it)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from commissions.exports import export_table, xlsx_bytes
from commissions.models import Export
from discussions.notifications import notify
from networks.actions import ActionRefused

logger = logging.getLogger(__name__)


@task()
def build_export(export_id: int) -> str:
    """Build a large export as its requester (their permissions and filters, as they are now), then tell them.

    Never raises: a refusal or a failure is recorded on the export and told
    to the member, so the worker goes on and the download page says what happened.
    """
    export = Export.objects.select_related("requested_by").filter(pk=export_id, status=Export.Status.WAITING).first()
    if export is None:
        return "gone"
    user = export.requested_by
    try:
        table = export_table(user, export.kind, export.target, export.query)
        content = xlsx_bytes(table)
        export.file.save(f"{table.filename}.{export.format}", ContentFile(content), save=False)
        export.rows = table.count()
        export.status = Export.Status.READY
    except ActionRefused as refusal:
        export.status, export.error = Export.Status.FAILED, refusal.message
    except Exception as error:  # recorded and told; the worker carries on with the next task
        logger.exception("Export %s failed", export_id)
        export.status = Export.Status.FAILED
        export.error = _("The export could not be built (%(error)s). Please try again; if it fails again, tell the site's staff.") % {
            "error": error.__class__.__name__
        }
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "rows", "status", "error", "finished_at"])
    notify(
        [user],
        kind="export_ready" if export.status == Export.Status.READY else "export_failed",
        title=(_("Your export is ready: %(title)s") if export.status == Export.Status.READY else _("Your export failed: %(title)s"))
        % {"title": export.title},
        url=export.get_absolute_url(),
        text=export.error,
    )
    return export.status
