"""The role × action table: one source for the permission tests and docs/permissions.md.

Each concern lists its cases in `tests/<app>/permission_cases.py` as `SECTION`
(a heading) and `CASES`, and may add headed sections of its own in
`MORE_SECTIONS`. A case names an action, says in words what it is asked
about, builds that object inside a network, and gives the expected answer for
every role in ROLES order as a string of "Y" (allowed) and "-" (refused).
Every role is asked twice: as a verified party member, and as an account that
has not verified its membership (or whose membership lapsed). `unverified`
gives the second answers where they differ; left out, they are the same, and
the test checks that they are.

`tests/test_permission_table.py` asks `can()` every cell; it also checks that
docs/permissions.md is exactly what `python -m tests.permission_table` prints,
so the documentation cannot drift from the tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES = ["anonymous", "non_member", "pending", "member", "moderator", "editor", "host", "commission", "staff"]
ROLE_HEADINGS = ["Anonymous", "Signed-in non-member", "Pending member", "Member", "Moderator", "Editor", "Host", "Commission member", "Staff"]
# The foundation first, then each concern in the order a member meets it; any new concern after.
SECTION_ORDER = ["networks", "discussions", "chat", "commissions", "bulletins"]
CASE_MODULES = [
    f"tests.{name}.permission_cases"
    for name in sorted(
        (path.parent.name for path in Path(__file__).parent.glob("*/permission_cases.py")),
        key=lambda name: (SECTION_ORDER.index(name) if name in SECTION_ORDER else len(SECTION_ORDER), name),
    )
]


def _the_network(network, actor):
    return network


def about_nothing(network, actor):
    """For a rule asked about the site as a whole ("may see the queues at all"), not about one object."""
    return None


@dataclass(frozen=True)
class Case:
    action: str
    target: str
    expected: str
    members_only: bool = False
    make: Callable[[Any, Any], Any] = field(default=_the_network, compare=False)
    """Builds the object asked about from (network, actor); defaults to the network itself."""
    unverified: str | None = None
    """The answers for the same roles held by accounts without a verified party membership; None: as `expected`."""

    def __post_init__(self):
        for name, answers in (("expected", self.expected), ("unverified", self.unverified)):
            if answers is None:
                continue
            if len(answers) != len(ROLES) or set(answers) - {"Y", "-"}:
                raise ValueError(f"{self.action}: {name} needs {len(ROLES)} of Y/-, got {answers!r}")
        if self.unverified == self.expected:
            raise ValueError(f"{self.action}: leave out `unverified` when it is the same as `expected`")

    @property
    def expected_unverified(self) -> str:
        return self.unverified if self.unverified is not None else self.expected

    @property
    def id(self) -> str:
        return f"{self.action}[{self.target}]"


def sections() -> list[tuple[str, list[Case]]]:
    """Each module's SECTION and CASES, then any further (heading, cases) it lists in MORE_SECTIONS."""
    found = []
    for name in CASE_MODULES:
        module = importlib.import_module(name)
        found.append((module.SECTION, list(module.CASES)))
        found.extend((title, list(cases)) for title, cases in getattr(module, "MORE_SECTIONS", []))
    return found


def all_cases() -> list[Case]:
    return [case for _, cases in sections() for case in cases]


def markdown() -> str:
    lines = [
        "# Permissions: who may do what",
        "",
        "Generated from `tests/*/permission_cases.py` by `python -m tests.permission_table` "
        "(`make permissions-doc`); `tests/test_permission_table.py` checks every cell against "
        "`networks.permissions.can()` and checks that this file is up to date.",
        "",
        "Roles are held in the network the action concerns. *Pending* has asked to join a "
        "members-only network and waits for approval. A *commission member* sits on a policy "
        "commission and holds no network role. *Staff* are site staff.",
        "",
        "Every cell is asked twice: of an account verified against the party's membership list, and of one "
        "that has not verified (or whose membership lapsed). Where the answers differ, a second row marked "
        "*unverified* follows; every other row holds for unverified accounts too (the test checks both).",
        "",
    ]
    header = "| Action | Asked about | " + " | ".join(ROLE_HEADINGS) + " |"
    rule = "|" + "---|" * (len(ROLES) + 2)
    for title, cases in sections():
        lines += [f"## {title}", "", header, rule]
        for case in cases:
            cells = " | ".join("✓" if mark == "Y" else "✗" for mark in case.expected)
            lines.append(f"| `{case.action}` | {case.target} | {cells} |")
            if case.unverified is not None:
                cells = " | ".join("✓" if mark == "Y" else "✗" for mark in case.unverified)
                lines.append(f"| `{case.action}` | {case.target}, *unverified* | {cells} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networksite.settings.test")
    django.setup()
    print(markdown(), end="")
