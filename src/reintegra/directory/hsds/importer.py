"""Import HSDS 3.0 into the directory: read, check everything, then load all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reintegra.directory.hsds.check import Problem, check_tables
from reintegra.directory.hsds.load import load_tables, stored_ids
from reintegra.directory.hsds.reader import ReadError, Tables, read_json_document, read_path
from reintegra.directory.hsds.tables import STORED


@dataclass
class ImportReport:
    source: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"{self.source}: " + ", ".join(f"{n} {t}" for t, n in sorted(self.rows.items()))]
        out += [f"note: {n}" for n in self.notes]
        out += [f"problem: {p}" for p in self.problems]
        if self.problems:
            out.append(f"{len(self.problems)} problem(s): nothing was imported.")
        elif self.dry_run:
            out.append("dry run: no problems found, nothing was written.")
        else:
            out.append("imported: " + ", ".join(f"{n} {t}" for t, n in sorted(self.written.items())))
        return out


def _import(tables: Tables, source: str, dry_run: bool) -> ImportReport:
    checked = check_tables(tables, stored_ids)
    report = ImportReport(source=source, problems=checked.problems, notes=checked.notes, dry_run=dry_run,
                          rows={t: len(r) for t, r in checked.rows.items() if r})
    skipped = sorted(t for t in checked.rows if t not in STORED and checked.rows[t])
    if skipped:
        report.notes.append("checked but not stored: " + ", ".join(skipped))
    if report.ok and not dry_run:
        report.written = load_tables(checked.rows).counts
    return report


def import_path(path: Path, *, dry_run: bool = False) -> ImportReport:
    try:
        tables = read_path(Path(path))
    except ReadError as exc:
        return ImportReport(source=str(path), problems=[Problem(str(path), "", "", "", str(exc))], dry_run=dry_run)
    return _import(tables, str(path), dry_run)


def import_document(document: Any, *, name: str = "upload", dry_run: bool = False) -> ImportReport:
    try:
        tables = read_json_document(document, name)
    except ReadError as exc:
        return ImportReport(source=name, problems=[Problem(name, "", "", "", str(exc))], dry_run=dry_run)
    return _import(tables, name, dry_run)
