"""`reintegra import hsds PATH [--dry-run]`: HSDS 3.0 JSON or a CSV datapackage, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.directory.services import hsds_import


class Command(BaseCommand):
    help = ("Import data. Formats: hsds (HSDS 3.0 JSON file, or a CSV datapackage folder). Every problem is "
            "reported and nothing is written unless the whole file is clean.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=["hsds"])
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")

    def handle(self, *args: Any, **options: Any) -> None:
        report = hsds_import(actor=None, path=Path(options["path"]), dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) found; nothing was imported.")
