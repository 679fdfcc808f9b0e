"""The one helper every data migration uses to seal free text kept in clear before (core, cases,
referrals, people, employment, skills, training): forwards seals, skips what is sealed already,
backwards opens again (cut to the old CharField's length where given) and stops on a token the keys
cannot open rather than leave ciphertext in a clear column."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from reintegra.core import crypto
from reintegra.core.migrations._free_text import encrypt_existing
from reintegra.core.models import Role

REASON = "Amira Haddad phoned from the bus station"
CONTEXT = "core.breakglassgrant.reason"


def _column() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM core_breakglassgrant")
        return cursor.fetchone()[0]


def _set_column(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_breakglassgrant SET reason = %s", [value])


@pytest.fixture
def clear_row(org, case_manager, make_case, make_member):
    from reintegra.cases.services import case_break_glass

    case = make_case(org, case_manager)
    colleague = make_member(org, Role.CASE_MANAGER, username="colleague")
    case_break_glass(actor=colleague, case_id=case.pk, reason=REASON)
    _set_column(REASON)  # as written before the column was sealed


@pytest.mark.django_db
def test_forwards_seals_once_and_backwards_opens_cut_to_the_old_length(clear_row):
    forwards, backwards = encrypt_existing({"core.BreakGlassGrant": ["reason"]}, batch_size=1,
                                           clear_limits={"core.BreakGlassGrant": {"reason": 12}})
    forwards(apps, connection.schema_editor())
    token = _column()
    assert token.startswith(f"{crypto.TOKEN_PREFIX}.") and crypto.decrypt(token, context=CONTEXT) == REASON
    forwards(apps, connection.schema_editor())
    assert _column() == token                      # already sealed: left alone
    backwards(apps, connection.schema_editor())
    assert _column() == REASON[:12]


@pytest.mark.django_db
def test_backwards_without_limits_gives_the_whole_text_back(clear_row):
    forwards, backwards = encrypt_existing({"core.BreakGlassGrant": ["reason"]})
    forwards(apps, connection.schema_editor())
    backwards(apps, connection.schema_editor())
    assert _column() == REASON


@pytest.mark.django_db
def test_a_token_of_another_column_is_sealed_again_and_one_the_keys_cannot_open_stops_the_way_back(clear_row):
    forwards, backwards = encrypt_existing({"core.BreakGlassGrant": ["reason"]})
    _set_column(crypto.encrypt(REASON, context="core.other.reason"))
    forwards(apps, connection.schema_editor())
    assert crypto.decrypt(crypto.decrypt(_column(), context=CONTEXT), context="core.other.reason") == REASON
    _set_column(f"{crypto.TOKEN_PREFIX}.k9.not-a-token-these-keys-open")
    with pytest.raises(crypto.DecryptionError):
        backwards(apps, connection.schema_editor())
