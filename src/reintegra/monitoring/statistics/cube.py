"""The aggregate queries behind every indicator: one grouped scan of the cases in scope.

The grouping keys are the survivor and case attributes every disaggregation is derived from
(sex, age group at opening, nationality, disability, organisation, area, and the form of
exploitation and ISIC section of the case's first recorded exploitation episode, as
statistics/units.py defines them for the other indicators); child/adult and migrant status are
derived from them in Python. Everything else is a conditional sum, so the whole
dashboard — every indicator under every disaggregation — costs one scan plus one scan of the
cases closed in the period (for medians). Hand-written SQL because the date arithmetic differs
between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection

from reintegra.cases.models import Case, ExploitationEpisode
from reintegra.core.models import Organization
from reintegra.monitoring.selectors import Scope
from reintegra.people.models import Survivor

AGE_GROUPS = ["0-14", "15-17", "18-24", "25-34", "35-49", "50+", "unknown"]
UNKNOWN = "unknown"
CHILD_AGE_GROUPS = {"0-14", "15-17"}
FOLLOW_UP_YEAR = 365


class CubeRow(NamedTuple):
    """Grouping keys and measures of one group (a tuple: the aggregate hands thousands per read)."""

    gender: str
    age_group: str
    nationality: str
    disability: bool
    organization_id: int
    area: str
    form_of_exploitation: str
    sector: str
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


def keys_row(keys: Sequence[Any], opened: int = 0, active: int = 0, closed: int = 0, engaged_den: int = 0,
             engaged_num: int = 0) -> CubeRow:
    """A row with the grouping keys in the order of KEYS and the given measures."""
    return CubeRow(keys[0], keys[1], keys[2], bool(keys[3]), int(keys[4]), keys[5], keys[6], keys[7], opened, active,
                   closed, engaged_den, engaged_num)


def tables() -> dict[str, str]:
    return {"case": Case._meta.db_table, "survivor": Survivor._meta.db_table,
            "organization": Organization._meta.db_table, "episode": ExploitationEpisode._meta.db_table}


# The first episode is the first in (started_on, id) order, with the database's own placement of an
# unknown start (as the ORM's order_by in statistics/units.py, so both agree on every backend).
FORM_SQL = f"COALESCE(NULLIF({{e}}.form, ''), '{UNKNOWN}')"
SECTOR_SQL = f"COALESCE(NULLIF({{e}}.isic_section, ''), '{UNKNOWN}')"


def first_episodes_sql(where: str = "") -> str:
    """A derived table: (case_id, form, isic_section) of each case's first exploitation episode."""
    return (f"(SELECT case_id, form, isic_section FROM (SELECT case_id, form, isic_section, ROW_NUMBER() OVER "  # noqa: S608
            f"(PARTITION BY case_id ORDER BY started_on IS NULL, started_on, id) AS n FROM {tables()['episode']}"
            f"{f' WHERE {where}' if where else ''}) ranked WHERE n = 1)")


def first_episode_sql(expression: str, case: str = "c.id") -> str:
    """FORM_SQL or SECTOR_SQL of one case's first episode, as a correlated subquery (for few cases)."""
    column = expression.format(e="x")
    return (f"COALESCE((SELECT {column} FROM {tables()['episode']} x WHERE x.case_id = {case} "  # noqa: S608
            f"ORDER BY x.started_on IS NULL, x.started_on, x.id LIMIT 1), '{UNKNOWN}')")


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


def _from_where(scope: Scope, case_ids: list[int] | None = None, episodes: bool = False,
                join: str = "") -> tuple[str, list]:
    """FROM the cases in scope with their survivors (with `episodes`, their first episode as `e`;
    `join`, any further JOIN clause)."""
    t = tables()
    where, params = scope_sql(scope)
    join_params: list[Any] = []
    episode_filter = ""
    if case_ids is not None:
        placeholders = ", ".join(["%s"] * len(case_ids))
        where += f" AND c.id IN ({placeholders})"
        params += list(case_ids)
        episode_filter = f"case_id IN ({placeholders})"
        join_params = list(case_ids) if episodes else []
    join = (f" LEFT JOIN {first_episodes_sql(episode_filter)} e ON e.case_id = c.id" if episodes else "") + (
        f" {join}" if join else "")
    return (f"FROM {t['case']} c JOIN {t['survivor']} s ON s.id = c.survivor_id{join} "
            f"WHERE {where}"), [*join_params, *params]


KEYS = ("s.gender, {age}, COALESCE(s.nationality, ''), s.has_disability, c.organization_id, "
        f"COALESCE(c.admin_area, ''), {FORM_SQL.format(e='e')}, {SECTOR_SQL.format(e='e')}")


def cube(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
         case_ids: list[int] | None = None) -> list[CubeRow]:
    """Grouped counts of the cases active at some time in [start, end] (only `case_ids` if given)."""
    if scope.is_empty:
        return []
    d = _sql_dialect()
    keys = KEYS.format(age=age_group_sql(d["year"]))
    anniversary_cutoff = min(end, as_of - dt.timedelta(days=FOLLOW_UP_YEAR))
    from_where, params = _from_where(scope, case_ids, episodes=True)
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
        return [keys_row(r, opened=int(r[8]), active=int(r[9]), closed=int(r[10]), engaged_den=int(r[11]),
                         engaged_num=int(r[12])) for r in cursor.fetchall()]


def closures(scope: Scope, start: dt.date, end: dt.date,
             case_ids: list[int] | None = None) -> list[tuple[CubeRow, int]]:
    """(grouping keys, days from opening to closure) for each case closed in [start, end]."""
    if scope.is_empty:
        return []
    d = _sql_dialect()
    keys = KEYS.format(age=age_group_sql(d["year"]))
    from_where, params = _from_where(scope, case_ids, episodes=True)
    sql = f"SELECT {keys}, {d['days_open']} {from_where} AND c.closed_on >= %s AND c.closed_on <= %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, start, end])
        return [(keys_row(r, closed=1), int(r[8])) for r in cursor.fetchall()]


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
