"""The aggregate queries behind every indicator: one grouped scan of the cases in scope.

The grouping keys are the survivor and case attributes every disaggregation is derived from
(sex, age group at opening, nationality, disability, organisation, area); child/adult and migrant
status are derived from them in Python. Everything else is a conditional sum, so the whole
dashboard — every indicator under every disaggregation — costs one scan plus one scan of the
cases closed in the period (for medians). Hand-written SQL because the date arithmetic differs
between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection

from reintegra.cases.models import Case
from reintegra.core.models import Organization
from reintegra.monitoring.selectors import Scope
from reintegra.people.models import Survivor

AGE_GROUPS = ["0-14", "15-17", "18-24", "25-34", "35-49", "50+", "unknown"]
CHILD_AGE_GROUPS = {"0-14", "15-17"}
FOLLOW_UP_YEAR = 365


@dataclass(frozen=True)
class CubeRow:
    gender: str
    age_group: str
    nationality: str
    disability: bool
    organization_id: int
    area: str
    opened: int
    active: int
    closed: int
    engaged_den: int
    engaged_num: int


def _sql_dialect() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {"year": "CAST(EXTRACT(YEAR FROM c.opened_on) AS INTEGER)",
                "days_open": "(c.closed_on - c.opened_on)",
                "days_since": "(CAST(%s AS DATE) - c.opened_on)"}
    return {"year": "CAST(strftime('%%Y', c.opened_on) AS INTEGER)",
            "days_open": "CAST(julianday(c.closed_on) - julianday(c.opened_on) AS INTEGER)",
            "days_since": "CAST(julianday(%s) - julianday(c.opened_on) AS INTEGER)"}


def tables() -> dict[str, str]:
    return {"case": Case._meta.db_table, "survivor": Survivor._meta.db_table,
            "organization": Organization._meta.db_table}


def age_group_sql(year_expr: str) -> str:
    age = f"({year_expr} - s.birth_year)"
    return (f"CASE WHEN s.birth_year IS NULL THEN 'unknown' WHEN {age} < 15 THEN '0-14' "
            f"WHEN {age} < 18 THEN '15-17' WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34' "
            f"WHEN {age} < 50 THEN '35-49' ELSE '50+' END")


def scope_sql(scope: Scope, organization: str = "c.organization_id", area: str = "c.admin_area") -> tuple[str, list]:
    if scope.network:
        return "1=1", []
    clauses: list[str] = []
    params: list[Any] = []
    if scope.organization_ids:
        clauses.append(f"{organization} IN ({', '.join(['%s'] * len(scope.organization_ids))})")
        params += list(scope.organization_ids)
    for org_id, area_name in scope.areas:
        clauses.append(f"({organization} = %s AND {area} = %s)")
        params += [org_id, area_name]
    return "(" + " OR ".join(clauses or ["1=0"]) + ")", params


def _from_where(scope: Scope, case_ids: list[int] | None = None) -> tuple[str, list]:
    t = tables()
    where, params = scope_sql(scope)
    if case_ids is not None:
        where += f" AND c.id IN ({', '.join(['%s'] * len(case_ids))})"
        params += list(case_ids)
    return (f"FROM {t['case']} c JOIN {t['survivor']} s ON s.id = c.survivor_id "
            f"WHERE {where}"), params


KEYS = "s.gender, {age}, COALESCE(s.nationality, ''), s.has_disability, c.organization_id, COALESCE(c.admin_area, '')"


def cube(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
         case_ids: list[int] | None = None) -> list[CubeRow]:
    """Grouped counts of the cases active at some time in [start, end] (only `case_ids` if given)."""
    if scope.is_empty:
        return []
    d = _sql_dialect()
    keys = KEYS.format(age=age_group_sql(d["year"]))
    anniversary_cutoff = min(end, as_of - dt.timedelta(days=FOLLOW_UP_YEAR))
    from_where, params = _from_where(scope, case_ids)
    sql = (
        f"SELECT {keys}, "
        "SUM(CASE WHEN c.opened_on >= %s THEN 1 ELSE 0 END), COUNT(*), "
        "SUM(CASE WHEN c.closed_on <= %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.opened_on >= %s AND c.opened_on <= %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.opened_on >= %s AND c.opened_on <= %s AND "
        f"(c.closed_on IS NULL OR {d['days_open']} > {FOLLOW_UP_YEAR}) THEN 1 ELSE 0 END) "
        f"{from_where} AND c.opened_on <= %s AND (c.closed_on IS NULL OR c.closed_on >= %s) "
        f"GROUP BY {keys}"
    )
    args = [start, end, start, anniversary_cutoff, start, anniversary_cutoff, *params, end, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [CubeRow(gender=r[0], age_group=r[1], nationality=r[2], disability=bool(r[3]),
                        organization_id=r[4], area=r[5], opened=int(r[6]), active=int(r[7]),
                        closed=int(r[8]), engaged_den=int(r[9]), engaged_num=int(r[10]))
                for r in cursor.fetchall()]


def closures(scope: Scope, start: dt.date, end: dt.date,
             case_ids: list[int] | None = None) -> list[tuple[CubeRow, int]]:
    """(grouping keys, days from opening to closure) for each case closed in [start, end]."""
    if scope.is_empty:
        return []
    d = _sql_dialect()
    keys = KEYS.format(age=age_group_sql(d["year"]))
    from_where, params = _from_where(scope, case_ids)
    sql = f"SELECT {keys}, {d['days_open']} {from_where} AND c.closed_on >= %s AND c.closed_on <= %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, start, end])
        return [(CubeRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], 0, 0, 1, 0, 0), int(r[6]))
                for r in cursor.fetchall()]


def tracer(scope: Scope, cohort_start: dt.date, cohort_end: dt.date, as_of: dt.date,
           waves_days: list[int]) -> list[tuple[int, int, int]]:
    """For a cohort (cases opened in the window): per wave, (cohort members who reached the wave,
    of whom still in contact with the programme at the wave)."""
    if scope.is_empty:
        return [(days, 0, 0) for days in waves_days]
    d = _sql_dialect()
    from_where, params = _from_where(scope)
    selects, args = [], []
    for days in waves_days:
        selects.append(f"SUM(CASE WHEN {d['days_since']} >= {days} THEN 1 ELSE 0 END)")
        selects.append(f"SUM(CASE WHEN {d['days_since']} >= {days} AND "
                       f"(c.closed_on IS NULL OR {d['days_open']} > {days}) THEN 1 ELSE 0 END)")
        args += [as_of, as_of]
    sql = f"SELECT {', '.join(selects)} {from_where} AND c.opened_on >= %s AND c.opened_on <= %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, *params, cohort_start, cohort_end])
        row = cursor.fetchone()
    values = [int(v or 0) for v in row]
    return [(days, values[2 * n], values[2 * n + 1]) for n, days in enumerate(waves_days)]
