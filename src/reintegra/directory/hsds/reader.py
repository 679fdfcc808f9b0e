"""Read HSDS 3.0 documents into flat tables.

Accepted: a nested JSON object (service, organization, service_at_location, location), a list of
them, an API page ({"contents": [...]}), the tabular JSON form ({"services.csv": [...], ...}), or a
CSV datapackage (a folder, or its datapackage.json, with one CSV file per table). Each row keeps
where it came from so that problems can point at it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reintegra.directory.hsds.tables import ENTITY_TABLE, NESTED, TABLES, row_schema


@dataclass
class Tables:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    origins: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, index) -> where
    notes: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any], origin: str) -> None:
        bucket = self.rows.setdefault(table, [])
        self.origins[(table, len(bucket))] = origin
        bucket.append(row)

    def where(self, table: str, index: int) -> str:
        return self.origins.get((table, index), table)


class ReadError(ValueError):
    """The input cannot be read at all (not JSON, unknown shape, missing file)."""


def _guess_entity(obj: dict[str, Any]) -> str:
    if "service_at_locations" in obj or "status" in obj:
        return "service"
    if "location" in obj and "service" in obj:
        return "service_at_location"
    if "location_type" in obj:
        return "location"
    if "name" in obj and ("description" in obj or "services" in obj):
        return "organization"
    raise ReadError("Cannot tell which HSDS object this is (service, organization, location, service_at_location).")


def _flatten(tables: Tables, entity: str, obj: dict[str, Any], origin: str, parent: tuple[str, str] | None) -> None:
    table = ENTITY_TABLE[entity]
    own = set(row_schema(table)["properties"])
    row = {k: v for k, v in obj.items() if k in own}
    if parent is not None:
        parent_entity, parent_id = parent
        if entity == "attribute":
            row.setdefault("link_id", parent_id)
            row.setdefault("link_entity", parent_entity)
        elif entity == "metadata":
            row.setdefault("resource_id", parent_id)
            row.setdefault("resource_type", parent_entity)
        elif f"{parent_entity}_id" in own and row.get(f"{parent_entity}_id") in (None, ""):
            row[f"{parent_entity}_id"] = parent_id
    for key, child_entity in NESTED.get(entity, {}).items():
        value = obj.get(key)
        if isinstance(value, dict):
            _flatten(tables, child_entity, value, f"{origin}.{key}", None)
            link = f"{child_entity}_id" if child_entity != "taxonomy" else "taxonomy_id"
            if link in own and row.get(link) in (None, "") and value.get("id"):
                row[link] = value["id"]
        elif isinstance(value, list):
            for n, child in enumerate(value):
                if isinstance(child, dict):
                    _flatten(tables, child_entity, child, f"{origin}.{key}[{n}]", (entity, str(obj.get("id", ""))))
    tables.add(table, row, origin)


def _coerce_csv(table: str, row: dict[str, str]) -> dict[str, Any]:
    """CSV cells are text: empty means absent; numbers are parsed where the schema wants them."""
    properties = row_schema(table)["properties"]
    result: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None or value == "":
            continue
        kind = properties.get(key, {}).get("type")
        if kind in {"number", "integer"}:
            try:
                number = float(value)
                result[key] = int(number) if number.is_integer() else number
            except ValueError:
                result[key] = value  # left as text; the schema check reports it
        else:
            result[key] = value
    return result


def read_json_document(document: Any, name: str = "input") -> Tables:
    tables = Tables()
    if isinstance(document, dict) and any(k.endswith(".csv") for k in document):
        for file_name, rows in document.items():
            table = file_name.removesuffix(".csv")
            if table not in TABLES:
                tables.notes.append(f"{file_name}: not an HSDS table, ignored")
                continue
            for n, row in enumerate(rows or []):
                tables.add(table, {k: v for k, v in row.items() if v is not None}, f"{name}:{file_name}[{n}]")
        return tables
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        document = document["contents"]
    items = document if isinstance(document, list) else [document]
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReadError(f"{name}[{n}]: expected an object.")
        label = f"{name}[{n}]" if isinstance(document, list) else name
        _flatten(tables, _guess_entity(item), item, label, None)
    return tables


def read_datapackage(folder: Path) -> Tables:
    tables = Tables()
    package_file = folder / "datapackage.json"
    files: list[tuple[str, Path]] = []
    if package_file.is_file():
        package = json.loads(package_file.read_text(encoding="utf-8"))
        for resource in package.get("resources", []):
            path = folder / resource.get("path", "")
            files.append((str(resource.get("name") or path.stem), path))
    else:
        files = [(p.stem, p) for p in sorted(folder.glob("*.csv"))]
    for resource_name, path in files:
        table = path.stem if path.stem in TABLES else resource_name
        if table not in TABLES:
            tables.notes.append(f"{path.name}: not an HSDS table, ignored")
            continue
        if not path.is_file():
            tables.notes.append(f"{path.name}: listed in the datapackage but missing")
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                tables.add(table, _coerce_csv(table, row), f"{path.name}:{line}")
    return tables


def read_path(path: Path) -> Tables:
    path = Path(path)
    if path.is_dir():
        return read_datapackage(path)
    if path.name == "datapackage.json":
        return read_datapackage(path.parent)
    if not path.is_file():
        raise ReadError(f"{path}: no such file or folder.")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"{path.name}: not valid JSON ({exc}).") from None
    return read_json_document(document, path.name)
