"""Reasons, notes and feedback in referrals and transfers are encrypted at rest, migrated and rotated."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from reintegra.core import crypto
from reintegra.core.keyrotation import rotate_all
from reintegra.referrals.models import Feedback, Referral, ReferralEvent, Transfer

MIGRATION = importlib.import_module("reintegra.referrals.migrations.0003_encrypt_existing_free_text")


def _secret(label: str, field: str) -> str:
    return f"Rosa (born 1990, sister of Ana) — {label}.{field}"


def _text(model, *fields):
    return {f: _secret(model._meta.label_lower, f) for f in fields}


@pytest.fixture
def rows(network):
    referral = Referral.objects.create(
        organization=network.shelter, case=network.case, recipient=network.provider_org, service=network.service,
        response_due=dt.date(2026, 12, 1),
        **_text(Referral, "reason", "decline_reason", "cancel_reason", "outcome_note"))
    ReferralEvent.objects.create(organization=network.shelter, referral=referral, to_status="sent",
                                 **_text(ReferralEvent, "note"))
    Feedback.objects.create(organization=network.shelter, referral=referral, rating=4, **_text(Feedback, "comment"))
    Transfer.objects.create(organization=network.shelter, case=network.case, to_organization=network.other,
                            **_text(Transfer, "reason", "decline_reason"))
    return referral


def _columns():
    for label, names in MIGRATION.FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            yield model, model._meta.get_field(name)


def _raw(model, field) -> list[str]:
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - names from the model
        return [row[0] for row in cursor.fetchall()]


def _read(model, field) -> set[str]:
    return set(model.objects.values_list(field.name, flat=True))


@pytest.mark.django_db
def test_referral_texts_are_encrypted_in_the_database_and_read_back_in_clear(rows):
    for model, field in _columns():
        secret = _secret(model._meta.label_lower, field.name)
        stored = _raw(model, field)
        assert stored and all(v.startswith(f"{crypto.TOKEN_PREFIX}.") and secret not in v for v in stored), field
        assert _read(model, field) == {secret}


@pytest.mark.django_db
def test_services_write_encrypted_reasons(network, sent_referral):
    from reintegra.referrals.services import referral_decline

    referral_decline(actor=network.provider_staff, referral=sent_referral, reason="No places until March for Rosa")
    assert all("Rosa" not in v for v in _raw(Referral, Referral._meta.get_field("decline_reason")))
    assert all("Rosa" not in v for v in _raw(ReferralEvent, ReferralEvent._meta.get_field("note")))
    assert all("tailoring" not in v for v in _raw(Referral, Referral._meta.get_field("reason")))
    sent_referral.refresh_from_db()
    assert sent_referral.decline_reason == "No places until March for Rosa"
    assert sent_referral.reason == "Wants to learn tailoring"


@pytest.mark.django_db
def test_data_migration_encrypts_clear_rows_and_can_be_undone(rows):
    schema_editor = SimpleNamespace(connection=connection)
    with connection.cursor() as cursor:
        for model, field in _columns():
            cursor.execute(f"UPDATE {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
                           f"SET {connection.ops.quote_name(field.column)} = %s",
                           [_secret(model._meta.label_lower, field.name)])
    MIGRATION.forwards(apps, schema_editor)
    for model, field in _columns():
        secret = _secret(model._meta.label_lower, field.name)
        assert all(secret not in v for v in _raw(model, field)) and _read(model, field) == {secret}
    MIGRATION.backwards(apps, schema_editor)
    for model, field in _columns():
        assert set(_raw(model, field)) == {_secret(model._meta.label_lower, field.name)}


@pytest.mark.django_db
def test_rotate_keys_reencrypts_referral_texts(rows, settings):
    new_spec = f"k9:{crypto.generate_key()},{settings.REINTEGRA_DATA_KEYS}"
    settings.REINTEGRA_DATA_KEYS = new_spec
    counts = rotate_all()
    assert {"referrals.referral", "referrals.referralevent", "referrals.feedback", "referrals.transfer"} <= set(counts)
    settings.REINTEGRA_DATA_KEYS = new_spec.split(",")[0]
    for model, field in _columns():
        assert {crypto.key_id_of(v) for v in _raw(model, field)} == {"k9"}, field
        assert _read(model, field) == {_secret(model._meta.label_lower, field.name)}
