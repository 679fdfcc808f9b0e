"""Check flat HSDS tables before anything is written: schema of every row (formats included),
duplicate ids, and every reference between tables (to a row in the file or already stored)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reintegra.directory.hsds.reader import Tables
from reintegra.directory.hsds.tables import ENTITY_TABLE, FOREIGN_KEYS, row_schema

# A term's parent and taxonomy usually live in the published taxonomy, not in the file: noted only.
SOFT_REFERENCES = {("taxonomy_terms", "parent_id"), ("taxonomy_terms", "taxonomy_id")}


@dataclass(frozen=True)
class Problem:
    where: str
    table: str
    row_id: str
    field: str
    message: str

    def __str__(self) -> str:
        column = f" {self.field}:" if self.field else ""
        return f"{self.where} ({self.table} {self.row_id or '?'}){column} {self.message}"


@dataclass
class CheckedTables:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _merge_duplicates(tables: Tables) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    """The same row may appear nested in several places: merge copies; flag real conflicts."""
    merged: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    for table, rows in tables.rows.items():
        seen: dict[str, dict[str, Any]] = {}
        bucket: list[tuple[int, dict[str, Any]]] = []
        for index, row in enumerate(rows):
            row_id = str(row.get("id", ""))
            if row_id and row_id in seen:
                first = seen[row_id]
                for key, value in row.items():
                    if key not in first or first[key] in (None, ""):
                        first[key] = value
                    elif value not in (None, "") and first[key] != value and not key.endswith("_id") \
                            and key not in {"link_id", "link_entity", "resource_id", "resource_type"}:
                        problems.append(Problem(tables.where(table, index), table, row_id, key,
                                                "the same id appears twice with different values"))
                continue
            copy = dict(row)
            if row_id:
                seen[row_id] = copy
            bucket.append((index, copy))
        merged[table] = bucket
    return merged, problems


def check_tables(tables: Tables, exists: Callable[[str, set[str]], set[str]]) -> CheckedTables:
    """`exists(table, ids)` returns which of `ids` are already stored (for references to them)."""
    # Imported here: jsonschema's format checkers take seconds to import, and every command and
    # web process would pay for it at start-up otherwise.
    from jsonschema import Draft202012Validator

    merged, problems = _merge_duplicates(tables)
    result = CheckedTables(notes=list(tables.notes))
    for table, rows in merged.items():
        validator = Draft202012Validator(row_schema(table), format_checker=Draft202012Validator.FORMAT_CHECKER)
        for index, row in rows:
            for error in sorted(validator.iter_errors(row), key=lambda e: list(e.path)):
                column = str(error.path[0]) if error.path else ""
                if not column and error.validator == "required":
                    column = error.message.split("'")[1] if "'" in error.message else ""
                problems.append(Problem(tables.where(table, index), table, str(row.get("id", "")), column,
                                        error.message))
    ids = {table: {str(row.get("id")) for _i, row in rows if row.get("id")} for table, rows in merged.items()}
    stored_cache: dict[str, set[str]] = {}

    def known(table: str, wanted: set[str]) -> set[str]:
        found = ids.get(table, set()) & wanted
        missing = wanted - found
        if missing:
            if table not in stored_cache:
                stored_cache[table] = set()
            stored_cache[table] |= exists(table, missing)
            found |= stored_cache[table] & missing
        return found

    for table, rows in merged.items():
        references = dict(FOREIGN_KEYS.get(table, {}))
        for index, row in rows:
            targets = dict(references)
            if table == "attributes" and row.get("link_entity") in ENTITY_TABLE:
                targets["link_id"] = ENTITY_TABLE[row["link_entity"]]
            for column, target in targets.items():
                value = row.get(column)
                if value in (None, ""):
                    continue
                if str(value) not in known(target, {str(value)}):
                    if (table, column) in SOFT_REFERENCES:
                        result.notes.append(f"{tables.where(table, index)}: {column} {value} is not in the file")
                        continue
                    problems.append(Problem(tables.where(table, index), table, str(row.get("id", "")), column,
                                            f"refers to {target} {value}, which is neither in the file nor stored"))
    result.rows = {table: [row for _i, row in rows] for table, rows in merged.items()}
    result.problems = problems
    return result
