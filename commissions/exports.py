"""Exports of the queues and of a document's amendments, as CSV and XLSX, with the filters on screen.

One table definition per export (`export_table`) serves the request and the
task worker: it checks the member may export, validates the filters (an
invalid one is refused with its message, never silently dropped), and names
the columns. Internal notes are a column only for those who may read them.

Every text cell is neutralised against spreadsheet formula injection: a
value starting with =, +, -, @, a tab or a carriage return is prefixed with
an apostrophe, so Excel, LibreOffice and Sheets show it as text.

CSV streams: the rows are read in chunks of ids, from an async iterator under
ASGI, so an export of any size starts at once and holds one chunk in memory.
An XLSX file is a zip that cannot stream, so one larger than
COMMISSION_EXPORT_INLINE_ROWS is built by the task worker (`build_export`)
and offered as a download link. openpyxl writes it in write-only mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django import forms
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from commissions.models import (
    Amendment,
    AmendmentBacking,
    Backing,
    ConsultationDocument,
    SubmissionNote,
)
from commissions.queue import Queue, queue_rows
from networks.actions import ActionRefused, member_label
from networks.ids import parse_id
from networks.models import PolicyCommission, Region
from networks.permissions import can

FORMATS = ("csv", "xlsx")
CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_MAX = 32767


def neutralise(value: Any) -> Any:
    """A cell's value, safe to open in a spreadsheet: text that would be read as a formula is made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


@dataclass
class ExportTable:
    title: str
    filename: str
    columns: list[Column]
    rows: QuerySet

    def ordered_ids(self) -> list[int]:
        return list(self.rows.values_list("pk", flat=True))

    def count(self) -> int:
        return self.rows.count()

    def header(self) -> list[str]:
        return [column.header for column in self.columns]

    def chunk(self, ids: list[int]) -> list[list[Any]]:
        """The rows with these ids, in the order given, each as neutralised cells."""
        fetched = {row.pk: row for row in self.rows.filter(pk__in=ids).order_by()}
        return [[neutralise(column.value(fetched[pk])) for column in self.columns] for pk in ids if pk in fetched]

    def chunks(self) -> Iterable[list[list[Any]]]:
        ids = self.ordered_ids()
        for start in range(0, len(ids), CHUNK):
            yield self.chunk(ids[start:start + CHUNK])


# What is exported ------------------------------------------------------------------


def _join(values: Iterable[str]) -> str:
    return "; ".join(value for value in values if value)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def submission_columns(with_notes: bool) -> list[Column]:
    columns = [
        Column(_("Reference"), lambda s: s.reference),
        Column(_("Title"), lambda s: s.title),
        Column(_("From"), lambda s: s.from_label),
        Column(_("Unit type"), lambda s: s.unit.get_kind_display() if s.unit_id else _("Individual member")),
        Column(_("Commission"), lambda s: s.commission.name),
        Column(_("Region"), lambda s: s.region.name),
        Column(_("Issue or document"), lambda s: s.issue.title if s.issue_id else (s.document.title if s.document_id else "")),
        Column(_("Type"), lambda s: s.get_kind_display()),
        Column(_("Status"), lambda s: s.get_status_display()),
        Column(_("Received"), lambda s: _when(s.created_at)),
        Column(_("Acknowledged"), lambda s: _when(s.acknowledged_at)),
        Column(_("Responded"), lambda s: _when(s.responded_at)),
        Column(_("Assigned to"), lambda s: member_label(s.assigned_to) if s.assigned_to_id else ""),
        Column(_("Themes"), lambda s: _join(theme.name for theme in s.themes.all())),
        Column(_("Backing units"), lambda s: s.backing_count),
        Column(_("Backed by"), lambda s: _join(b.unit.name for b in s.backings.all())),
        Column(_("Text (Markdown, as written)"), lambda s: s.text[:XLSX_CELL_MAX - 1]),
    ]
    if with_notes:
        columns.append(
            Column(
                _("Internal notes"),
                lambda s: _join(f"{_when(n.created_at)} {member_label(n.author) if n.author_id else _('Former member')}: {n.text}" for n in s.notes.all())[:XLSX_CELL_MAX - 1],
            )
        )
    return columns


def amendment_columns() -> list[Column]:
    def units(a: Amendment) -> str:
        if a.is_composite:
            return _join(original.unit.name for original in a.originals.all() if original.unit_id)
        return a.unit.name if a.unit_id else ""

    def region(a: Amendment) -> str:
        if a.is_composite:
            return _join(sorted({original.region.name for original in a.originals.all() if original.region_id}))
        return a.region.name if a.region_id else ""

    return [
        Column(_("Reference"), lambda a: a.reference),
        Column(_("Paragraph"), lambda a: a.paragraph.number),
        Column(_("Amendment"), lambda a: a.number or ""),
        Column(_("Change"), lambda a: a.get_kind_display()),
        Column(_("Words in the paragraph"), lambda a: a.target_text),
        Column(_("New words"), lambda a: a.new_text),
        Column(_("Proposed by"), units),
        Column(_("Region"), region),
        Column(_("Backed by"), lambda a: _join(b.unit.name for b in a.backings.all())),
        Column(_("Status"), lambda a: a.get_status_display()),
        Column(_("Why"), lambda a: a.reason),
        Column(_("Decision note"), lambda a: a.decision_note),
        Column(_("Composited into"), lambda a: a.composite.reference if a.composite_id else ""),
        Column(_("Agreed wording"), lambda a: a.agreed_text),
    ]


class AmendmentFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, label=gettext_lazy("Status"), choices=[("", gettext_lazy("Any status")), *Amendment.Status.choices])
    paragraph = forms.IntegerField(required=False, label=gettext_lazy("Paragraph"), min_value=1, max_value=32767)


def _invalid(form) -> ActionRefused:
    problems = " ".join(f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items() if name in form.fields)
    return ActionRefused(_("Nothing was exported because a filter is not valid. %(problems)s Correct it and export again.") % {"problems": problems})


def export_table(user, kind: str, target: str, query: str) -> ExportTable:
    """The table `user` asked for, with their filters; ActionRefused for a bad filter or an export they may not make."""
    data = QueryDict(query or "")
    stamp = timezone.localdate().isoformat()
    if kind in ("commission", "region"):
        if kind == "commission":
            owner = PolicyCommission.objects.filter(slug=target).first()
            queue = Queue.of_commission(owner) if owner else None
        else:
            owner = Region.objects.filter(slug=target).first()
            queue = Queue.of_region(owner) if owner else None
        if queue is None or not queue.may_export(user):
            raise ActionRefused(_("Only those who work on this queue can export it."))
        form = queue.filter_form(data)
        if data and not form.is_valid():
            raise _invalid(form)
        notes = queue.shows_notes(user)
        rows = queue_rows(user, queue.submissions(), form, notes=notes).prefetch_related(
            Prefetch("backings", queryset=Backing.objects.select_related("unit")),
        )
        if notes:
            rows = rows.prefetch_related(Prefetch("notes", queryset=SubmissionNote.objects.select_related("author__profile")))
        return ExportTable(
            title=queue.title,
            filename=f"{slugify(owner.name)}-submissions-{stamp}",
            columns=submission_columns(notes),
            rows=rows,
        )
    if kind == "amendments":
        document = ConsultationDocument.objects.select_related("commission").filter(pk=parse_id(target)).first() if parse_id(target) is not None else None
        if document is None or not can(user, "export_amendments", document):
            raise ActionRefused(_("Only the commission and staff can export this document's amendments."))
        form = AmendmentFilterForm(data)
        if not form.is_valid():
            raise _invalid(form)
        rows = Amendment.objects.filter(document=document).select_related(
            "document__commission", "paragraph", "unit", "region", "composite__paragraph", "composite__document__commission"
        ).prefetch_related(
            Prefetch("backings", queryset=AmendmentBacking.objects.select_related("unit")),
            Prefetch("originals", queryset=Amendment.objects.select_related("unit", "region")),
        )
        if form.cleaned_data.get("status"):
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("paragraph"):
            rows = rows.filter(paragraph__number=form.cleaned_data["paragraph"])
        rows = rows.order_by("paragraph__number", "number", "created_at", "id")
        return ExportTable(
            title=_("Amendments to %(title)s") % {"title": document.title},
            filename=f"{slugify(document.title)}-amendments-{stamp}",
            columns=amendment_columns(),
            rows=rows,
        )
    raise ActionRefused(_("There is no such export."))


# Writers -----------------------------------------------------------------------------


class _Line:
    """A file-like object whose write() returns what it was given: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: ExportTable, rows: list[list[Any]]) -> str:
    writer = csv.writer(_Line())
    return "".join(writer.writerow(row) for row in rows)


async def csv_stream(table: ExportTable) -> AsyncIterator[str]:
    """The CSV, header first, one chunk of rows at a time (a byte-order mark so Excel reads UTF-8)."""
    yield "\ufeff" + csv_lines(table, [table.header()])
    ids = await sync_to_async(table.ordered_ids)()
    for start in range(0, len(ids), CHUNK):
        rows = await sync_to_async(table.chunk)(ids[start:start + CHUNK])
        yield csv_lines(table, rows)


def xlsx_bytes(table: ExportTable) -> bytes:
    """The XLSX workbook: one sheet, a bold header row, cells neutralised like the CSV's."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Export")[:31])
    sheet.append(table.header())
    for rows in table.chunks():
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def builds_in_background(table: ExportTable, format: str) -> bool:
    return format == "xlsx" and table.count() > settings.COMMISSION_EXPORT_INLINE_ROWS
