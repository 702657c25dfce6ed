"""Record ids as browsers send them: ASCII digits that fit the database's 64-bit keys, or nothing.

A URL's `<int:…>` converter only matches `[0-9]+`, but a form field or a query
parameter can hold anything, and Python is generous with it: `"²".isdigit()` is
True yet `int("²")` raises, `int("٣")` is 3, and `int("9" * 30)` is a number no
key can hold (SQLite raises OverflowError, PostgreSQL an out-of-range error).
Every id that comes from a member goes through `parse_id` or one of the form
fields below, so a mistyped or hostile id is a 404 or a form error, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1
"""The largest key a BigAutoField holds (on SQLite and PostgreSQL alike)."""

_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """The id `value` names, or None unless it is a positive whole number, in ASCII digits, that a key can hold."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ID.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The well-formed ids among `values`, in order; the rest are dropped (they can name no record)."""
    return [number for number in (parse_id(value) for value in values) if number is not None]


class IdField(forms.IntegerField):
    """A hidden or typed record id: anything `parse_id` refuses is "not found", with the field's message."""

    default_error_messages = {"invalid": _("That record could not be found; please reload the page and try again.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class RecordChoiceField(forms.ModelChoiceField):
    """A choice of record by id: an id `parse_id` refuses is an invalid choice before the database is asked."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and parse_id(value if not isinstance(value, self.queryset.model) else value.pk) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
