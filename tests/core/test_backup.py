"""backup → change → restore brings the data back exactly, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.people.models import Survivor


def _snapshot():
    return sorted((s.code, s.given_name, s.family_name, s.birth_date, s.phone) for s in Survivor.objects.all())


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(org, case_manager, make_case, tmp_path):
    make_case(org, case_manager, given_name="Asha")
    make_case(org, case_manager, given_name="Omar", family_name="Rahman")
    before = _snapshot()
    path = tmp_path / "reintegra.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    make_case(org, case_manager, given_name="Added", family_name="Later")
    assert len(_snapshot()) == 3

    call_command("restore", str(path), "--yes")
    assert _snapshot() == before
    assert Case.objects.count() == 2
    assert audit.verify_chain().ok  # the restored audit trail is intact too


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, org, case_manager, make_case):
    make_case(org, case_manager)
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("hello")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
    assert Case.objects.count() == 1  # nothing changed
