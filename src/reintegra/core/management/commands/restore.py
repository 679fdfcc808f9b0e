from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the current database with the backup at PATH. The same REINTEGRA_DATA_KEYS are needed to read it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, path: str, yes: bool, **options: Any) -> None:
        if not yes:
            answer = input("This replaces ALL current data with the backup. Type 'restore' to continue: ")
            if answer.strip() != "restore":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            restore(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
