"""Free text about a survivor in the case records is encrypted at rest, migrated, and rotated with the keys."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from reintegra.cases import models as m
from reintegra.core import crypto
from reintegra.core.keyrotation import encrypted_models, rotate_all

MIGRATION = importlib.import_module("reintegra.cases.migrations.0007_encrypt_existing_free_text")
TODAY = dt.date(2026, 11, 1)


def _secret(label: str, field: str) -> str:
    return f"Amira told us about {label}.{field} at the farm near Kessab"


@pytest.fixture
def rows(case, org, case_manager):
    """One row of every model touched by the migration, each text field holding its own secret."""
    def text(model, *fields):
        return {f: _secret(model._meta.label_lower, f) for f in fields}

    plan = m.ReintegrationPlan.objects.create(organization=org, case=case,
                                              **text(m.ReintegrationPlan, "objectives", "agreement_note"))
    goal = m.PlanGoal.objects.create(organization=org, plan=plan, area="training", **text(m.PlanGoal, "description"))
    assessment = m.NeedsAssessment.objects.create(organization=org, case=case,
                                                  **text(m.NeedsAssessment, "constraints_note"))
    m.Case.objects.filter(pk=case.pk).update(**text(m.Case, "closure_note"))
    m.Protection.objects.update_or_create(case=case, defaults={"organization": org,
                                                               **text(m.Protection, "non_punishment_note")})
    created = [
        m.PhaseChange.objects.create(organization=org, case=case, phase="crisis", started_on=TODAY,
                                     **text(m.PhaseChange, "note")),
        m.CaseEvent.objects.create(organization=org, case=case, kind="closed", **text(m.CaseEvent, "note")),
        m.Identification.objects.create(organization=org, case=case, identified_by="ngo",
                                        **text(m.Identification, "note", "referred_in_by_other")),
        m.ExploitationEpisode.objects.create(organization=org, case=case, form="trafficking",
                                             **text(m.ExploitationEpisode, "note")),
        m.FollowUp.objects.create(organization=org, case=case, phase="crisis", due_on=TODAY,
                                  **text(m.FollowUp, "note")),
        m.Need.objects.create(organization=org, assessment=assessment, horizon="immediate",
                              **text(m.Need, "description")),
        m.OutcomeAssessment.objects.create(organization=org, case=case, timepoint="intake", safety=3,
                                           legal_protection=3, mental_wellbeing=3, economic_empowerment=3,
                                           social_support=3, physical_wellbeing=3,
                                           **text(m.OutcomeAssessment, "note")),
        m.PlanAction.objects.create(organization=org, goal=goal,
                                    **text(m.PlanAction, "description", "responsible_person")),
        m.PlanReview.objects.create(organization=org, plan=plan, **text(m.PlanReview, "note")),
        m.CaseShare.objects.create(organization=org, case=case, shared_with=org, purpose="court",
                                   **text(m.CaseShare, "consent_override_reason", "ended_reason")),
    ]
    return created


def _columns():
    """(model, field) for every field the data migration handles."""
    for label, names in MIGRATION.FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            yield model, model._meta.get_field(name)


def _raw(model, field) -> list[str]:
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - names from the model
        return [row[0] for row in cursor.fetchall()]


def _write_raw(model, field, value: str) -> None:
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s", [value])  # noqa: S608 - names from the model


def _read(model, field) -> set[str]:
    return set(model.objects.values_list(field.name, flat=True))


def _run_migration(direction) -> None:
    direction(apps, SimpleNamespace(connection=connection))


@pytest.mark.django_db
def test_every_listed_field_is_encrypted_in_the_database_and_read_back_in_clear(rows):
    for model, field in _columns():
        secret = _secret(model._meta.label_lower, field.name)
        stored = [value for value in _raw(model, field) if value]
        assert stored and all(v.startswith(f"{crypto.TOKEN_PREFIX}.") and secret not in v for v in stored), field
        assert secret in _read(model, field)


@pytest.mark.django_db
def test_empty_text_stays_empty_so_blank_filters_still_work(case):
    assert _raw(m.Case, m.Case._meta.get_field("closure_note")) == [""]
    assert m.Case.objects.filter(closure_note="").count() == 1


@pytest.mark.django_db
def test_data_migration_encrypts_rows_written_in_clear_and_can_be_undone(rows):
    for model, field in _columns():
        _write_raw(model, field, _secret(model._meta.label_lower, field.name))
    forwards, backwards = MIGRATION.forwards, MIGRATION.backwards

    _run_migration(forwards)
    sealed = {(model, field.name): _raw(model, field) for model, field in _columns()}
    for model, field in _columns():
        secret = _secret(model._meta.label_lower, field.name)
        assert all(secret not in v for v in sealed[model, field.name]) and _read(model, field) == {secret}

    _run_migration(forwards)  # a second run leaves tokens alone
    assert {(model, field.name): _raw(model, field) for model, field in _columns()} == sealed

    _run_migration(backwards)
    for model, field in _columns():
        assert set(_raw(model, field)) == {_secret(model._meta.label_lower, field.name)}


@pytest.mark.django_db
def test_data_migration_works_in_batches(case, org):
    from reintegra.core.migrations._free_text import encrypt_existing

    for n in range(7):
        m.FollowUp.objects.create(organization=org, case=case, phase="crisis", due_on=TODAY, note=f"visit {n}")
    _write_raw(m.FollowUp, m.FollowUp._meta.get_field("note"), "clear note")
    forwards, _backwards = encrypt_existing({"cases.FollowUp": ["note"]}, batch_size=2)
    _run_migration(forwards)
    stored = _raw(m.FollowUp, m.FollowUp._meta.get_field("note"))
    assert len(stored) == m.FollowUp.objects.count() >= 7 and all(v.startswith("v1.") for v in stored)
    assert set(m.FollowUp.objects.values_list("note", flat=True)) == {"clear note"}


@pytest.mark.django_db
def test_rotate_keys_reencrypts_the_free_text(rows, settings):
    discovered = {(model._meta.label_lower, name) for model, names in encrypted_models() for name in names}
    assert {(model._meta.label_lower, field.name) for model, field in _columns()} <= discovered
    old = crypto.keyring().active_id
    new_spec = f"k9:{crypto.generate_key()},{settings.REINTEGRA_DATA_KEYS}"
    settings.REINTEGRA_DATA_KEYS = new_spec
    rotate_all()
    settings.REINTEGRA_DATA_KEYS = new_spec.split(",")[0]  # the old key is gone
    for model, field in _columns():
        assert {crypto.key_id_of(v) for v in _raw(model, field) if v} == {"k9"} != {old}, field
        assert _secret(model._meta.label_lower, field.name) in _read(model, field)


@pytest.mark.django_db
def test_clear_length_is_still_limited_where_the_column_used_to_be(case, org):
    plan = m.ReintegrationPlan.objects.create(organization=org, case=case, objectives="x")
    goal = m.PlanGoal(organization=org, plan=plan, area="training", description="y" * 301)
    with pytest.raises(ValidationError) as error:
        goal.full_clean()
    assert "description" in error.value.message_dict
    goal.description = "y" * 300
    goal.full_clean()
    goal.save()
    assert len(_raw(m.PlanGoal, m.PlanGoal._meta.get_field("description"))[0]) > 300  # the token is longer


def test_forms_and_api_keep_the_clear_length_limits():
    from reintegra.cases.api_serializers import (
        CaseIdentificationSerializer,
        CaseNeedSerializer,
        CasePlanActionSerializer,
    )
    from reintegra.cases.forms.sections import IdentificationForm

    assert IdentificationForm().fields["referred_in_by_other"].max_length == 200
    assert CaseIdentificationSerializer().fields["referred_in_by_other"].max_length == 200
    assert CaseNeedSerializer().fields["description"].max_length == 300
    assert CasePlanActionSerializer().fields["responsible_person"].max_length == 150
