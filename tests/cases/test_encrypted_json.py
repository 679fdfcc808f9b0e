"""Needs-assessment dimensions carry a free-text note per dimension, and a share's purpose says why
data went elsewhere: both are encrypted at rest, migrated, and still read back as before."""

from __future__ import annotations

import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from reintegra.cases import models as m
from reintegra.core import crypto

MIGRATION = importlib.import_module("reintegra.cases.migrations.0009_encrypt_existing_dimensions_share_purpose")
SECRET = "sleeps at her aunt's house behind the Kessab bus depot"


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def _write_raw(table: str, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s", [value])  # noqa: S608 - fixed names


def _migrate(direction) -> None:
    direction(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def assessment(case, org):
    return m.NeedsAssessment.objects.create(
        organization=org, case=case, dimensions={"housing": {"level": "priority", "note": SECRET}})


@pytest.mark.django_db
def test_dimensions_are_one_token_in_the_database_and_a_dict_in_python(assessment):
    (stored,) = _raw("cases_needsassessment", "dimensions")
    assert stored.startswith(f"{crypto.TOKEN_PREFIX}.") and SECRET not in stored and "housing" not in stored
    fresh = m.NeedsAssessment.objects.get(pk=assessment.pk)
    assert fresh.dimensions == {"housing": {"level": "priority", "note": SECRET}}


@pytest.mark.django_db
def test_an_empty_assessment_reads_back_as_an_empty_dict(case, org):
    made = m.NeedsAssessment.objects.create(organization=org, case=case)
    assert _raw("cases_needsassessment", "dimensions") == [""]
    assert m.NeedsAssessment.objects.get(pk=made.pk).dimensions == {}


@pytest.mark.django_db
def test_share_purpose_is_encrypted(case, org):
    m.CaseShare.objects.create(organization=org, case=case, shared_with=org, purpose=SECRET)
    (stored,) = _raw("cases_caseshare", "purpose")
    assert SECRET not in stored and m.CaseShare.objects.get().purpose == SECRET


@pytest.mark.django_db
def test_data_migration_seals_clear_json_and_can_be_undone(assessment, case, org):
    clear = json.dumps({"housing": {"level": "priority", "note": SECRET}})
    _write_raw("cases_needsassessment", "dimensions", clear)
    empty = m.NeedsAssessment.objects.create(organization=org, case=case)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_needsassessment SET dimensions = '{}' WHERE id = %s", [empty.pk])

    _migrate(MIGRATION.forwards)
    sealed = _raw("cases_needsassessment", "dimensions")
    assert sealed[1] == "" and SECRET not in sealed[0]
    assert m.NeedsAssessment.objects.get(pk=assessment.pk).dimensions["housing"]["note"] == SECRET

    _migrate(MIGRATION.forwards)  # idempotent
    assert _raw("cases_needsassessment", "dimensions") == sealed

    _migrate(MIGRATION.backwards)
    restored = _raw("cases_needsassessment", "dimensions")
    assert json.loads(restored[0])["housing"]["note"] == SECRET and restored[1] == "{}"


@pytest.mark.django_db
def test_api_still_takes_and_returns_dimensions_as_an_object():
    from reintegra.cases.api_serializers import CaseNeedsAssessmentSerializer

    field = CaseNeedsAssessmentSerializer().fields["dimensions"]
    assert field.to_representation({"housing": {"level": "some"}}) == {"housing": {"level": "some"}}
