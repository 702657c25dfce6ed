"""Exports: a queue (a commission's or a region's) or a document's amendments, as CSV or XLSX, with the filters on screen.

CSV streams from the request; a large XLSX is built by the task worker and
waits on its own page (`/exports/<id>/`) until it can be downloaded. A
filter that is not valid exports nothing: the member goes back to the page
they came from, filters kept, with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commissions.exports import FORMATS, builds_in_background, csv_stream, export_table, xlsx_bytes
from commissions.models import ConsultationDocument, Export
from commissions.selectors import load_commission_page
from commissions.tasks import build_export
from networks.actions import ActionRefused
from networks.files import private_file_response
from networks.models import Region
from networks.refusals import load_or_refuse, refuse_unless

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request, kind: str, target: str, format: str, back: str):
    if format not in FORMATS:
        raise Http404(_("Exports are CSV or XLSX."))
    query = request.GET.urlencode()
    back_with_filters = back + (f"?{query}" if query else "")
    try:
        table = export_table(request.user, kind, target, query)
        large = builds_in_background(table, format)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(back_with_filters)
    if format == "csv":
        response = StreamingHttpResponse(csv_stream(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table.filename}.csv"'
        return response
    if large:
        export = Export.objects.create(
            requested_by=request.user, kind=kind, target=target, query=query, format=format, title=table.title
        )
        build_export.enqueue(export.pk)
        messages.info(request, _("Your export is being prepared; we will tell you when it is ready to download."))
        return redirect(export.get_absolute_url())
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{table.filename}.xlsx"'
    return response


@login_required
@require_GET
def commission_queue_export(request, slug: str, format: str):
    commission = load_commission_page(slug).commission
    refuse_unless(
        request.user, "export_commission_submissions", commission,
        _("Only members of %(commission)s and staff can export its submissions.") % {"commission": commission.name},
    )
    return _export(request, "commission", commission.slug, format, reverse("commissions:commission_queue", kwargs={"slug": slug}))


@login_required
@require_GET
def region_queue_export(request, slug: str, format: str):
    region = load_or_refuse(
        request.user, "export_region_submissions", Region,
        missing=_("There is no region called “%(slug)s”.") % {"slug": slug},
        refused=_("Only the regional office and party staff can export this queue."),
        slug=slug,
    )
    return _export(request, "region", region.slug, format, reverse("commissions:region_queue", kwargs={"slug": slug}))


@login_required
@require_GET
def amendments_export(request, slug: str, pk: int, format: str):
    page = load_commission_page(slug)
    document = load_or_refuse(
        request.user, "export_amendments", ConsultationDocument.objects.filter(commission=page.commission),
        missing=_("That document does not exist."),
        refused=_("Only the commission and staff can export this document's amendments."),
        pk=pk,
    )
    back = reverse("commissions:paper", kwargs={"slug": slug, "pk": document.pk})
    return _export(request, "amendments", str(document.pk), format, back)


@login_required
@require_GET
def export_status(request, pk: int):
    """A prepared export: waiting (the page refreshes itself), ready with its link, or failed with the reason."""
    export = load_or_refuse(
        request.user, "download_export", Export, missing=_("That export does not exist."),
        refused=_("This export was prepared for someone else."), conceal=True, pk=pk,
    )
    return render(request, "commissions/submissions/export.html", {"export": export})


@login_required
@require_GET
def export_download(request, pk: int):
    export = load_or_refuse(
        request.user, "download_export", Export, missing=_("That export does not exist."),
        refused=_("This export was prepared for someone else."), conceal=True, pk=pk,
    )
    if export.status != Export.Status.READY or not export.file:
        messages.error(request, _("This export is not ready yet."))
        return redirect(export.get_absolute_url())
    return private_file_response(export.file, filename=export.file.name.rsplit("/", 1)[-1])

