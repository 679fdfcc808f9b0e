from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.core.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and report the first entry that does not match."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            where = f" at entry {report.first_bad_id}" if report.first_bad_id else ""
            raise CommandError(
                f"Audit chain BROKEN{where}: {report.problem} ({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified."))
