"""`reintegra retention-due`: count the retention checks due and not done, per organisation
(for the daily scheduler's log or a cron mail). Prints counts only, never survivor data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from reintegra.employment.models import RetentionCheck


class Command(BaseCommand):
    help = "Count overdue placement retention checks (1, 3, 6, 12 months) per organisation."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        rows = (RetentionCheck.objects.filter(done_on__isnull=True, due_on__lte=today, placement__ended_on__isnull=True)
                .values("organization__name").annotate(n=Count("id")).order_by("organization__name"))
        for row in rows:
            self.stdout.write(f"{row['organization__name']}: {row['n']} retention check(s) due")
        if not rows:
            self.stdout.write("No retention check due.")
