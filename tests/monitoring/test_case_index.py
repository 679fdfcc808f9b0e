"""The index on cases_case.updated_at (read by the statistics refresh) is declared by the cases app
and exists exactly once on a freshly migrated database (SQLite here; PostgreSQL when DATABASE_URL
points at one)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from reintegra.cases.models import Case

pytestmark = pytest.mark.django_db


def test_exactly_one_index_on_case_updated_at():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Case._meta.db_table)
    on_updated_at = {name for name, c in constraints.items() if c["index"] and c["columns"] == ["updated_at"]}
    assert on_updated_at == {"monitoring_case_updated_at"}


def test_the_model_declares_it_so_migrations_are_clean():
    assert "monitoring_case_updated_at" in {i.name for i in Case._meta.indexes}
    out = io.StringIO()
    call_command("makemigrations", "cases", "monitoring", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
