"""What the unit publisher (publish.py) needs to know of a set of counting units, per group of a
dimension: units, distinct survivors, units in the numerator, distinct survivors in and out of it,
and value histograms for exact medians. Two sources answer the same questions:

- `UnitList`: a list of units.Unit from a direct computation (mentors, computations without a
  fact producer, tests);
- `FactUnits`: grouped SQL over the unit facts (models_units.UnitFact) of one base, for one scope,
  period and as-of date, so nothing is read per unit in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from reintegra.core.models import Organization
from reintegra.monitoring.models_units import KEY_COLUMNS, UnitFact
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.cube import scope_sql
from reintegra.monitoring.statistics.unit_sources import DOMAINS
from reintegra.monitoring.statistics.units import DERIVED, Unit


@dataclass
class Cells:
    """Per group of one dimension ("" for the overall figure, whose only group is "")."""

    units: Counter[str] = field(default_factory=Counter)
    persons: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    hit_persons: Counter[str] = field(default_factory=Counter)
    miss_persons: Counter[str] = field(default_factory=Counter)


Histogram = Counter  # value -> number of units


class UnitSet(Protocol):
    def cells(self, dim: str) -> Cells: ...

    def values(self, dim: str) -> dict[str, Histogram]: ...

    def dimensions(self, wanted: Sequence[str]) -> list[str]: ...

    def pairs(self, parent: str, dim: str) -> set[tuple[str, str]]: ...

    def facets(self, hits_only: bool) -> tuple[Counter[str], Counter[str]]: ...

    def facet_persons(self, facets: Iterable[str], hits_only: bool) -> int: ...

    def domains(self) -> dict[str, Histogram]: ...


def median(histogram: Histogram) -> float | None:
    """The median of the values a histogram counts (as statistics.median of the list)."""
    n = sum(histogram.values())
    if not n:
        return None
    wanted = [(n - 1) // 2, n // 2]
    found: list[float] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        while wanted and wanted[0] < seen + count:
            found.append(float(value))
            wanted.pop(0)
        seen += count
    return found[0] if n % 2 else (found[0] + found[1]) / 2


def several_countries() -> bool:
    return Organization.objects.values("country").distinct().count() > 1


def one_country(organization_ids: Iterable[int]) -> bool:
    """Whether these organisations work in one country: migrant status is defined against the
    organisation's country, so it is a dimension only then."""
    return Organization.objects.filter(id__in=set(organization_ids)).values("country").distinct().count() <= 1


def parents_first(dims: Iterable[str]) -> list[str]:
    return sorted(dims, key=lambda d: d in DERIVED)


class UnitList:
    def __init__(self, units: list[Unit]):
        self.units = units
        self._cells: dict[str, Cells] = {}

    def _group(self, u: Unit, dim: str) -> str:
        return u.keys[dim] if dim else ""

    def cells(self, dim: str) -> Cells:
        if dim not in self._cells:
            self._cells[dim] = self._count(dim)
        return self._cells[dim]

    def _count(self, dim: str) -> Cells:
        c = Cells()
        persons: dict[str, set[int]] = defaultdict(set)
        hit_persons: dict[str, set[int]] = defaultdict(set)
        miss_persons: dict[str, set[int]] = defaultdict(set)
        for u in self.units:
            g = self._group(u, dim)
            c.units[g] += 1
            persons[g].add(u.person)
            if u.hit:
                c.hits[g] += 1
                hit_persons[g].add(u.person)
            else:
                miss_persons[g].add(u.person)
        for counter, sets in ((c.persons, persons), (c.hit_persons, hit_persons), (c.miss_persons, miss_persons)):
            counter.update({g: len(s) for g, s in sets.items()})
        return c

    def values(self, dim: str) -> dict[str, Histogram]:
        result: dict[str, Histogram] = defaultdict(Counter)
        for u in self.units:
            if u.value is not None:
                result[self._group(u, dim)][u.value] += 1
        return result

    def dimensions(self, wanted: Sequence[str]) -> list[str]:
        return parents_first(d for d in wanted if all(d in u.keys for u in self.units))

    def pairs(self, parent: str, dim: str) -> set[tuple[str, str]]:
        return {(u.keys[parent], u.keys[dim]) for u in self.units}

    def _counted(self, hits_only: bool) -> list[Unit]:
        return [u for u in self.units if u.hit] if hits_only else self.units

    def facets(self, hits_only: bool) -> tuple[Counter[str], Counter[str]]:
        counted = self._counted(hits_only)
        people: dict[str, set[int]] = defaultdict(set)
        for u in counted:
            people[u.facet].add(u.person)
        return Counter(u.facet for u in counted), Counter({f: len(p) for f, p in people.items()})

    def facet_persons(self, facets: Iterable[str], hits_only: bool) -> int:
        wanted = set(facets)
        return len({u.person for u in self._counted(hits_only) if u.facet in wanted})

    def domains(self) -> dict[str, Histogram]:
        result: dict[str, Histogram] = defaultdict(Counter)
        for u in self.units:
            for domain, value in u.facet_values.items():
                result[domain][value] += 1
        return result


class FactUnits:
    """The units of one base counting in a period for a scope, read with grouped SQL."""

    _made = 0  # temporary selections made by this process (unique names)

    def __init__(self, base: str, scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
                 cases: Sequence[int] | None = None):
        """`cases`: only the units of these cases (what they add to the network's cells, unit_cube.py)."""
        self.base = base
        self.table = UnitFact._meta.db_table
        self.empty = scope.is_empty or (cases is not None and not cases)
        where, params = scope_sql(scope, organization="organization_id", area="admin_area")
        if cases:  # integers, written into the statement: a refresh passes up to unit_facts.CHUNK of them
            where += f" AND case_id IN ({', '.join(str(int(c)) for c in cases)})"
        self.where = ("day >= %s AND last_day <= %s AND (prev_day IS NULL OR prev_day < %s) "
                      "AND (next_day IS NULL OR next_day > %s) AND (known_from IS NULL OR known_from <= %s) "
                      f"AND {where}")
        self.params: list[Any] = [start, end, start, end, as_of, *params]
        self._cells: dict[str, Cells] = {}
        self._values: dict[str, dict[str, Histogram]] = {}
        self._dims: list[str] = []  # the dimensions the publisher asked for (dimensions())
        self._pairs: dict[tuple[str, str], dict[tuple[str, str], int]] = {}  # -> units per group pair
        self._temp: str | None = None
        self._repeats: list[tuple] | None = None  # SQLite: units of survivors with more than one

    def _query(self, select: str, group_by: str = "", base: str = "", extra: str = "",
               extra_params: Sequence[Any] = ()) -> list[tuple]:
        if self.empty:
            return []
        if not base and connection.vendor == "sqlite":
            # SQLite scans once per query: the base's rows in the period are copied once into a
            # small temporary table, which every grouping then reads (dropped by close()).
            source, where, params = self._selection(), "1 = 1", []
        else:
            source, where, params = self.table, f"base = %s AND {self.where}", [base or self.base, *self.params]
        sql = (f"SELECT {select} FROM {source} WHERE {where}{extra}"  # noqa: S608
               + (f" GROUP BY {group_by}" if group_by else ""))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *extra_params])
            return cursor.fetchall()

    def _selection(self) -> str:
        if self._temp is None:
            FactUnits._made += 1
            name = f"unit_selection_{FactUnits._made}"
            columns = ", ".join(["case_id", "organization_id", "hit", "value", "facet", *KEY_COLUMNS])
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TEMP TABLE {name} AS SELECT {columns} FROM {self.table} "  # noqa: S608
                               f"WHERE base = %s AND {self.where}", [self.base, *self.params])
            self._temp = name
        return self._temp

    def close(self) -> None:
        """Drop the temporary selection (SQLite), if one was made."""
        if self._temp is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{self._temp}")
            self._temp = None

    @staticmethod
    def _column(dim: str) -> str:
        if dim and dim not in KEY_COLUMNS:
            raise ValueError(dim)
        return dim or "''"

    COUNTS = ("COUNT(*), COUNT(DISTINCT case_id), SUM(CASE WHEN hit THEN 1 ELSE 0 END), "
              "COUNT(DISTINCT CASE WHEN hit THEN case_id END), "
              "COUNT(DISTINCT CASE WHEN hit THEN NULL ELSE case_id END)")
    # Bases whose units in any period are one per survivor by construction (the first or latest record
    # in the period): their survivors are their units, counted without the costly DISTINCT.
    ONE_PER_PERSON = frozenset({"graduates_in_decent_work", "retention_3m", "retention_6m", "retention_12m",
                                "apprentices", "outcome_pairs"})
    COUNTS_ONE = ("COUNT(*), COUNT(*), SUM(CASE WHEN hit THEN 1 ELSE 0 END), SUM(CASE WHEN hit THEN 1 ELSE 0 END), "
                  "SUM(CASE WHEN hit THEN 0 ELSE 1 END)")

    @property
    def counts(self) -> str:
        if self.base in self.ONE_PER_PERSON:
            return self.COUNTS_ONE
        if "" not in self._cells:  # the overall figure first: it tells whether any survivor counts twice
            c = Cells()
            for g, *counts in self._query(f"'', {self.COUNTS}"):
                if counts[0]:
                    self._add(c, g, counts)
            self._cells[""] = c
        overall = self._cells[""]
        return self.COUNTS_ONE if overall.units[""] == overall.persons[""] else self.COUNTS

    def _grouping_sets(self) -> bool:
        """PostgreSQL answers every dimension of a base in one scan (GROUPING SETS)."""
        return connection.vendor == "postgresql" and bool(self._dims)

    def cells(self, dim: str) -> Cells:
        if dim not in self._cells:
            if self._grouping_sets() and dim in ("", *self._dims):
                self._cells.update(self._all_cells())
            else:
                column, counts = self._column(dim), self.counts
                if dim not in self._cells:  # (`counts` may have read the overall figure)
                    corrected = counts == self.COUNTS and connection.vendor == "sqlite"
                    if corrected:  # count units, then take back what survivors with several add
                        counts = self.COUNTS_ONE
                    c = Cells()
                    for g, *numbers in self._query(f"{column}, {counts}", column if dim else ""):
                        if numbers[0]:  # the overall row of no units at all
                            self._add(c, g, numbers)
                    if corrected:
                        self._take_back_repeats(c, dim)
                    self._cells[dim] = c
        return self._cells[dim]

    def _take_back_repeats(self, c: Cells, dim: str) -> None:
        """Cells counted one survivor per unit, made exact: a survivor with n units in a group (h of
        them hits) counted n survivors there instead of 1 (h hit survivors instead of 1, ...)."""
        if self._repeats is None:
            columns = ", ".join(["case_id", "hit", *KEY_COLUMNS])
            if connection.vendor == "sqlite":
                source, params = f"{self._selection()} WHERE 1 = 1", []
            else:
                source, params = f"{self.table} WHERE base = %s AND {self.where}", [self.base, *self.params]
            self._repeats = self._query(columns, extra=f" AND case_id IN (SELECT case_id FROM {source} "  # noqa: S608
                                                      "GROUP BY case_id HAVING COUNT(*) > 1)", extra_params=params)
        index = 2 + KEY_COLUMNS.index(dim) if dim else None
        per_group: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self._repeats:
            cell = per_group[(row[0], row[index] if index is not None else "")]
            cell[0] += 1
            cell[1] += 1 if row[1] else 0
        for (_case, g), (n, hits) in per_group.items():
            c.persons[g] -= n - 1
            if hits:
                c.hit_persons[g] -= hits - 1
            if n - hits:
                c.miss_persons[g] -= n - hits - 1

    @staticmethod
    def _add(c: Cells, g: str, counts: Sequence[Any]) -> None:
        units, persons, hits, hit_persons, miss_persons = (int(n or 0) for n in counts)
        c.units[g], c.persons[g] = units, persons
        for counter, n in ((c.hits, hits), (c.hit_persons, hit_persons), (c.miss_persons, miss_persons)):
            if n:
                counter[g] = n

    def _all_cells(self) -> dict[str, Cells]:
        """Every dimension's cells in one scan, and the (parent, derived) group pairs with them."""
        dims = [self._column(d) for d in self._dims]
        linked = [(DERIVED[d], d) for d in self._dims if DERIVED.get(d) in self._dims]
        flags = ", ".join(f"GROUPING({d})" for d in dims)
        sets = ", ".join(["()", *(f"({d})" for d in dims), *(f"({p}, {d})" for p, d in linked)])
        result = {d: Cells() for d in ("", *self._dims)}
        counts = self.counts
        corrected = counts == self.COUNTS  # count units, then take back what survivors with several add
        if corrected:
            counts = self.COUNTS_ONE
        for row in self._query(f"{flags}, {', '.join(dims)}, {counts}", f"GROUPING SETS ({sets})"):
            grouped = [d for d, flag in zip(self._dims, row[:len(dims)], strict=True) if flag == 0]
            groups = {d: row[len(dims) + self._dims.index(d)] for d in grouped}
            if len(grouped) == 2:
                parent, derived = sorted(grouped, key=lambda d: d in DERIVED)
                self._pairs.setdefault((parent, derived), {})[(groups[parent], groups[derived])] = int(
                    row[2 * len(dims)])
                continue
            dim = grouped[0] if grouped else ""
            if row[2 * len(dims)]:
                self._add(result[dim], groups.get(dim, ""), row[2 * len(dims):])
        for pair in linked:
            self._pairs.setdefault(pair, {})
        if corrected:
            for dim, c in result.items():
                self._take_back_repeats(c, dim)
        return result

    def values(self, dim: str) -> dict[str, Histogram]:
        if dim not in self._values:
            if self._grouping_sets() and dim in ("", *self._dims):
                self._values.update(self._all_values())
            else:
                column = self._column(dim)
                result: dict[str, Histogram] = defaultdict(Counter)
                for g, value, n in self._query(f"{column}, value, COUNT(*)", f"{column}, value" if dim else "value",
                                               extra=" AND value IS NOT NULL"):
                    result[g][float(value)] += int(n)
                self._values[dim] = result
        return self._values[dim]

    def _all_values(self) -> dict[str, dict[str, Histogram]]:
        dims = [self._column(d) for d in self._dims]
        flags = ", ".join(f"GROUPING({d})" for d in dims)
        sets = ", ".join(["(value)", *(f"({d}, value)" for d in dims)])
        result: dict[str, dict[str, Histogram]] = {d: defaultdict(Counter) for d in ("", *self._dims)}
        for row in self._query(f"{flags}, {', '.join(dims)}, value, COUNT(*)", f"GROUPING SETS ({sets})",
                               extra=" AND value IS NOT NULL"):
            grouped = [d for d, flag in zip(self._dims, row[:len(dims)], strict=True) if flag == 0]
            dim = grouped[0] if grouped else ""
            group = row[len(dims) + self._dims.index(dim)] if dim else ""
            result[dim][group][float(row[-2])] += int(row[-1])
        return result

    def dimensions(self, wanted: Sequence[str], *, every: bool = False) -> list[str]:
        """The wanted dimensions the units can be broken down by (`every`: all of them, unchecked)."""
        dims = list(wanted)
        if not every and "migrant" in dims and several_countries() and not one_country(self.organizations()):
            dims.remove("migrant")
        self._dims = parents_first(dims)
        return list(self._dims)

    def organizations(self) -> Counter[int]:
        """Units per organisation of the cases."""
        return Counter({int(org): int(n) for org, n in self._query("organization_id, COUNT(*)", "organization_id")})

    def pair_counts(self, parent: str, dim: str) -> dict[tuple[str, str], int]:
        """Units per (parent group, derived group) pair."""
        if (parent, dim) not in self._pairs:
            if self._grouping_sets() and "" not in self._cells:
                self._cells.update(self._all_cells())
            if (parent, dim) not in self._pairs:
                self._pairs[(parent, dim)] = {(p, g): int(n) for p, g, n in self._query(
                    f"{self._column(parent)}, {self._column(dim)}, COUNT(*)",
                    f"{self._column(parent)}, {self._column(dim)}")}
        return self._pairs[(parent, dim)]

    def pairs(self, parent: str, dim: str) -> set[tuple[str, str]]:
        return set(self.pair_counts(parent, dim))

    def facets(self, hits_only: bool) -> tuple[Counter[str], Counter[str]]:
        units: Counter[str] = Counter()
        persons: Counter[str] = Counter()
        for facet, n, people in self._query("facet, COUNT(*), COUNT(DISTINCT case_id)", "facet",
                                            extra=" AND hit" if hits_only else ""):
            units[facet], persons[facet] = int(n), int(people)
        return units, persons

    def facet_persons(self, facets: Iterable[str], hits_only: bool) -> int:
        wanted = sorted(set(facets))
        if not wanted:
            return 0
        extra = (" AND hit" if hits_only else "") + f" AND facet IN ({', '.join(['%s'] * len(wanted))})"
        rows = self._query("COUNT(DISTINCT case_id)", extra=extra, extra_params=wanted)
        return int(rows[0][0]) if rows else 0

    def domains(self) -> dict[str, Histogram]:
        result: dict[str, Histogram] = defaultdict(Counter)
        for domain, value, n in self._query("facet, value, COUNT(*)", "facet, value", base=DOMAINS):
            result[domain][float(value)] += int(n)
        return result


class JoinedUnits:
    """A base's units of cases (facts or a cube) together with its few units that belong to no case
    (unit_sources.units_of_no_case): the two never share a person, so every count adds up."""

    def __init__(self, of_cases: UnitSet, others: UnitList):
        self.of_cases, self.others = of_cases, others

    def cells(self, dim: str) -> Cells:
        a, b = self.of_cases.cells(dim), self.others.cells(dim)
        return Cells(a.units + b.units, a.persons + b.persons, a.hits + b.hits, a.hit_persons + b.hit_persons,
                     a.miss_persons + b.miss_persons)

    def values(self, dim: str) -> dict[str, Histogram]:
        return _added(self.of_cases.values(dim), self.others.values(dim))

    def dimensions(self, wanted: Sequence[str]) -> list[str]:
        dims = self.of_cases.dimensions(wanted)
        return [d for d in dims if d in self.others.dimensions(wanted)] if self.others.units else dims

    def pairs(self, parent: str, dim: str) -> set[tuple[str, str]]:
        return self.of_cases.pairs(parent, dim) | (self.others.pairs(parent, dim) if self.others.units else set())

    def facets(self, hits_only: bool) -> tuple[Counter[str], Counter[str]]:
        (units, persons), (more_units, more_persons) = self.of_cases.facets(hits_only), self.others.facets(hits_only)
        return units + more_units, persons + more_persons

    def facet_persons(self, facets: Iterable[str], hits_only: bool) -> int:
        wanted = list(facets)
        return self.of_cases.facet_persons(wanted, hits_only) + self.others.facet_persons(wanted, hits_only)

    def domains(self) -> dict[str, Histogram]:
        return _added(self.of_cases.domains(), self.others.domains())

    def close(self) -> None:
        close = getattr(self.of_cases, "close", None)
        if close is not None:
            close()


def _added(a: dict[str, Histogram], b: dict[str, Histogram]) -> dict[str, Histogram]:
    result: dict[str, Histogram] = {g: Counter(h) for g, h in a.items()}
    for g, histogram in b.items():
        result[g] = result.get(g, Counter()) + histogram
    return result
