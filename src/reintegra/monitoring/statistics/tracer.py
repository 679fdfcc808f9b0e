"""Tracer study: one cohort (cases opened in a window) followed over the follow-up waves.

Per wave: how many of the cohort have reached it, how many are still in contact (case not closed),
and — from the follow-up contact nearest the wave date, within WINDOW_DAYS — how many were reached
and how many of those were in work. Each block is suppressed as its own two-way table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection

from reintegra.cases.models import FollowUp
from reintegra.monitoring.privacy.suppression import safe_table
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cube
from reintegra.monitoring.statistics.followups import IN_WORK

WAVES_MONTHS = [6, 12, 24, 36, 60]
WINDOW_DAYS = 45


def _days(months: int) -> int:
    return round(months * 365 / 12)


def _employment_at_waves(scope: Scope, start: dt.date, end: dt.date, waves: list[int]) -> list[tuple[int, int]]:
    """(reported at the wave, of whom in work) per wave."""
    if scope.is_empty:
        return [(0, 0) for _w in waves]
    from_where, params = cube._from_where(scope)
    table = FollowUp._meta.db_table
    sql = (f"SELECT c.id, c.opened_on, f.done_on, f.employment_status "
           f"{from_where.replace('WHERE', f'JOIN {table} f ON f.case_id = c.id WHERE', 1)} "
           "AND c.opened_on >= %s AND c.opened_on <= %s AND f.done_on IS NOT NULL AND f.employment_status <> ''")
    nearest: dict[tuple[int, int], tuple[int, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, start, end])
        for case_id, opened_on, done_on, status in cursor.fetchall():
            opened_on = dt.date.fromisoformat(opened_on) if isinstance(opened_on, str) else opened_on
            done_on = dt.date.fromisoformat(done_on) if isinstance(done_on, str) else done_on
            elapsed = (done_on - opened_on).days
            for index, wave in enumerate(waves):
                gap = abs(elapsed - _days(wave))
                if gap <= WINDOW_DAYS and gap < nearest.get((case_id, index), (WINDOW_DAYS + 1, ""))[0]:
                    nearest[(case_id, index)] = (gap, status)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (_case, index), (_gap, status) in nearest.items():
        counts[index][0] += 1
        counts[index][1] += status in IN_WORK
    return [(counts[i][0], counts[i][1]) for i in range(len(waves))]


def cohort_waves(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
                 waves: list[int] = WAVES_MONTHS, threshold: int = 5) -> tuple[list[dict[str, Any]], int]:
    """Published rows per wave and the number of hidden cells."""
    contact = cube.tracer(scope, start, end, as_of, [_days(m) for m in waves])
    contact_table = safe_table([[kept, reached - kept] for _d, reached, kept in contact],
                               [str(m) for m in waves], ["in_contact", "lost"], threshold)
    work = _employment_at_waves(scope, start, end, waves)
    work_table = safe_table([[in_work, reported - in_work] for reported, in_work in work],
                            [str(m) for m in waves], ["in_work", "not_in_work"], threshold)
    rows = []
    for i, months in enumerate(waves):
        reached, kept = contact_table.row_totals[i], contact_table.cells[i][0]
        reported, in_work = work_table.row_totals[i], work_table.cells[i][0]
        rows.append({"months": months, "reached": reached, "in_contact": kept,
                     "share": kept / reached if reached and kept is not None else None,
                     "reported": reported, "in_work": in_work,
                     "work_share": in_work / reported if reported and in_work is not None else None})
    return rows, contact_table.suppressed + work_table.suppressed
