"""Pre-aggregated case statistics: kept in step with the cases, read by the dashboard.

Every count the dashboard needs is a count of cases whose opening or closing date lies in a
range, per combination of grouping keys (`StatisticsGroup`):

    opened         = opened in [start, end]
    active         = opened on or before end - closed before start
    closed         = closed in [start, end]      (and the day histogram of those, for medians)
    engaged 12 m   = opened in [start, cutoff], of which still open or open more than a year

so two small tables answer them: `OpeningMonth` (cases opened per group and calendar month) and
`ClosureDays` (cases closed per group, calendar month and days open). Whole months inside a range
come from those tables; the partial months at its ends come from `CaseFact` (one row per case,
with date indexes), so every figure is exact for any period, not just whole months.

`CaseFact` is also the memory that makes the refresh incremental: for each case changed since the
high-water mark (`cases.Case.updated_at`) the refresh subtracts what the case counted before and
adds what it counts now; a deleted case is marked `CaseFact.removed` (a post_delete signal, see
models.py) and taken back out. An exploitation episode added, edited or deleted changes the case's
form of exploitation and sector without moving its `updated_at`: a signal marks the case
(`StaleCase`) and the refresh recounts it. Changes no signal sees (a survivor's sex, birth year, nationality
or disability edited on its own, bulk `QuerySet.update()` or `bulk_create`) are picked up by `rebuild()`, run at
least once a day (by the first refresh after REINTEGRA_STATISTICS_REBUILD_HOURS); the dashboard
carries both times (`Dashboard.cases_as_of`, `Dashboard.rebuilt_at`).

Cases closed before they opened (bad data) are left out of the monthly tables: `read()` counts them
with the direct queries of cube.py, so the answer matches the direct computation exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reintegra.monitoring.models import (
    AggregateState,
    CaseFact,
    ClosureDays,
    OpeningMonth,
    StaleCase,
    StatisticsGroup,
)
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cube as cube_queries
from reintegra.monitoring.statistics.cube import FOLLOW_UP_YEAR, CubeRow

# Re-read cases updated this long before the high-water mark: a transaction that saved a case
# before the last refresh but committed after it is still picked up (re-reading is harmless).
LAG = dt.timedelta(minutes=10)
CHUNK = 5000

# gender, age group, nationality, disability, org, area, form of exploitation, sector
GroupKey = tuple[str, str, str, bool, int, str, str, str]


def age_group(birth_year: int | None, opened_on: dt.date) -> str:
    """Age group at opening, as cube.age_group_sql computes it in SQL."""
    if birth_year is None:
        return "unknown"
    age = opened_on.year - birth_year
    for limit, label in ((15, "0-14"), (18, "15-17"), (25, "18-24"), (35, "25-34"), (50, "35-49")):
        if age < limit:
            return label
    return "50+"


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Fact:
    survivor_id: int
    group: GroupKey
    opened_on: dt.date
    closed_on: dt.date | None

    @property
    def days_open(self) -> int | None:
        return (self.closed_on - self.opened_on).days if self.closed_on else None

    @property
    def irregular(self) -> bool:
        return self.closed_on is not None and self.closed_on < self.opened_on

    @property
    def long_engaged(self) -> bool:
        days = self.days_open
        return days is None or days > FOLLOW_UP_YEAR


def _tables() -> dict[str, str]:
    return {**cube_queries.tables(), "group": StatisticsGroup._meta.db_table, "fact": CaseFact._meta.db_table,
            "opening": OpeningMonth._meta.db_table, "closure": ClosureDays._meta.db_table,
            "stale": StaleCase._meta.db_table}


def _first_episode(expression: str) -> str:
    return cube_queries.first_episode_sql(expression, case="c.id")


def _live_facts(case_ids: list[int]) -> dict[int, Fact]:
    t = _tables()
    facts: dict[int, Fact] = {}
    for n in range(0, len(case_ids), CHUNK):
        chunk = case_ids[n:n + CHUNK]
        sql = (f"SELECT c.id, c.survivor_id, s.gender, s.birth_year, COALESCE(s.nationality, ''), s.has_disability, "  # noqa: S608
               f"c.organization_id, COALESCE(c.admin_area, ''), c.opened_on, c.closed_on, "
               f"{_first_episode(cube_queries.FORM_SQL)}, {_first_episode(cube_queries.SECTOR_SQL)} "
               f"FROM {t['case']} c JOIN {t['survivor']} s ON s.id = c.survivor_id "
               f"WHERE c.id IN ({', '.join(['%s'] * len(chunk))})")
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            for (case_id, survivor_id, gender, birth_year, nationality, disability, org, area, opened,
                 closed, form, sector) in cursor.fetchall():
                key = (gender, age_group(birth_year, opened), nationality, bool(disability), int(org), area,
                       form, sector)
                facts[case_id] = Fact(survivor_id, key, opened, closed)
    return facts


GROUP_FIELDS = ("gender", "age_group", "nationality", "disability", "organization_id", "area", "form_of_exploitation",
                "sector")


def _known_groups(organizations: set[int]) -> dict[GroupKey, int]:
    known: dict[GroupKey, int] = {}
    for chunk in (sorted(organizations)[n:n + CHUNK] for n in range(0, len(organizations), CHUNK)):
        for pk, *key in StatisticsGroup.objects.filter(organization_id__in=chunk).values_list("pk", *GROUP_FIELDS):
            known[(key[0], key[1], key[2], bool(key[3]), int(key[4]), key[5], key[6], key[7])] = pk
    return known


def _group_ids(keys: set[GroupKey]) -> dict[GroupKey, int]:
    """Ids of the groups of `keys`, created as needed (read only for the organisations concerned:
    a refresh with nothing changed reads none)."""
    if not keys:
        return {}
    organizations = {k[4] for k in keys}
    known = _known_groups(organizations)
    missing = keys - set(known)
    if missing:
        StatisticsGroup.objects.bulk_create([StatisticsGroup(**dict(zip(GROUP_FIELDS, k, strict=True)))
                                             for k in missing])
        known = _known_groups(organizations)
    return known


class _Delta:
    """Changes to the monthly tables, applied in one pass at the end of a refresh."""

    def __init__(self) -> None:
        self.opening: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
        self.closure: dict[tuple[int, dt.date, int], int] = defaultdict(int)

    def add(self, group_id: int, opened_on: dt.date, closed_on: dt.date | None, long_engaged: bool,
            irregular: bool, sign: int) -> None:
        if irregular:
            return
        cell = self.opening[(group_id, month_of(opened_on))]
        cell[0] += sign
        cell[1] += sign if long_engaged else 0
        if closed_on is not None:
            self.closure[(group_id, month_of(closed_on), (closed_on - opened_on).days)] += sign

    def apply(self) -> None:
        opening = {k: v for k, v in self.opening.items() if v != [0, 0]}
        if opening:
            rows = OpeningMonth.objects.filter(month__in={m for _g, m in opening},
                                               group_id__in={g for g, _m in opening})
            existing = {(r.group_id, r.month): r for r in rows}
            for key, (opened, engaged) in opening.items():
                row = existing.get(key)
                if row is None:
                    OpeningMonth.objects.create(group_id=key[0], month=key[1], opened=opened, long_engaged=engaged)
                elif row.opened + opened == 0:
                    row.delete()
                else:
                    OpeningMonth.objects.filter(pk=row.pk).update(opened=row.opened + opened,
                                                                   long_engaged=row.long_engaged + engaged)
        closure = {k: v for k, v in self.closure.items() if v}
        if closure:
            rows_c = ClosureDays.objects.filter(month__in={m for _g, m, _d in closure},
                                                group_id__in={g for g, _m, _d in closure},
                                                days__in={d for _g, _m, d in closure})
            existing_c = {(r.group_id, r.month, r.days): r for r in rows_c}
            for key_c, closed in closure.items():
                row_c = existing_c.get(key_c)
                if row_c is None:
                    ClosureDays.objects.create(group_id=key_c[0], month=key_c[1], days=key_c[2], closed=closed)
                elif row_c.closed + closed == 0:
                    row_c.delete()
                else:
                    ClosureDays.objects.filter(pk=row_c.pk).update(closed=row_c.closed + closed)


def _changed_cases(since: dt.datetime) -> list[int]:
    """Cases updated since `since` whose counted facts differ from what they are now (compared in SQL,
    so re-reading the safety window of recently updated cases costs no Python per case)."""
    t = _tables()
    d = cube_queries._sql_dialect()
    sql = (
        f"SELECT c.id FROM {t['case']} c JOIN {t['survivor']} s ON s.id = c.survivor_id "  # noqa: S608
        f"LEFT JOIN {t['fact']} f ON f.case_id = c.id LEFT JOIN {t['group']} g ON g.id = f.group_id "
        "WHERE c.updated_at >= %s AND (f.case_id IS NULL OR f.removed OR f.survivor_id <> c.survivor_id "
        "OR f.opened_on <> c.opened_on OR (f.closed_on IS NULL) <> (c.closed_on IS NULL) "
        "OR f.closed_on <> c.closed_on OR g.gender <> s.gender "
        f"OR g.age_group <> {cube_queries.age_group_sql(d['year'])} "
        "OR g.nationality <> COALESCE(s.nationality, '') OR g.disability <> s.has_disability "
        "OR g.organization_id <> c.organization_id OR g.area <> COALESCE(c.admin_area, ''))")
    # Form and sector are not compared: episode changes come marked (StaleCase), and comparing them
    # here would cost two episode lookups per case re-read in the safety window.
    with connection.cursor() as cursor:
        cursor.execute(sql, [since])
        return [r[0] for r in cursor.fetchall()]


def _locked_state() -> AggregateState:
    AggregateState.objects.get_or_create(pk=1)
    # Refreshes queue behind each other (PostgreSQL row lock; SQLite serialises writers anyway).
    return AggregateState.objects.select_for_update().get(pk=1)


def rebuild_every() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "REINTEGRA_STATISTICS_REBUILD_HOURS", 24)))


def refresh() -> AggregateState:
    """Bring the aggregate up to date with the cases changed since the last refresh.

    Cheap when nothing changed: one index range read of `updated_at`. The first call
    builds the aggregate from scratch, and so does a call when the last full rebuild is older than
    REINTEGRA_STATISTICS_REBUILD_HOURS (default 24; the daily job normally gets there first)."""
    with transaction.atomic():
        state = _locked_state()
        if state.high_water is None or state.rebuilt_at is None or (
                timezone.now() - state.rebuilt_at > rebuild_every()):
            return _rebuild(state)
        started = timezone.now()
        marks = list(StaleCase.objects.values_list("id", "case_id"))
        changed = sorted(set(_changed_cases(state.high_water - LAG)) | {case_id for _id, case_id in marks})
        live = _live_facts(changed)
        stored = {f.case_id: f for n in range(0, len(changed), CHUNK)
                  for f in CaseFact.objects.filter(case_id__in=changed[n:n + CHUNK])}
        removed = {f.case_id: f for f in CaseFact.objects.filter(removed=True)}
        stored.update(removed)
        for case_id in removed:
            live.pop(case_id, None)
        _apply(live, stored, set(stored) - set(live))
        # Only the marks read: one committed since is another row, left for the next refresh.
        for n in range(0, len(marks), CHUNK):
            StaleCase.objects.filter(id__in=[i for i, _c in marks[n:n + CHUNK]]).delete()
        state.high_water = started
        state.refreshed_at = timezone.now()
        state.save(update_fields=["high_water", "refreshed_at"])
    return state


def _apply(live: dict[int, Fact], stored: dict[int, CaseFact], gone: set[int]) -> None:
    group_ids = _group_ids({f.group for f in live.values()})
    delta = _Delta()
    replaced: list[int] = []
    new_rows: list[CaseFact] = []
    for case_id, fact in live.items():
        old = stored.get(case_id)
        group_id = group_ids[fact.group]
        if old is not None:
            if (old.group_id, old.opened_on, old.closed_on, old.survivor_id) == (
                    group_id, fact.opened_on, fact.closed_on, fact.survivor_id):
                continue
            delta.add(old.group_id, old.opened_on, old.closed_on, old.long_engaged, old.irregular, -1)
            replaced.append(case_id)
        delta.add(group_id, fact.opened_on, fact.closed_on, fact.long_engaged, fact.irregular, +1)
        new_rows.append(CaseFact(case_id=case_id, survivor_id=fact.survivor_id, group_id=group_id,
                                 opened_on=fact.opened_on, closed_on=fact.closed_on, days_open=fact.days_open,
                                 long_engaged=fact.long_engaged, irregular=fact.irregular))
    for case_id in gone:
        old = stored[case_id]
        delta.add(old.group_id, old.opened_on, old.closed_on, old.long_engaged, old.irregular, -1)
        replaced.append(case_id)
    for n in range(0, len(replaced), CHUNK):
        CaseFact.objects.filter(case_id__in=replaced[n:n + CHUNK]).delete()
    CaseFact.objects.bulk_create(new_rows, batch_size=1000)
    delta.apply()


def _dialect() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {"month": "CAST(date_trunc('month', {}) AS DATE)"}
    return {"month": "date({}, 'start of month')"}


def rebuild() -> AggregateState:
    """Recompute the whole aggregate from the cases (the daily reconciliation)."""
    with transaction.atomic():
        return _rebuild(_locked_state())


def _rebuild(state: AggregateState) -> AggregateState:
    started = timezone.now()
    t = _tables()
    d = cube_queries._sql_dialect()
    month = _dialect()["month"]
    days = d["days_open"].replace("c.", "k.")
    age = cube_queries.age_group_sql(d["year"])
    keys = cube_queries.KEYS.format(age=age)
    form, sector = cube_queries.FORM_SQL.format(e="e"), cube_queries.SECTOR_SQL.format(e="e")
    source = (f"FROM {t['case']} c JOIN {t['survivor']} s ON s.id = c.survivor_id "
              f"LEFT JOIN {cube_queries.first_episodes_sql()} e ON e.case_id = c.id")
    with connection.cursor() as cursor:
        # Marks made before this point are counted by the rebuild; later ones stay for the next refresh.
        cursor.execute(f"SELECT MAX(id) FROM {t['stale']}", [])  # noqa: S608
        last_mark = cursor.fetchone()[0]
        if last_mark is not None:
            cursor.execute(f"DELETE FROM {t['stale']} WHERE id <= %s", [last_mark])  # noqa: S608
        for table in ("closure", "opening", "fact"):
            cursor.execute(f"DELETE FROM {t[table]}", [])  # noqa: S608
        # Always pass parameters (even none): the dialect's SQL escapes % as %%.
        cursor.execute(f"SELECT DISTINCT {keys} {source}", [])
        found = {(g, a, n, bool(dis), int(o), area, f, sec) for g, a, n, dis, o, area, f, sec in cursor.fetchall()}
    _group_ids(found)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {t['group']}", [])
        # Keys computed once per case (materialised), then a hash join on the few thousand groups:
        # joining on the expressions directly lets the planner loop over groups for every case.
        cursor.execute(
            f"WITH k AS MATERIALIZED (SELECT c.id, c.survivor_id, c.opened_on, c.closed_on, s.gender, "  # noqa: S608
            f"{age} AS age_group, COALESCE(s.nationality, '') AS nationality, s.has_disability, c.organization_id, "
            f"COALESCE(c.admin_area, '') AS area, {form} AS form, {sector} AS sector {source}) "
            f"INSERT INTO {t['fact']} (case_id, survivor_id, group_id, opened_on, closed_on, days_open, long_engaged, "
            f"irregular, removed) SELECT k.id, k.survivor_id, g.id, k.opened_on, k.closed_on, "
            f"CASE WHEN k.closed_on IS NULL THEN NULL ELSE {days} END, "
            f"(k.closed_on IS NULL OR {days} > {FOLLOW_UP_YEAR}), "
            f"(k.closed_on IS NOT NULL AND k.closed_on < k.opened_on), FALSE FROM k "
            f"JOIN {t['group']} g ON g.organization_id = k.organization_id AND g.area = k.area "
            "AND g.gender = k.gender AND g.age_group = k.age_group AND g.nationality = k.nationality "
            "AND g.disability = k.has_disability AND g.form_of_exploitation = k.form AND g.sector = k.sector", [])
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {t['fact']}", [])
        cursor.execute(
            f"INSERT INTO {t['opening']} (group_id, month, opened, long_engaged) "  # noqa: S608
            f"SELECT group_id, {month.format('opened_on')}, COUNT(*), SUM(CASE WHEN long_engaged THEN 1 ELSE 0 END) "
            f"FROM {t['fact']} WHERE NOT irregular GROUP BY group_id, {month.format('opened_on')}", [])
        cursor.execute(
            f"INSERT INTO {t['closure']} (group_id, month, days, closed) "  # noqa: S608
            f"SELECT group_id, {month.format('closed_on')}, days_open, COUNT(*) FROM {t['fact']} "
            "WHERE closed_on IS NOT NULL AND NOT irregular "
            f"GROUP BY group_id, {month.format('closed_on')}, days_open", [])
    now = timezone.now()
    state.high_water, state.refreshed_at, state.rebuilt_at = started, now, now
    state.save()
    return state


# --- Reading -----------------------------------------------------------------------------------------

def _full_months(a: dt.date | None, b: dt.date) -> tuple[dt.date | None, dt.date]:
    """[first, stop): the calendar months lying wholly inside [a, b] (first None: unbounded)."""
    first = None if a is None else (a if a.day == 1 else next_month(a))
    stop = next_month(b) if next_month(b) - dt.timedelta(days=1) == b else month_of(b)
    return first, stop


def _partial_ranges(a: dt.date | None, b: dt.date) -> list[tuple[dt.date | None, dt.date]]:
    first, stop = _full_months(a, b)
    if first is not None and first >= stop:
        return [(a, b)]
    ranges: list[tuple[dt.date | None, dt.date]] = []
    if a is not None and first is not None and a < first:
        ranges.append((a, first - dt.timedelta(days=1)))
    if stop <= b:
        ranges.append((stop, b))
    return ranges


class _Reader:
    def __init__(self, scope: Scope):
        self.t = _tables()
        self.scope_where, self.params = ("", []) if scope.network else cube_queries.scope_sql(
            scope, organization="g.organization_id", area="g.area")

    def query(self, select: str, table: str, where: str, args: list[Any], group_by: str) -> list[tuple]:
        in_scope = (f" AND group_id IN (SELECT g.id FROM {self.t['group']} g WHERE {self.scope_where})"  # noqa: S608
                    if self.scope_where else "")
        sql = f"SELECT {select} FROM {self.t[table]} WHERE {where}{in_scope} GROUP BY {group_by}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*args, *self.params])
            return cursor.fetchall()

    @staticmethod
    def _between(column: str, a: dt.date | None, b: dt.date) -> tuple[str, list[Any]]:
        if a is None:
            return f"{column} <= %s", [b]
        return f"{column} >= %s AND {column} <= %s", [a, b]

    @staticmethod
    def _months(first: dt.date | None, stop: dt.date) -> tuple[str, list[Any]]:
        return ("month < %s", [stop]) if first is None else ("month >= %s AND month < %s", [first, stop])

    def opened(self, a: dt.date | None, b: dt.date) -> dict[int, list[int]]:
        """group -> [cases opened in [a, b], of which long engaged]; a None: no lower bound."""
        result: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        first, stop = _full_months(a, b)
        if first is None or first < stop:
            where, args = self._months(first, stop)
            for group_id, opened, engaged in self.query("group_id, SUM(opened), SUM(long_engaged)", "opening",
                                                        where, args, "group_id"):
                result[group_id][0] += int(opened)
                result[group_id][1] += int(engaged)
        for low, high in _partial_ranges(a, b):
            where, args = self._between("opened_on", low, high)
            for group_id, opened, engaged in self.query(
                    "group_id, COUNT(*), SUM(CASE WHEN long_engaged THEN 1 ELSE 0 END)", "fact",
                    f"{where} AND NOT irregular", args, "group_id"):
                result[group_id][0] += int(opened)
                result[group_id][1] += int(engaged or 0)
        return result

    def closed(self, a: dt.date | None, b: dt.date, by_days: bool) -> dict[tuple[int, int], int]:
        """(group, days open, or 0 when not by_days) -> cases closed in [a, b]."""
        result: dict[tuple[int, int], int] = defaultdict(int)
        first, stop = _full_months(a, b)
        if first is None or first < stop:
            where, args = self._months(first, stop)
            select, group_by = ("group_id, days, SUM(closed)", "group_id, days") if by_days else (
                "group_id, 0, SUM(closed)", "group_id")
            for group_id, days, closed in self.query(select, "closure", where, args, group_by):
                result[(group_id, int(days))] += int(closed)
        for low, high in _partial_ranges(a, b):
            where, args = self._between("closed_on", low, high)
            select, group_by = ("group_id, days_open, COUNT(*)", "group_id, days_open") if by_days else (
                "group_id, 0, COUNT(*)", "group_id")
            for group_id, days, closed in self.query(select, "fact", f"{where} AND NOT irregular", args, group_by):
                result[(group_id, int(days))] += int(closed)
        return result

    def groups(self) -> dict[int, GroupKey]:
        sql = (f"SELECT g.id, g.gender, g.age_group, g.nationality, g.disability, g.organization_id, g.area, "  # noqa: S608
               f"g.form_of_exploitation, g.sector "
               f"FROM {self.t['group']} g" + (f" WHERE {self.scope_where}" if self.scope_where else ""))
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            return {r[0]: (r[1], r[2], r[3], bool(r[4]), int(r[5]), r[6], r[7], r[8]) for r in cursor.fetchall()}


def _row(key: GroupKey, opened: int = 0, active: int = 0, closed: int = 0, engaged_den: int = 0,
         engaged_num: int = 0) -> CubeRow:
    return cube_queries.keys_row(key, opened=opened, active=active, closed=closed, engaged_den=engaged_den,
                                 engaged_num=engaged_num)


def read(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date
         ) -> tuple[list[CubeRow], list[tuple[CubeRow, int, int]]]:
    """The cube rows and the (keys, days open, cases) histogram of closures in [start, end], equal to
    cube.cube and cube.closures. Call refresh() first."""
    if scope.is_empty:
        return [], []
    reader = _Reader(scope)
    groups = reader.groups()
    cutoff = min(end, as_of - dt.timedelta(days=FOLLOW_UP_YEAR))
    opened = reader.opened(start, end)
    opened_by_end = reader.opened(None, end)
    engaged = reader.opened(start, cutoff) if cutoff >= start else {}
    closed_before = reader.closed(None, start - dt.timedelta(days=1), by_days=False)
    closures = reader.closed(start, end, by_days=True)
    closed_in: dict[int, int] = defaultdict(int)
    for (group_id, _days), n in closures.items():
        closed_in[group_id] += n
    rows: list[CubeRow] = []
    for group_id, key in groups.items():
        active = opened_by_end.get(group_id, [0, 0])[0] - closed_before.get((group_id, 0), 0)
        if active <= 0:
            continue
        den, num = engaged.get(group_id, [0, 0])
        rows.append(_row(key, opened.get(group_id, [0, 0])[0], active, closed_in.get(group_id, 0), den, num))
    closing_rows = {g: _row(groups[g], closed=n) for g, n in closed_in.items() if g in groups}
    histogram = [(closing_rows[g], days, n) for (g, days), n in closures.items() if g in closing_rows]
    irregular = list(CaseFact.objects.filter(irregular=True).values_list("case_id", flat=True))
    if irregular:
        rows += cube_queries.cube(scope, start, end, as_of, case_ids=irregular)
        histogram += [(r, days, 1) for r, days in cube_queries.closures(scope, start, end, case_ids=irregular)]
    return rows, histogram
