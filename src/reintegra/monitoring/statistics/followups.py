"""Indicators from follow-up contacts (cases.FollowUp): employment at the latest contact, and the
change in monthly income and in debt between the first and the latest contact.

Read in one ordered scan of the follow-ups done by the end of the period for cases in scope; each
case contributes once. Income changes compare amounts in the same currency only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from reintegra.cases.models import FollowUp
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cube as cube_queries
from reintegra.monitoring.statistics.cube import CubeRow

IN_WORK = {"wage_employed", "self_employed"}


@dataclass
class CaseTrack:
    keys: CubeRow
    first_income: tuple[Decimal, str] | None = None
    last_income: tuple[Decimal, str] | None = None
    first_debt: Decimal | None = None
    last_debt: Decimal | None = None
    last_status: str = ""
    income_records: int = 0
    debt_records: int = 0


@dataclass
class FollowUpFigures:
    # base -> dimension -> group -> count; medians: code -> dimension -> group -> sorted values
    bases: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    medians: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    in_work: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)


def _tracks(scope: Scope, start: dt.date, end: dt.date) -> list[CaseTrack]:
    if scope.is_empty:
        return []
    d = cube_queries._sql_dialect()
    keys = cube_queries.KEYS.format(age=cube_queries.age_group_sql(d["year"]))
    from_where, params = cube_queries._from_where(
        scope, episodes=True, join=f"JOIN {FollowUp._meta.db_table} f ON f.case_id = c.id")
    sql = (f"SELECT {keys}, f.case_id, f.done_on, f.monthly_income, f.currency, f.has_debt, f.debt_amount, "
           f"f.employment_status {from_where} "
           "AND f.done_on IS NOT NULL AND f.done_on <= %s ORDER BY f.case_id, f.done_on, f.id")
    tracks: dict[int, CaseTrack] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, end])
        for row in cursor.fetchall():
            case_id, done_on, income, currency, has_debt, debt, status = row[8:15]
            if isinstance(done_on, str):
                done_on = dt.date.fromisoformat(done_on)
            track = tracks.get(case_id)
            if track is None:
                track = tracks[case_id] = CaseTrack(cube_queries.keys_row(row))
            debt_value = None if has_debt is None else (Decimal(str(debt or 0)) if has_debt else Decimal(0))
            if income is not None:
                value = (Decimal(str(income)), currency or "")
                track.first_income = track.first_income or value
                track.income_records += 1
                track.last_income = value if done_on >= start else None
            if debt_value is not None:
                track.first_debt = debt_value if track.first_debt is None else track.first_debt
                track.debt_records += 1
                track.last_debt = debt_value if done_on >= start else None
            if status and done_on >= start:
                track.last_status = status
    return list(tracks.values())


def compute(scope: Scope, start: dt.date, end: dt.date,
            keys: dict[str, Callable[[CubeRow], str]]) -> FollowUpFigures:
    figures = FollowUpFigures()
    dims = [("", lambda row: ""), *keys.items()]
    income: dict[str, dict[str, list[float]]] = {d: defaultdict(list) for d, _k in dims}
    debt: dict[str, dict[str, list[float]]] = {d: defaultdict(list) for d, _k in dims}
    work: dict[str, dict[str, list[int]]] = {d: defaultdict(lambda: [0, 0]) for d, _k in dims}
    for track in _tracks(scope, start, end):
        for dim, key in dims:
            group = key(track.keys)
            first, last = track.first_income, track.last_income
            if track.income_records > 1 and first and last and first[1] == last[1]:
                income[dim][group].append(float(last[0] - first[0]))
            if track.debt_records > 1 and track.first_debt is not None and track.last_debt is not None:
                debt[dim][group].append(float(track.last_debt - track.first_debt))
            if track.last_status:
                pair = work[dim][group]
                pair[0] += track.last_status in IN_WORK
                pair[1] += 1
    for code, values in (("income_change", income), ("debt_change", debt)):
        figures.medians[code] = {dim: {g: sorted(v) for g, v in groups.items()} for dim, groups in values.items()}
        figures.bases[f"{code}_n"] = {dim: {g: len(v) for g, v in groups.items()} for dim, groups in values.items()}
        figures.bases[f"{code}_n"][""].setdefault("", 0)
    figures.in_work = {dim: {g: (n, d) for g, (n, d) in groups.items()} for dim, groups in work.items()}
    figures.in_work[""].setdefault("", (0, 0))
    figures.bases["employment_reported"] = {dim: {g: d for g, (_n, d) in groups.items()}
                                            for dim, groups in figures.in_work.items()}
    return figures
