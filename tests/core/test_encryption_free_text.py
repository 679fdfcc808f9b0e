"""Break-glass reasons are encrypted, and no written reason reaches the append-only audit trail in clear."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from reintegra.core import audit, crypto
from reintegra.core.keyrotation import rotate_all
from reintegra.core.models import AuditEvent, BreakGlassGrant, Role

MIGRATION = importlib.import_module("reintegra.core.migrations.0004_encrypt_existing_free_text")
GLASS = "Amira Haddad phoned from the bus station, her manager is away"
REOPEN = "Amira came back: her employer in Kessab found her again"
OVERRIDE = "Court order 12/2026 about Amira Haddad requires the plan"
SHARE_END = "Amira moved to her aunt in Tartus"


def _all_table_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def _grant_column() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM core_breakglassgrant")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def grant(org, case_manager, make_case, make_member):
    from reintegra.cases.services import case_break_glass

    case = make_case(org, case_manager)
    colleague = make_member(org, Role.CASE_MANAGER, username="colleague")
    return case_break_glass(actor=colleague, case_id=case.pk, reason=GLASS)


@pytest.mark.django_db
def test_break_glass_reason_is_encrypted_and_the_audit_entry_points_to_it(grant):
    (stored,) = _grant_column()
    assert GLASS not in stored and stored.startswith("v1.")
    assert BreakGlassGrant.objects.get().reason == GLASS
    event = AuditEvent.objects.get(action=AuditEvent.Action.BREAK_GLASS)
    assert event.reason == "" and GLASS not in str(event.detail)
    assert event.detail["reason_of"] == f"core.breakglassgrant.reason:{grant.pk}"
    assert event.referenced_reason == GLASS
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_no_written_reason_reaches_any_table_in_clear(grant, org, case_manager, make_case, make_member, make_org):
    from reintegra.cases.services import case_close, case_reopen, case_share, case_share_end

    case = grant.case
    supervisor = make_member(org, Role.SUPERVISOR, username="sup")
    case_close(actor=case_manager, case=case, reason="other", note=REOPEN)
    case_reopen(actor=supervisor, case=case, note=REOPEN)
    share = case_share(actor=supervisor, case=case, shared_with=make_org(name="Court"), sections=["plan"],
                       purpose="court", override_reason=OVERRIDE)
    case_share_end(actor=supervisor, share=share, reason=SHARE_END)
    text = _all_table_text()
    for secret in (GLASS, REOPEN, OVERRIDE, SHARE_END):
        assert secret not in text, secret
    reopened = AuditEvent.objects.filter(object_type="cases.case", detail__reopened=True).get()
    overridden = AuditEvent.objects.filter(object_type="cases.caseshare", action=AuditEvent.Action.BREAK_GLASS).get()
    assert (reopened.referenced_reason, overridden.referenced_reason) == (REOPEN, OVERRIDE)
    share.refresh_from_db()
    assert share.ended_reason == SHARE_END


@pytest.mark.django_db
def test_the_audit_page_still_shows_the_reason_to_the_auditor(client, grant, make_member, org):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    make_member(org, Role.ORG_ADMIN, username="admin")
    client.login(username="admin", password=PASSWORD)
    page = client.get(reverse("core:audit"), {"action": "break_glass"}).content.decode()
    assert GLASS in page


@pytest.mark.django_db
def test_a_reference_resolves_to_nothing_once_its_row_is_gone_or_if_unknown(grant):
    event = AuditEvent.objects.get(action=AuditEvent.Action.BREAK_GLASS)
    assert AuditEvent(detail={"reason_of": "core.user.password:1"}).referenced_reason == ""
    assert AuditEvent(detail={"reason_of": "core.breakglassgrant.reason:x"}).referenced_reason == ""
    assert AuditEvent(detail=[]).referenced_reason == ""
    BreakGlassGrant.objects.all().delete()
    assert event.referenced_reason == ""
    with pytest.raises(ValueError):
        AuditEvent.reason_reference(event, "reason")


@pytest.mark.django_db
def test_data_migration_encrypts_old_break_glass_reasons(grant):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_breakglassgrant SET reason = %s", [GLASS])
    schema_editor = SimpleNamespace(connection=connection)
    MIGRATION.forwards(apps, schema_editor)
    (stored,) = _grant_column()
    assert GLASS not in stored and BreakGlassGrant.objects.get().reason == GLASS
    MIGRATION.backwards(apps, schema_editor)
    assert _grant_column() == [GLASS]


@pytest.mark.django_db
def test_rotate_keys_reencrypts_break_glass_reasons(grant, settings):
    new_spec = f"k9:{crypto.generate_key()},{settings.REINTEGRA_DATA_KEYS}"
    settings.REINTEGRA_DATA_KEYS = new_spec
    assert rotate_all()["core.breakglassgrant"] == 1
    settings.REINTEGRA_DATA_KEYS = new_spec.split(",")[0]
    assert [crypto.key_id_of(v) for v in _grant_column()] == ["k9"]
    assert BreakGlassGrant.objects.get().reason == GLASS


@pytest.mark.django_db
def test_going_back_without_the_key_stops_instead_of_leaving_ciphertext(grant, settings):
    settings.REINTEGRA_DATA_KEYS = f"k9:{crypto.generate_key()}"  # the key that sealed the reason is gone
    with pytest.raises(crypto.DecryptionError, match="REINTEGRA_DATA_KEYS"):
        MIGRATION.backwards(apps, SimpleNamespace(connection=connection))
