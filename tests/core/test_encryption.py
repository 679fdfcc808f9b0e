"""Direct identifiers never reach the database in clear text; keys rotate; blind indexes match."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from reintegra.core import crypto
from reintegra.core.keyrotation import rotate_all
from reintegra.people.models import Survivor

SECRETS = ["Zainab", "Qureshi-Okonkwo", "1991-07-23", "+44 7700 900123", "zainab.q@example.org",
           "14 Rue des Lilas", "P1234567"]


@pytest.fixture
def written(org, case_manager):
    from reintegra.cases.services import case_open
    from reintegra.people.services import Identity

    return case_open(actor=case_manager, organization=org, identity=Identity(
        given_name=SECRETS[0], family_name=SECRETS[1], birth_date=SECRETS[2], phone=SECRETS[3], email=SECRETS[4],
        address=SECRETS[5], document_numbers=SECRETS[6]))


def _all_table_text() -> str:
    """Every value of every table, as text, read with raw SQL behind the ORM's back."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


@pytest.mark.django_db
def test_no_identifier_in_clear_text_in_any_table(written):
    text = _all_table_text().casefold()
    for secret in SECRETS:
        assert secret.casefold() not in text, f"{secret!r} found in clear text"
    # ...and the ORM still reads them back.
    survivor = Survivor.objects.get(pk=written.survivor_id)
    assert (survivor.given_name, survivor.phone) == (SECRETS[0], SECRETS[3])


@pytest.mark.django_db(transaction=True)  # SQLite's backup API waits forever on an open transaction
def test_database_backup_file_holds_no_identifier(written, tmp_path):
    from reintegra.core.backup import backup

    if connection.vendor != "sqlite":
        pytest.skip("pg_dump of the test database is exercised in test_backup.py")
    raw = backup(tmp_path / "copy.sqlite3").read_bytes()
    assert b"people_survivor" in raw
    for secret in SECRETS:
        assert secret.encode() not in raw


def test_token_is_bound_to_its_column():
    token = crypto.encrypt("Maya", context="people.survivor.given_name")
    assert crypto.decrypt(token, context="people.survivor.given_name") == "Maya"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="people.survivor.family_name")


def test_tampered_token_fails_to_open():
    token = crypto.encrypt("Maya", context="x")
    prefix, key_id, body = token.split(".", 2)
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}.{key_id}.{base64.urlsafe_b64encode(bytes(raw)).decode()}", context="x")


@pytest.mark.parametrize("spec, message", [
    ("", "No data encryption key"),
    ("k1", "must look like"),
    ("k1:not-base64!", "not valid base64"),
    ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
])
def test_bad_key_configuration_is_explained(spec, message):
    with pytest.raises(crypto.KeyConfigurationError, match=message):
        crypto.KeyRing.parse(spec)


@given(st.text(min_size=1, max_size=60))
def test_encrypt_decrypt_round_trip(value):
    ring = crypto.KeyRing.parse("k1:" + base64.b64encode(bytes(32)).decode())
    assert crypto.decrypt(crypto.encrypt(value, context="c", ring=ring), context="c", ring=ring) == value


def test_blind_index_ignores_case_accents_and_spacing():
    assert crypto.blind_index("  José  DA Silva") == crypto.blind_index("jose da silva")
    assert crypto.blind_index("Jose da Silva") != crypto.blind_index("Josefa da Silva")


@pytest.mark.django_db
def test_rotate_keys_reencrypts_everything_and_keeps_search_working(written, settings):
    old_key_id = crypto.keyring().active_id
    new_spec = f"k2:{crypto.generate_key()},{settings.REINTEGRA_DATA_KEYS}"
    settings.REINTEGRA_DATA_KEYS = new_spec
    counts = rotate_all()
    assert counts["people.survivor"] == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, phone, key_id, name_index FROM people_survivor")
        given_name, phone, key_id, name_index = cursor.fetchone()
    assert crypto.key_id_of(given_name) == crypto.key_id_of(phone) == key_id == "k2" != old_key_id
    assert name_index == crypto.blind_index(f"{SECRETS[0]} {SECRETS[1]}")
    # The old key can now be dropped: everything opens with the new key alone.
    settings.REINTEGRA_DATA_KEYS = new_spec.split(",")[0]
    assert Survivor.objects.get().family_name == SECRETS[1]

