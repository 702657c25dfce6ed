"""`make demo` on a database made before the migrations were regenerated says what to do, with no traceback."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_a_current_database_passes(capsys):
    call_command("check_database")
    assert "matches" in capsys.readouterr().out


def test_a_database_with_migrations_that_no_longer_exist_is_told_to_run_make_clean():
    MigrationRecorder.Migration.objects.create(app="networks", name="0005_bulletins_from_commissions")
    with pytest.raises(CommandError, match=r"Run `make clean`.*then `make demo`") as refused:
        call_command("check_database")
    assert "networks.0005_bulletins_from_commissions" in str(refused.value)
