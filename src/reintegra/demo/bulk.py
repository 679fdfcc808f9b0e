"""Bulk inserts for the demo: `COPY` on PostgreSQL, `bulk_create` elsewhere.

At national scale the demo writes millions of rows; on PostgreSQL a multi-row INSERT costs the
server a parse and plan per statement and Django a compile per value, while COPY streams the rows.
Ids are taken from the table's own sequence first (one `nextval` per row, in one query), so the
objects come back with their primary keys exactly as `bulk_create` returns them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection, connections
from django.db.models import (
    AutoField,
    BigAutoField,
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKey,
    IntegerField,
    Model,
    SmallAutoField,
)

M = TypeVar("M", bound=Model)
BATCH = 5000


def insert(objects: Sequence[M], batch_size: int = BATCH) -> list[M]:
    """Insert `objects` (all of one model, no signals, as `bulk_create`) and return them with ids."""
    rows = list(objects)
    if not rows:
        return rows
    model = type(rows[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(rows, batch_size=batch_size)
    for start in range(0, len(rows), batch_size):
        _copy(model, rows[start:start + batch_size])
    return rows


def _copy(model: type[Model], rows: list[Any]) -> None:
    db = connections[connection.alias]  # the wrapper itself: `connection` is a proxy, slow per value
    meta = model._meta
    fields = list(meta.local_concrete_fields)
    pk = meta.pk
    with db.cursor() as cursor:
        if isinstance(pk, AutoField | BigAutoField | SmallAutoField):
            missing = [row for row in rows if row.pk is None]
            if missing:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [meta.db_table, pk.column, len(missing)])
                for row, (new_id,) in zip(missing, cursor.fetchall(), strict=True):
                    row.pk = new_id
        columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
        statement = f"COPY {db.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            plain = [_is_plain(f) for f in fields]
            for row in rows:
                copy.write_row([getattr(row, f.attname) if direct else f.get_db_prep_save(f.pre_save(row, True), db)
                                for f, direct in zip(fields, plain, strict=True)])
    for row in rows:
        row._state.adding = False
        row._state.db = db.alias


def _is_plain(field: Any) -> bool:
    """A value psycopg writes as it is (Django's preparation would only check its type): integers,
    booleans, keys and dates that are not stamped on save. Text goes through the field (choices,
    encryption), as do JSON, decimals and datetimes."""
    if isinstance(field, ForeignKey):
        return True
    if isinstance(field, DateField) and not isinstance(field, DateTimeField):
        return not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    return isinstance(field, IntegerField | BooleanField)
