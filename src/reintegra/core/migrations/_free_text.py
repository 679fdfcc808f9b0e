"""Data-migration helper: encrypt columns that were stored in clear before they became EncryptedTextField.

The migration loader ignores modules whose name starts with "_", so this is shared code, not a migration.
It runs after the schema migration that switched the columns to EncryptedTextField. The historical model
would then try to decrypt the old clear values, so rows are read and written with plain SQL instead.

Forwards seals every non-empty value that is not yet a token of this column (re-running is harmless);
backwards opens them again, which needs the keys that sealed them, and cuts the clear text to the
length of the column it goes back to where that column was a CharField (`clear_limits`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reintegra.core import crypto

BATCH_SIZE = 500


def _is_token_of(value: str, context: str) -> bool:
    try:
        crypto.decrypt(value, context=context)
    except Exception:  # DecryptionError, or a clear value that merely looks like "v1.x.y"
        return False
    return True


def _batches(cursor: Any, table: str, pk: str, column: str, batch_size: int) -> Iterator[list[tuple[Any, str]]]:
    """Non-empty values of one column, in primary-key order, `batch_size` rows at a time."""
    last = None
    while True:
        where = f"{column} <> ''" + (f" AND {pk} > %s" if last is not None else "")
        cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                       ([last] if last is not None else []) + [batch_size])
        rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def rewrite_columns(connection: Any, *, table: str, pk: str, columns: dict[str, str],
                    convert: Callable[[str, str], str | None], batch_size: int = BATCH_SIZE) -> int:
    """Apply `convert(value, context)` to every non-empty value; None means "leave as is". Returns rows changed."""
    quote = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        for column, context in columns.items():
            for rows in _batches(cursor, quote(table), quote(pk), quote(column), batch_size):
                updates = [(new, key) for key, value in rows if (new := convert(value, context)) is not None]
                if updates:
                    cursor.executemany(f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",  # noqa: S608
                                       updates)
                    changed += len(updates)
    return changed


def seal(value: str, context: str) -> str | None:
    return None if _is_token_of(value, context) else crypto.encrypt(value, context=context)


def unseal(value: str, context: str) -> str | None:
    """Clear text of a token; a token that cannot be opened stops the migration (keys missing?)
    rather than leaving ciphertext behind in a column that is about to hold clear text."""
    if not value.startswith(f"{crypto.TOKEN_PREFIX}."):
        return None
    return crypto.decrypt(value, context=context)


def _run(apps: Any, schema_editor: Any, fields: dict[str, list[str]], convert: Callable[[str, str], str | None],
         batch_size: int) -> None:
    for label, names in fields.items():
        model = apps.get_model(label)
        columns = {model._meta.get_field(name).column: f"{model._meta.label_lower}.{name}" for name in names}
        rewrite_columns(schema_editor.connection, table=model._meta.db_table, pk=model._meta.pk.column,
                        columns=columns, convert=convert, batch_size=batch_size)


def encrypt_existing(fields: dict[str, list[str]], batch_size: int = BATCH_SIZE,
                     clear_limits: dict[str, dict[str, int]] | None = None) -> tuple[Callable, Callable]:
    """(forwards, backwards) for migrations.RunPython; `fields` maps "app.Model" to field names,
    `clear_limits` "app.Model" to {field: max_length of the CharField the column was before}."""
    limits = {f"{label.lower()}.{name}": length for label, lengths in (clear_limits or {}).items()
              for name, length in lengths.items()}

    def unseal_to_limit(value: str, context: str) -> str | None:
        clear = unseal(value, context)
        return clear[:limits[context]] if clear is not None and context in limits else clear

    def forwards(apps: Any, schema_editor: Any) -> None:
        _run(apps, schema_editor, fields, seal, batch_size)

    def backwards(apps: Any, schema_editor: Any) -> None:
        _run(apps, schema_editor, fields, unseal_to_limit, batch_size)

    return forwards, backwards
