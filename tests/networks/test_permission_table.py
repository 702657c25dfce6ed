"""Every role × every action, asked through the one permission entry point."""

from pathlib import Path

import pytest

from networks.permissions import can, registered_actions
from tests.networks import factories
from tests.networks.factories import user_for_role
from tests.permission_table import ROLES, all_cases, markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.id)
def test_role_table(db, case):
    network = factories.make_network(
        "Table Network", slug="table-network", members_only=case.members_only
    )
    answers = []
    for role in ROLES:
        actor = user_for_role(role, network)
        target = case.make(network, actor)
        answers.append("Y" if can(actor, case.action, target) else "-")
    got = "".join(answers)
    assert got == case.expected, (
        f"{case.id}: roles {ROLES}\n expected {case.expected}\n      got {got}"
    )


def test_every_registered_action_is_in_the_table(db):
    tabled = {case.action for case in all_cases()}
    assert set(registered_actions()) <= tabled, sorted(set(registered_actions()) - tabled)


def test_docs_permissions_md_matches_the_table(db):
    assert DOC.read_text() == markdown(), "docs/permissions.md is stale: run `make permissions-doc`"
