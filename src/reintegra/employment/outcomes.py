"""Outcomes by trade (3b.3; like the Bridge project's results by trade), published safely.

Placements are counted in one two-way table, trade × area. Its row totals are the all-areas
figures and its columns are the per-area figures, so both views come from one suppressed table
(the monitoring privacy engine): a count from 1 to threshold-1 is never shown, and a hidden count
cannot be recovered by subtracting the areas that are shown from the all-areas total (complementary
suppression). Wage and retention figures are given only for counts that are shown.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Count

from reintegra.employment.models import Placement, TradeInDemand
from reintegra.monitoring.privacy.suppression import SafeTable, safe_table


def suppression_threshold() -> int:
    return int(getattr(settings, "REINTEGRA_SUPPRESSION_THRESHOLD", 5))


def trade_area_table(counts: dict[tuple[str, str], int], trades: list[str], areas: list[str],
                     threshold: int) -> SafeTable:
    """The suppressed trade × area table of placement counts (pure; property-tested)."""
    matrix = [[counts.get((trade, area), 0) for area in areas] for trade in trades]
    return safe_table(matrix, trades, areas, threshold)


def shown_counts(table: SafeTable, admin_area: str = "") -> dict[str, int | None]:
    """Per trade, the published count for `admin_area` (its column) or for all areas (row totals)."""
    if admin_area:
        if admin_area not in table.col_labels:
            return {trade: 0 for trade in table.row_labels}
        column = table.col_labels.index(admin_area)
        return {trade: table.cells[i][column] for i, trade in enumerate(table.row_labels)}
    return dict(zip(table.row_labels, table.row_totals, strict=True))


def _figures(placements: Any) -> dict[str, Any]:
    starts, latest, retained = [], [], []
    for placement in placements.prefetch_related("retention_checks"):
        done = [c for c in placement.retention_checks.all() if c.done_on]
        if placement.monthly_wage is not None:
            starts.append(float(placement.monthly_wage))
        if done:
            last = max(done, key=lambda c: c.month)
            retained.append(bool(last.still_employed))
            if last.monthly_wage is not None:
                latest.append(float(last.monthly_wage))
    return {
        "retained_share": round(sum(retained) / len(retained), 2) if retained else None,
        "median_start_wage": median(starts) if starts else None,
        "median_latest_wage": median(latest) if latest else None,
    }


def outcomes_by_trade(admin_area: str = "") -> list[dict[str, Any]]:
    all_trades = sorted(set(TradeInDemand.objects.values_list("isco_code", flat=True)))
    if not all_trades:
        return []
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for group in (Placement.objects.filter(isco_code__in=all_trades).values("isco_code", "case__admin_area")
                  .annotate(n=Count("id"))):
        counts[(group["isco_code"], group["case__admin_area"] or "")] += group["n"]
    areas = sorted({area for _trade, area in counts} | {admin_area})
    table = trade_area_table(counts, all_trades, areas, suppression_threshold())
    shown = shown_counts(table, admin_area)
    wanted = all_trades
    if admin_area:
        wanted = sorted(set(TradeInDemand.objects.filter(appraisal__admin_area=admin_area)
                            .values_list("isco_code", flat=True)))
    rows = []
    for code in wanted:
        count = shown[code]
        row: dict[str, Any] = {"isco_code": code, "placements": count, "suppressed": count is None}
        if count:
            placements = Placement.objects.filter(isco_code=code)
            if admin_area:
                placements = placements.filter(case__admin_area=admin_area)
            row.update(_figures(placements))
        rows.append(row)
    return rows
