"""Free text that can identify a survivor (business plan, retention and viability notes, mentor
names and session notes) is encrypted at rest; the migration seals rows written before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reintegra.employment.models import Enterprise, SupportSession
from reintegra.employment.services.enterprises import enterprise_create, support_session_add


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test constants
        return cursor.fetchone()[0]


def test_written_encrypted_and_read_back(world):
    enterprise = enterprise_create(actor=world.liaison, case=world.case, name="Corner shop",
                                   business_plan="Maya sells bread next to her aunt's house")
    session = support_session_add(actor=world.liaison, case=world.case, kind="mentoring", held_on=world.today,
                                  mentor="Peer Rosa", peer_survivor_mentor=True, notes="Talked about debts")
    assert "Maya" not in _raw("employment_enterprise", "business_plan", enterprise.pk)
    assert "Rosa" not in _raw("employment_supportsession", "mentor", session.pk)
    assert "debts" not in _raw("employment_supportsession", "notes", session.pk)
    assert Enterprise.objects.get(pk=enterprise.pk).business_plan.startswith("Maya")
    assert SupportSession.objects.get(pk=session.pk).mentor == "Peer Rosa"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_existing_rows():
    old = _migrate([("employment", "0002_employer_disclosure")])
    try:
        org = old.get_model("core", "Organization").objects.create(name="Shelter sealed")
        survivor = old.get_model("people", "Survivor").objects.create(organization=org, code="S-SEAL-0001")
        case = old.get_model("cases", "Case").objects.create(organization=org, survivor=survivor)
        enterprise = old.get_model("employment", "Enterprise").objects.create(
            organization=org, case=case, name="Shop", business_plan="Plan naming Joao")
        session = old.get_model("employment", "SupportSession").objects.create(
            organization=org, case=case, kind="mentoring", held_on=dt.date(2026, 1, 1), mentor="Peer Ana",
            notes="Notes about Ana")
        _migrate([("employment", "0003_encrypt_survivor_free_text")])
        assert _raw("employment_enterprise", "business_plan", enterprise.pk).startswith("v1.")
        assert _raw("employment_supportsession", "mentor", session.pk).startswith("v1.")
        # only(): columns added by later migrations do not exist yet at 0003
        assert Enterprise.objects.only("business_plan").get(pk=enterprise.pk).business_plan == "Plan naming Joao"
        assert SupportSession.objects.only("notes").get(pk=session.pk).notes == "Notes about Ana"
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
