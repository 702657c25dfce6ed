"""What may go into an email header: one line of printable text."""

from __future__ import annotations


def header_text(value: str) -> str:
    """`value` fit for an email header: one line, no control characters.

    Members' names and titles reach subjects and sender names. A line break
    there is a header injection to Django (`BadHeaderError`), which failed every
    email naming that member in the worker; a name is validated single-line at
    the form, and anything that still carries a break (an older name, a title)
    is folded into one line here, wherever it enters a header.
    """
    return " ".join("".join(c if c.isprintable() else " " for c in str(value or "")).split())
