from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.core import audit
from reintegra.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database to PATH (identifiers stay encrypted inside it)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        audit.record(audit.Action.BACKUP, actor=None, actor_label="cli", detail={"path": str(path)})
        try:
            written = backup(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
