"""Shared by the skills and training data migrations that seal columns once kept in clear.

Not a migration itself (the loader skips modules whose name starts with "_"). The historical
models would try to decrypt the old clear values, so rows are read and written with plain SQL,
one batch of primary keys at a time. Sealing skips values that already open as tokens of their
column, so running it twice is harmless; unsealing (the reverse) needs the keys that sealed them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reintegra.core import crypto

BATCH = 500


def _opens(value: str, context: str) -> bool:
    try:
        crypto.decrypt(value, context=context)
    except Exception:  # not a token, or a token of another column or key
        return False
    return True


def _seal(value: str, context: str) -> str | None:
    return None if _opens(value, context) else crypto.encrypt(value, context=context)


def _unseal(value: str, context: str) -> str | None:
    return crypto.decrypt(value, context=context) if _opens(value, context) else None


def _rewrite(connection: Any, table: str, model_label: str, columns: list[str],
             convert: Callable[[str, str], str | None]) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for column in columns:
            context = f"{model_label}.{column}"
            last = 0
            while True:
                cursor.execute(f"SELECT id, {q(column)} FROM {q(table)} WHERE id > %s AND {q(column)} <> '' "  # noqa: S608
                               f"ORDER BY id LIMIT %s", [last, BATCH])
                rows = cursor.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                updates = [(new, pk) for pk, value in rows if (new := convert(value, context)) is not None]
                if updates:
                    cursor.executemany(f"UPDATE {q(table)} SET {q(column)} = %s WHERE id = %s", updates)  # noqa: S608


def operations_for(tables: dict[str, tuple[str, list[str]]]) -> tuple[Callable[..., None], Callable[..., None]]:
    """forwards/backwards functions for RunPython: {db_table: (model label, [columns])}."""
    def forwards(apps: Any, schema_editor: Any) -> None:
        for table, (label, columns) in tables.items():
            _rewrite(schema_editor.connection, table, label, columns, _seal)

    def backwards(apps: Any, schema_editor: Any) -> None:
        for table, (label, columns) in tables.items():
            _rewrite(schema_editor.connection, table, label, columns, _unseal)

    return forwards, backwards
