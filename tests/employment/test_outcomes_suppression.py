"""Outcomes by trade: no shown count in 1..k-1, and no suppressed count can be recovered from the
totals, across the per-area and all-areas views (they are two views of one table)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.core.models import Role
from reintegra.employment import selectors, services
from reintegra.employment.outcomes import shown_counts, trade_area_table
from reintegra.employment.services.placements import placement_create
from reintegra.monitoring.privacy.suppression import alternative_table, extend

TRADES = ["7531", "7512", "5120"]
AREAS = ["East", "North", "South"]


def _published(table):
    """The extended table as published (None = hidden)."""
    rows = [list(row) + [total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    return rows + [list(table.col_totals) + [table.total]]


counts_strategy = st.dictionaries(st.tuples(st.sampled_from(TRADES), st.sampled_from(AREAS)),
                                  st.integers(min_value=0, max_value=12), max_size=9)


@settings(max_examples=60, deadline=None)
@given(counts=counts_strategy, threshold=st.integers(min_value=2, max_value=8))
def test_no_small_count_shown_and_none_recoverable(counts, threshold):
    table = trade_area_table(counts, TRADES, AREAS, threshold)
    published = _published(table)
    true = extend([[counts.get((t, a), 0) for a in AREAS] for t in TRADES])
    hidden = {(i, j) for i, row in enumerate(published) for j, v in enumerate(row) if v is None}
    for i, row in enumerate(published):
        for j, value in enumerate(row):
            assert value is None or value == 0 or value >= threshold
            assert value is None or value == true[i][j]
    for cell in hidden:
        other = alternative_table(true, hidden, cell)
        assert other is not None, cell
        # Check the witness ourselves: same published numbers, consistent sums, other value here.
        assert all(v >= 0 for row in other for v in row)
        assert other[cell[0]][cell[1]] != true[cell[0]][cell[1]]
        for i, row in enumerate(published):
            assert sum(other[i][:-1]) == other[i][-1]
            for j, value in enumerate(row):
                if value is not None:
                    assert other[i][j] == value
        for j in range(len(AREAS) + 1):
            assert sum(other[i][j] for i in range(len(TRADES))) == other[-1][j]
    # Both views come from the one table.
    for area in AREAS:
        for trade, value in shown_counts(table, area).items():
            assert value == published[TRADES.index(trade)][AREAS.index(area)]


def _world_with_placements(world, employer, make_case, per_area):
    appraisal = services.enterprises.appraisal_create(
        actor=world.liaison, organization=world.shelter, admin_area="North", kind="market_opportunity",
        title="Garments", conducted_on=world.today)
    services.enterprises.trade_add(actor=world.liaison, appraisal=appraisal, isco_code="7531", evidence="hiring")
    for area, n in per_area.items():
        for _ in range(n):
            case = make_case(world.shelter, world.manager, admin_area=area)
            placement_create(actor=world.manager, case=case, employer=employer, job_title="Tailor",
                             isco_code="7531", started_on=dt.date(2025, 1, 1), monthly_wage=Decimal("100"))


def test_the_all_areas_total_does_not_give_away_a_small_area(world, employer, make_case, make_member):
    _world_with_placements(world, employer, make_case, {"North": 6, "South": 2})
    viewer = make_member(world.other, Role.COUNSELLOR)
    north = selectors.outcomes_by_trade(user=viewer, admin_area="North")[0]
    everywhere = selectors.outcomes_by_trade(user=viewer)[0]
    # South (2) is small; North (6) and the total (8) cannot both be shown, or 8 - 6 = 2.
    assert not (north["placements"] is not None and everywhere["placements"] is not None)
    assert selectors.outcomes_by_trade(user=viewer, admin_area="South") == []  # no trade in demand there


@override_settings(REINTEGRA_SUPPRESSION_THRESHOLD=10)
def test_the_threshold_is_the_setting(world, employer, make_case, make_member):
    _world_with_placements(world, employer, make_case, {"North": 7})
    viewer = make_member(world.other, Role.COUNSELLOR)
    assert selectors.outcomes_by_trade(user=viewer)[0]["suppressed"]
    with override_settings(REINTEGRA_SUPPRESSION_THRESHOLD=5):
        row = selectors.outcomes_by_trade(user=viewer)[0]
        assert row["placements"] == 7 and row["median_start_wage"] == 100.0
