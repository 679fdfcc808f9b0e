"""Benchmark databases built with the full demo generator (every app's `demo.py` hook), shared by the
benchmarks (`from benchdb import setup`).

    .venv/bin/python benchmarks/benchdb.py --scale medium
    DATABASE_URL=postgres://…/reintegra_bench_national REINTEGRA_HOME=/tmp/bench-national-pg \\
        .venv/bin/python benchmarks/benchdb.py --scale national
    REINTEGRA_HOME=/tmp/bench-national-sqlite .venv/bin/python benchmarks/benchdb.py --scale national \\
        --copy-from postgres://…/reintegra_bench_national --keys-from /tmp/bench-national-pg

SQLite by default (REINTEGRA_HOME, default /tmp/reintegra-bench-<scale>); PostgreSQL when
DATABASE_URL is set. A database that already holds the demo is reused as it is. `copy_from` fills a
new SQLite database with every table of an already generated PostgreSQL one, so both databases hold
the same rows without a second generation. Prints (and `setup` returns) the facts of the database:
seconds to build, rows per table, survivor events (reintegra/demo/events.py), size on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PASSWORD = "bench-password-123"
FETCH = 20_000  # rows a round trip when copying


def _django(scale: str, keys_from: str | None) -> None:
    os.environ.setdefault("REINTEGRA_DEBUG", "1")
    os.environ.setdefault("REINTEGRA_HOME", f"/tmp/reintegra-bench-{scale}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    home = Path(os.environ["REINTEGRA_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if keys_from:
        _share_keys(Path(keys_from), home)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _share_keys(source: Path, home: Path) -> None:
    """The copy's identities are encrypted and blind-indexed with the source's data keys: the
    development key files of the source's REINTEGRA_HOME are reused (not needed when
    REINTEGRA_DATA_KEYS is set in the environment)."""
    for name in ("data_keys", "secret_key"):
        wanted, mine = source / name, home / name
        if not wanted.exists():
            raise FileNotFoundError(f"{wanted}: not the REINTEGRA_HOME of the source database")
        if mine.exists() and mine.read_text() != wanted.read_text():
            raise ValueError(f"{mine} differs from {wanted}: use a new REINTEGRA_HOME for the copy")
        mine.write_text(wanted.read_text())
        mine.chmod(0o600)


def setup(scale: str, cases: int | None = None, copy_from: str | None = None,
          progress: Callable[[str], None] | None = None, keys_from: str | None = None) -> dict[str, Any]:
    """Open (building it first if needed) the benchmark database of `scale` and describe it.

    `cases` overrides the scale's number of cases (every per-case share follows); `copy_from` is
    the URL of a PostgreSQL benchmark database to copy into a new SQLite one instead of generating,
    and `keys_from` the REINTEGRA_HOME it was generated with (its data keys decrypt the copy).
    """
    _django(scale, keys_from)
    from django.core.management import call_command
    from django.db import connection

    from reintegra.demo import generator

    report = progress or (lambda line: None)
    facts: dict[str, Any] = {"database": connection.vendor, "name": str(connection.settings_dict["NAME"]),
                             "scale": scale}
    # An existing benchmark database only gets the monitoring migrations (other apps' work in progress
    # is left alone); a new one is migrated in full and generated.
    call_command("migrate", "monitoring", verbosity=0)
    if not generator.demo_loaded():
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        if copy_from:
            if connection.vendor != "sqlite":
                raise ValueError("copy_from fills a SQLite database; unset DATABASE_URL.")
            if not keys_from and not os.environ.get("REINTEGRA_DATA_KEYS"):
                facts["warning"] = ("copied without the source's data keys (keys_from): names and birth dates "
                                    "cannot be decrypted and name searches find nothing")
            facts["copied_rows"] = copy_from_postgres(copy_from, report)
            facts["copied_seconds"] = round(time.perf_counter() - began, 1)
        else:
            generator.generate(seed=1, scale=scale, password=PASSWORD, cases=cases, progress=report)
            facts["generated_seconds"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        facts["analyze_seconds"] = round(time.perf_counter() - began, 1)
    facts.update(describe())
    return facts


def describe() -> dict[str, Any]:
    from reintegra.demo.events import events, rows_per_table

    counts = rows_per_table()
    return {"cases": counts.get("cases.Case", 0), "organizations": counts.get("core.Organization", 0),
            "events": events(counts), "rows": counts, "size_mb": round(_size_bytes() / 2**20, 1)}


def _size_bytes() -> int:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the write-ahead log back into the file
    path = Path(str(connection.settings_dict["NAME"]))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


# --- Copy PostgreSQL -> SQLite ----------------------------------------------------------------------
def _converters(table: str, columns: list[str]) -> list[Callable[[Any], Any] | None]:
    """How each value read from PostgreSQL is written as Django writes it on SQLite (the model's
    field decides: JSON as text, UUIDs as 32 hex digits, datetimes as naive UTC text)."""
    from django.apps import apps
    from django.db import connection
    from django.db.models import DateField, DateTimeField, JSONField, TimeField, UUIDField

    fields: dict[str, Any] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            fields = {f.column: f for f in model._meta.local_concrete_fields}
    ops = connection.ops

    def of(field: Any) -> Callable[[Any], Any] | None:
        while field is not None and field.is_relation:  # a foreign key is written as the key it points to
            field = field.target_field
        if isinstance(field, JSONField):
            return lambda v: None if v is None else json.dumps(v)
        if isinstance(field, UUIDField):
            return lambda v: v.hex if isinstance(v, uuid.UUID) else v
        if isinstance(field, DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, DateField):
            return lambda v: v.isoformat() if isinstance(v, dt.date) else v
        if isinstance(field, TimeField):
            return ops.adapt_timefield_value
        return None

    return [of(fields.get(column)) for column in columns]


def _converted(rows: list[tuple], converters: list[Callable[[Any], Any] | None]) -> Iterator[tuple]:
    active = [(i, c) for i, c in enumerate(converters) if c is not None]
    if not active:
        yield from rows
        return
    for row in rows:
        values = list(row)
        for i, convert in active:
            values[i] = convert(values[i])
        yield tuple(values)


def copy_from_postgres(url: str, report: Callable[[str], None] = lambda line: None) -> dict[str, int]:
    """Copy every table of the PostgreSQL database at `url` (as migrated and generated) into the
    migrated, empty SQLite database of this process: rows deleted first (content types and
    permissions the migration created differ in ids), foreign keys off during the copy, then
    checked, and `sqlite_sequence` set to each table's largest id."""
    import psycopg
    from django.db import connection, transaction

    copied: dict[str, int] = {}
    connection.ensure_connection()
    with psycopg.connect(url) as source:
        with source.cursor() as cursor:
            cursor.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")
            source_columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                source_columns.setdefault(table, []).append(column)
        targets = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        if not connection.disable_constraint_checking():
            raise RuntimeError("Could not turn SQLite foreign keys off for the copy.")
        try:
            with transaction.atomic():
                raw = connection.connection.cursor()
                for table in targets:
                    raw.execute(f'DELETE FROM "{table}"')  # noqa: S608 (names from the introspection)
                    if table not in source_columns:
                        continue
                    raw.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608
                    columns = [c[0] for c in raw.description if c[0] in source_columns[table]]
                    began, count = time.perf_counter(), 0
                    names = ", ".join(f'"{c}"' for c in columns)
                    order = ' ORDER BY "id"' if "id" in columns else ""
                    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
                    converters = _converters(table, columns)
                    with source.cursor(name=f"copy_{table}") as rows:
                        rows.itersize = FETCH
                        rows.execute(f'SELECT {names} FROM "{table}"{order}')  # noqa: S608
                        while batch := rows.fetchmany(FETCH):
                            raw.executemany(insert, _converted(batch, converters))
                            count += len(batch)
                    copied[table] = count
                    if count >= FETCH:
                        report(f"{table}: {count:,} rows in {time.perf_counter() - began:.1f} s")
                _reset_sequences(raw, [t for t in targets if copied.get(t)])
        finally:
            connection.enable_constraint_checking()
    began = time.perf_counter()
    connection.check_constraints()
    report(f"foreign keys checked in {time.perf_counter() - began:.1f} s")
    return copied


def _reset_sequences(raw: Any, tables: list[str]) -> None:
    raw.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
    if not raw.fetchone():
        return
    raw.execute("DELETE FROM sqlite_sequence")
    for table in tables:
        raw.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608
        if "id" not in [c[0] for c in raw.description]:
            continue
        raw.execute(f'SELECT MAX("id") FROM "{table}"')  # noqa: S608
        largest = raw.fetchone()[0]
        if isinstance(largest, int):
            raw.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, largest))


def main() -> None:
    parser = argparse.ArgumentParser(description="Build (or describe) a benchmark database.")
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "national"])
    parser.add_argument("--cases", type=int, default=None, help="override the scale's number of cases")
    parser.add_argument("--copy-from", default=None, metavar="POSTGRES_URL",
                        help="fill a new SQLite database with every table of a generated PostgreSQL one")
    parser.add_argument("--keys-from", default=None, metavar="REINTEGRA_HOME",
                        help="the REINTEGRA_HOME the copied database was generated with (its data keys)")
    args = parser.parse_args()
    facts = setup(args.scale, args.cases, args.copy_from, progress=lambda line: print(line, flush=True),
                  keys_from=args.keys_from)
    rows = facts.pop("rows")
    print(json.dumps(facts, indent=1))
    for label, count in sorted(rows.items()):
        print(f"  {label:<36} {count:>12,}")


if __name__ == "__main__":
    main()
