"""`reintegra nap_indicators_refresh` — daily: record the live value of every NAP indicator linked to
a live M&E indicator, for plans that are not closed (idempotent within a day)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reintegra.core import audit
from reintegra.planning import live_indicators
from reintegra.planning.models import Indicator, PlanStatus


class Command(BaseCommand):
    help = "Record today's value of NAP indicators linked to live M&E indicators (run daily)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="record as of YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date must look like YYYY-MM-DD, got {date!r}") from exc
        recorded, skipped = [], []
        indicators = Indicator.objects.exclude(live_indicator_code="").exclude(plan__status=PlanStatus.CLOSED)
        for indicator in indicators.select_related("plan"):
            with transaction.atomic():
                row = live_indicators.record(indicator, today)
                if row is None:
                    skipped.append(indicator.pk)
                    continue
                audit.record(audit.Action.UPDATE, organization=indicator.plan.organization_id, obj=row,
                             actor_label="nap_indicators_refresh",
                             detail={"plan": indicator.plan_id, "indicator": indicator.pk, "value": row.value})
                recorded.append(indicator.pk)
        self.stdout.write(json.dumps({"recorded": recorded, "skipped": skipped}))
