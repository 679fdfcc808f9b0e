"""Database triggers that make the audit trail append-only, for SQLite and PostgreSQL.

Installed by migration core.0002. Test settings may turn them off on SQLite
(REINTEGRA_AUDIT_TRIGGERS=False) because Django's test flush clears tables with DELETE, which the
trigger refuses; PostgreSQL flushes with TRUNCATE, which row triggers do not see.
"""

from __future__ import annotations

from typing import Any

INSTALL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
        "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;",
        "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;",
        "CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent "
        "FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change();",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update;",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;",
        "DROP FUNCTION IF EXISTS core_auditevent_refuse_change();",
    ],
}


def install_audit_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in INSTALL.get(connection.vendor, []):
            cursor.execute(sql)


def remove_audit_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in REMOVE.get(connection.vendor, []):
            cursor.execute(sql)
