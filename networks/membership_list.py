"""Importing the party's membership list from the membership system's CSV export (django-import-export).

One function, `import_membership_list`, serves the Wagtail admin's upload page
and `manage.py import_membership_list`. What it promises:

- **Re-runnable.** Records are found by membership number: a row for a known
  number updates that record, never adds a second one; an unchanged row is
  counted as unchanged. Members missing from the file are left as they were
  (an export of one region must not lapse everyone else).
- **All or nothing.** The file is read and every row checked before anything
  is written; one bad row (an unknown CLP, a membership number twice, a date
  that is not a date) and nothing is imported. Every problem is reported with
  its line number in the file, as a spreadsheet shows it.
- **A dry run** does the whole import inside a transaction that is rolled
  back, so it shows exactly what would change, including which verified
  accounts would lapse or be renewed.
- **Lapses and renewals** of verified accounts are applied in the same
  transaction (`networks.actions.verification.note_standing_changes`): their
  list-given units follow the record, and the member is emailed why.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from tablib import Dataset

from networks.actions.verification import note_standing_changes
from networks.forms import clean_uk_postcode
from networks.models import MembershipImport, MembershipRecord, PartyUnit
from networks.models.membership_list import normalise_membership_number

COLUMNS = ["membership_number", "first_name", "last_name", "postcode", "email", "clp", "branch", "status", "expires_on"]
REQUIRED_COLUMNS = ["membership_number", "last_name", "postcode", "clp", "status"]
HEADER_ALIASES = {
    "surname": "last_name",
    "last_name": "last_name",
    "post_code": "postcode",
    "email_address": "email",
    "constituency_labour_party": "clp",
    "membership_status": "status",
    "expiry": "expires_on",
    "expires": "expires_on",
    "expiry_date": "expires_on",
    "membership_expires": "expires_on",
    "forename": "first_name",
    "first_names": "first_name",
    "membership_no": "membership_number",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
MAX_ROWS = 500_000
SHOWN_CHANGES = 200


class ImportFailed(Exception):
    """The file cannot be imported at all, or some rows are bad; `problems` says where, by line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class RowChange:
    line: int
    membership_number: str
    name: str
    kind: str  # "new" or "updated"
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lapsed: int = 0
    renewed: int = 0
    changes: list[RowChange] = field(default_factory=list)
    not_in_file: int = 0

    @property
    def more_changes(self) -> int:
        return max(0, self.created + self.updated - len(self.changes))


# Reading the file --------------------------------------------------------------


def _header_name(raw: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")
    return HEADER_ALIASES.get(name, name)


def read_csv(data: bytes) -> tuple[Dataset, list[int]]:
    """The file as a Dataset with the canonical column names, and each row's line number in the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [_("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8 (comma delimited)” and upload it again.")]
        ) from None
    if not text.strip():
        raise ImportFailed([_("The file is empty.")])
    if "\x00" in text:
        raise ImportFailed([_("The file is not a CSV file (it holds binary data). Export the membership list as CSV.")])
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[str] = []
    try:
        header = next(reader)
        names = [_header_name(column) for column in header]
        missing = [column for column in REQUIRED_COLUMNS if column not in names]
        if missing:
            raise ImportFailed(
                [
                    _("Line 1: the header lacks the column(s) %(missing)s. The columns are: %(columns)s.")
                    % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
                ]
            )
        duplicates = sorted({name for name in names if names.count(name) > 1 and name in COLUMNS})
        if duplicates:
            raise ImportFailed([_("Line 1: the header names %(columns)s more than once.") % {"columns": ", ".join(duplicates)}])
        keep = [index for index, name in enumerate(names) if name in COLUMNS]
        dataset = Dataset(headers=[names[index] for index in keep])
        lines: list[int] = []
        line = reader.line_num
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(names):
                problems.append(
                    _("Line %(line)d has %(found)d values, but the header has %(expected)d columns.")
                    % {"line": start, "found": len(values), "expected": len(names)}
                )
                continue
            dataset.append([values[index].strip() for index in keep])
            lines.append(start)
            if len(lines) > MAX_ROWS:
                raise ImportFailed([_("The file has more than %(max)d rows: split it by region.") % {"max": MAX_ROWS}])
    except csv.Error as error:
        raise ImportFailed([_("Line %(line)d is not valid CSV: %(error)s.") % {"line": reader.line_num, "error": error}]) from None
    if problems:
        raise ImportFailed(problems)
    if not lines:
        raise ImportFailed([_("The file has a header but no members.")])
    return dataset, lines


def _duplicate_numbers(dataset: Dataset, lines: list[int]) -> list[str]:
    first_seen: dict[str, int] = {}
    problems = []
    for line, number in zip(lines, dataset["membership_number"], strict=True):
        number = normalise_membership_number(number)
        if not number:
            continue
        if number in first_seen:
            problems.append(
                _("Line %(line)d: membership number %(number)s is also on line %(first)d; each member must appear once.")
                % {"line": line, "number": number, "first": first_seen[number]}
            )
        else:
            first_seen[number] = line
    return problems


# The resource --------------------------------------------------------------------


class UnitWidget(widgets.Widget):
    """A party unit named in the file, by its name (any case); an unknown name is a row error."""

    def __init__(self, kind: str, label: str, *, required: bool):
        super().__init__()
        self.kind, self.label, self.required = kind, label, required
        self._by_name: dict[str, PartyUnit] | None = None

    def clean(self, value, row=None, **kwargs):
        name = " ".join(str(value or "").split())
        if not name:
            if self.required:
                raise ValueError(_("it is missing"))
            return None
        if self._by_name is None:
            self._by_name = {unit.name.casefold(): unit for unit in PartyUnit.objects.filter(kind=self.kind)}
        unit = self._by_name.get(name.casefold())
        if unit is None:
            raise ValueError(
                _("there is no %(unit)s called “%(name)s” (add it under Partnership in Power › Party units first)")
                % {"unit": self.label, "name": name}
            )
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class StatusWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        status = str(value or "").strip().lower()
        if status not in MembershipRecord.Status.values:
            raise ValueError(
                _("“%(value)s” is not one of %(choices)s")
                % {"value": value, "choices": ", ".join(MembershipRecord.Status.values)}
            )
        return status


class ExpiryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date like 2027-03-31 or 31/03/2027") % {"value": text})


class PostcodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return clean_uk_postcode(str(value or ""))
        except ValidationError:
            raise ValueError(_("“%(value)s” is not a UK post code") % {"value": value}) from None


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        number = normalise_membership_number(value)
        if not number:
            raise ValueError(_("it is missing"))
        return number


class MembershipListResource(resources.ModelResource):
    """One CSV row = one `MembershipRecord`, found by membership number."""

    membership_number = fields.Field("membership_number", "membership_number", widget=NumberWidget())
    first_name = fields.Field("first_name", "first_name", widget=widgets.CharWidget(coerce_to_string=True))
    last_name = fields.Field("last_name", "last_name", widget=widgets.CharWidget(coerce_to_string=True))
    postcode = fields.Field("postcode", "postcode", widget=PostcodeWidget())
    email = fields.Field("email", "email", widget=widgets.CharWidget(coerce_to_string=True))
    clp = fields.Field("clp", "clp", widget=UnitWidget(PartyUnit.Kind.CLP, "CLP", required=True))
    branch = fields.Field("branch", "branch", widget=UnitWidget(PartyUnit.Kind.BRANCH, "branch", required=False))
    status = fields.Field("status", "status", widget=StatusWidget())
    expires_on = fields.Field("expires_on", "expires_on", widget=ExpiryWidget())

    class Meta:
        model = MembershipRecord
        import_id_fields = ["membership_number"]
        fields = COLUMNS
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True
        store_instance = True

    def before_import_row(self, row, **kwargs):
        row["membership_number"] = normalise_membership_number(row.get("membership_number"))
        row.setdefault("first_name", "")
        row.setdefault("email", "")
        row.setdefault("branch", "")
        row.setdefault("expires_on", "")
        if not str(row.get("last_name") or "").strip():
            raise ValidationError({"last_name": _("it is missing")})


def _describe(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, PartyUnit):
        return value.name
    return str(value)


def _row_changes(row_result, line: int) -> RowChange | None:
    instance = row_result.instance
    if instance is None or not (row_result.is_new() or row_result.is_update()):
        return None
    change = RowChange(
        line=line,
        membership_number=instance.membership_number,
        name=f"{instance.first_name} {instance.last_name}".strip(),
        kind="new" if row_result.is_new() else "updated",
    )
    if row_result.is_update() and row_result.original is not None:
        for column in COLUMNS[1:]:
            before, after = getattr(row_result.original, column), getattr(instance, column)
            if before != after:
                change.changes.append((column, _describe(before), _describe(after)))
    return change


def column_labels() -> dict[str, str]:
    return {
        "membership_number": _("membership number"),
        "first_name": _("first name"),
        "last_name": _("surname"),
        "postcode": _("post code"),
        "email": _("email"),
        "clp": _("CLP"),
        "branch": _("branch"),
        "status": _("status"),
        "expires_on": _("expiry date"),
    }


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "message_dict"):
        return list(error.messages)
    labels = column_labels()
    return [
        message if column == "__all__" else f"{labels.get(column, column)}: {message}"
        for column, messages in error.message_dict.items()
        for message in messages
    ]


def _row_problems(result, lines: list[int]) -> list[str]:
    problems = []
    for invalid in result.invalid_rows:
        line = lines[invalid.number - 1]
        problems.append(_("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(_messages(invalid.error))})
    for error_row in result.row_errors():
        number, errors = error_row
        problems.append(
            _("Line %(line)d: %(problems)s.") % {"line": lines[number - 1], "problems": "; ".join(str(e.error) for e in errors)}
        )
    for error in result.base_errors:
        problems.append(str(error.error))
    return problems


class _RollBack(Exception):
    pass


def import_membership_list(data: bytes, *, dry_run: bool, actor=None, file_name: str = "") -> ImportReport:
    """Check and import (or, with `dry_run`, only check) a membership list CSV; raise `ImportFailed` on any bad row."""
    dataset, lines = read_csv(data)
    duplicates = _duplicate_numbers(dataset, lines)
    if duplicates:
        raise ImportFailed(duplicates)
    report = ImportReport(dry_run=dry_run, rows=len(lines))
    numbers = {normalise_membership_number(number) for number in dataset["membership_number"]}
    linked_before = [
        pk
        for pk, number in MembershipRecord.objects.filter(user__isnull=False).values_list("pk", "membership_number")
        if number in numbers
    ]
    try:
        with transaction.atomic():
            result = MembershipListResource().import_data(
                dataset,
                dry_run=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
            )
            problems = _row_problems(result, lines)
            if problems:
                raise ImportFailed(problems)
            for number, row_result in enumerate(result.rows, 1):
                if row_result.is_new():
                    report.created += 1
                elif row_result.is_update():
                    report.updated += 1
                else:
                    report.unchanged += 1
                if len(report.changes) < SHOWN_CHANGES:
                    change = _row_changes(row_result, lines[number - 1])
                    if change is not None:
                        report.changes.append(change)
            linked = MembershipRecord.objects.select_related("user", "clp", "branch").filter(pk__in=linked_before)
            report.lapsed, report.renewed = note_standing_changes(linked)
            report.not_in_file = MembershipRecord.objects.count() - report.rows
            if dry_run:
                raise _RollBack
            MembershipImport.objects.create(
                imported_by=actor if actor is not None and actor.is_authenticated else None,
                file_name=file_name[:200],
                rows=report.rows,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                lapsed=report.lapsed,
                renewed=report.renewed,
            )
    except _RollBack:
        pass
    return report
