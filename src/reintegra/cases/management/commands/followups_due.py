"""`reintegra followups-due` — the daily background run of the case lifecycle.

Creates reminders for overdue follow-up contacts and for reflection periods that end soon or
have ended (idempotent: running it twice a day creates nothing new). Meant for the daily
scheduler (cron, systemd timer or the project's scheduler command); no broker needed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.cases.services import reminders_generate


class Command(BaseCommand):
    help = "Create reminders for overdue follow-ups and ending reflection periods (run daily)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="run as if today were YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date must look like YYYY-MM-DD, got {date!r}") from exc
        created = reminders_generate(today=today)
        self.stdout.write(json.dumps({"created": created}))
