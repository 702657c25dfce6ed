"""Reading a UK post code as people type it, and finding the constituencies it lies in.

The answer comes from the `PostcodeDistrict` table the project holds, never from
an outside service at run time: a member's post code does not leave the site.
Only the district (the outward code, "WA2" of "WA2 7AA") is needed, so a member
may type either half or the whole.

Hand-written rather than a dependency: the PyPI packages that validate UK post
codes are single-release or unmaintained, and the rule is one regular
expression (the shape BS 7666 gives, with the letters never used in each place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from networks.models import Constituency, PostcodeDistrict

# Area: one or two letters (never Q, V or X first; never I, J or Z second). District: a digit, then
# a digit or a letter. Inward code: a digit and two letters (never C, I, K, M, O or V).
_DISTRICT = r"(?P<district>[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)"
_INWARD = r"(?P<inward>\d[ABD-HJLNP-UW-Z]{2})"
FULL_POSTCODE = re.compile(rf"^{_DISTRICT}{_INWARD}$")
DISTRICT_ONLY = re.compile(rf"^{_DISTRICT}$")


class PostcodeError(ValueError):
    """A post code that is not one, or that the site holds no constituency for; the message says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def district_of(text: str) -> str:
    """The district of a UK post code ("wa2 7aa" or "WA2" → "WA2"); PostcodeError when it is not one."""
    squashed = re.sub(r"\s+", "", text or "").upper()
    if not squashed:
        raise PostcodeError(_("Type a post code, such as WA2 7AA, or just its first half, such as WA2."))
    match = FULL_POSTCODE.match(squashed) or DISTRICT_ONLY.match(squashed)
    if match is None:
        raise PostcodeError(
            _("“%(text)s” is not a UK post code. A post code looks like WA2 7AA; its first half, WA2, is enough.")
            % {"text": text.strip()[:20]}
        )
    return match.group("district")


def normalised(text: str) -> str:
    """A full post code written the way Royal Mail writes it ("wa27aa" → "WA2 7AA"), or "" when it is not one."""
    squashed = re.sub(r"\s+", "", text or "").upper()
    match = FULL_POSTCODE.match(squashed)
    return f"{match.group('district')} {match.group('inward')}" if match else ""


@dataclass(frozen=True)
class PostcodeLookup:
    district: str
    constituencies: list[Constituency]


def constituencies_for(text: str) -> PostcodeLookup:
    """The constituencies a post code's district lies in (one query); PostcodeError when the site holds none."""
    district = district_of(text)
    constituencies = [
        row.constituency
        for row in PostcodeDistrict.objects.filter(district=district).select_related("constituency__region")
    ]
    if not constituencies:
        raise PostcodeError(
            _(
                "We do not hold the constituency for post codes beginning %(district)s yet. "
                "Choose your region or constituency from the lists instead."
            )
            % {"district": district}
        )
    return PostcodeLookup(district, constituencies)
