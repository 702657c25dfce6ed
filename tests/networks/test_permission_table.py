"""Every role × every action, asked through the one permission entry point."""

from pathlib import Path

import pytest

from networks.permissions import (
    can,
    listed_actions,
    permitted,
    registered_actions,
    user_listed_actions,
    who_may,
)
from tests.networks import factories
from tests.networks.factories import user_for_role
from tests.permission_table import ROLES, about_nothing, all_cases, markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.id)
def test_role_table(db, case):
    network = factories.make_network(
        "Table Network", slug="table-network", members_only=case.members_only
    )
    for verified, expected in ((True, case.expected), (False, case.expected_unverified)):
        answers = []
        for role in ROLES:
            actor = user_for_role(role, network, verified=verified)
            target = case.make(network, actor)
            answers.append("Y" if can(actor, case.action, target) else "-")
        got = "".join(answers)
        who = "verified" if verified else "unverified"
        assert got == expected, (
            f"{case.id} ({who} accounts): roles {ROLES}\n expected {expected}\n      got {got}"
        )


def test_every_registered_action_is_in_the_table(db):
    tabled = {case.action for case in all_cases()}
    assert set(registered_actions()) <= tabled, sorted(set(registered_actions()) - tabled)


def test_docs_permissions_md_matches_the_table(db):
    assert DOC.read_text() == markdown(), "docs/permissions.md is stale: run `make permissions-doc`"


LISTED = [case for case in all_cases() if case.action in listed_actions() and case.make is not about_nothing]
USER_LISTED = [case for case in all_cases() if case.action in user_listed_actions()]


@pytest.mark.parametrize("case", LISTED, ids=lambda case: case.id)
def test_each_rule_and_its_list_agree_for_every_role(db, case):
    """`permitted(user, action)` holds exactly the objects `can(user, action, obj)` allows."""
    network = factories.make_network("Table Network", slug="table-network", members_only=case.members_only)
    for role in ROLES:
        actor = user_for_role(role, network)
        target = case.make(network, actor)
        listed = permitted(actor, case.action).filter(pk=target.pk).exists()
        assert listed == can(actor, case.action, target), f"{case.id} as {role}: can() and permitted() disagree"


@pytest.mark.parametrize("case", USER_LISTED, ids=lambda case: case.id)
def test_each_rule_and_its_list_of_people_agree_for_every_role(db, case):
    """`who_may(action, obj)` holds exactly the signed-in members `can(member, action, obj)` allows."""
    network = factories.make_network("Table Network", slug="table-network", members_only=case.members_only)
    for role in ROLES[1:]:
        actor = user_for_role(role, network)
        target = case.make(network, actor)
        listed = who_may(case.action, target).filter(pk=actor.pk).exists()
        assert listed == can(actor, case.action, target), f"{case.id} as {role}: can() and who_may() disagree"


def test_every_listed_rule_is_checked_against_its_list():
    assert {case.action for case in LISTED} == set(listed_actions())
    assert {case.action for case in USER_LISTED} == set(user_listed_actions())
