"""`reintegra statistics_rebuild`: recompute the pre-aggregated case statistics from the cases and the
unit facts of the training, employment, referral and lifecycle indicators (statistics/unit_facts.py).

Part of `reintegra daily`. The dashboard refreshes the aggregate incrementally before every read;
this full pass also picks up what an incremental refresh cannot see (a survivor's sex, birth year,
nationality or disability edited without touching the case, bulk updates, deletes made in raw SQL).
Prints counts and times only."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from reintegra.monitoring.models import CaseFact, UnitFact
from reintegra.monitoring.statistics import aggregate, unit_facts


class Command(BaseCommand):
    help = "Rebuild the pre-aggregated case and unit statistics the dashboards read (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        state = aggregate.rebuild()
        self.stdout.write(f"{CaseFact.objects.count()} cases aggregated in {time.perf_counter() - started:.1f} s "
                          f"(as of {state.rebuilt_at:%Y-%m-%d %H:%M} UTC)")
        started = time.perf_counter()
        units = unit_facts.rebuild()
        self.stdout.write(f"{UnitFact.objects.count()} training, employment, referral and phase units in "
                          f"{time.perf_counter() - started:.1f} s (as of {units.rebuilt_at:%Y-%m-%d %H:%M} UTC)")
