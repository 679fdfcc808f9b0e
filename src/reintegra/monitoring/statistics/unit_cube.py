"""The unit cells of a scope and calendar period, kept ready to publish (docs/adr/0006-unit-cube.md).

A dashboard asks one question all day: every base's cells for one calendar month, quarter or year,
for the user's scope (the network, an organisation), as of today. Grouping millions of unit facts
for it takes seconds, so the answer is stored per scope, base and period (models_units.UnitCube)
as a snapshot of everything the publisher reads (cells, group pairs, value histograms, facets,
domains, units per organisation) and kept in step with the facts:

- every number in a snapshot adds up over disjoint sets of cases, distinct survivors included (a
  survivor has one case). When cases change, `CubeChanges` takes their old snapshot away and adds
  their new one, inside the refresh that recomputes their facts (unit_facts.py);
- a snapshot answers for one as-of day: asked for another, it is rebuilt. The nightly
  `statistics_rebuild` rebuilds the cubes read in the last week for the new day and drops the rest.

The only question a snapshot cannot answer by addition, the survivors behind a pool of rare
reasons, is read from the facts (`facet_persons`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from reintegra.monitoring.models_units import UnitCube, UnitFact, UnitFactState
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.computations import unit_computations
from reintegra.monitoring.statistics.periods import period_kind
from reintegra.monitoring.statistics.unit_cells import (
    Cells,
    FactUnits,
    Histogram,
    one_country,
    parents_first,
    several_countries,
)
from reintegra.monitoring.statistics.unit_sources import DOMAINS, PRODUCERS
from reintegra.monitoring.statistics.units import DERIVED

SEP = "\x1f"  # joins two group names into one JSON key
KEPT_DAYS = 7  # a cube not read for this long is dropped by the nightly rebuild


@dataclass
class Needs:
    """What the publisher may ask of a base's units (statistics/publish.py)."""

    dims: set[str] = field(default_factory=set)
    values: bool = False
    facets: set[bool] = field(default_factory=set)  # hits_only flags of facets()
    domains: bool = False


def needs() -> dict[str, Needs]:
    result: dict[str, Needs] = {}
    for computation in unit_computations().values():
        if computation.base not in PRODUCERS:
            continue
        need = result.setdefault(computation.base, Needs())
        need.dims.update(computation.dimensions)
        need.values |= computation.kind == "median"
        if computation.distribution in ("buckets", "facets", "reasons"):
            need.facets.add(computation.distribution == "reasons")
        need.domains |= computation.distribution == "domains"
    return result


def scope_key(scope: Scope) -> str:
    """The stored name of a scope ("" when too long to store: such a scope reads the facts)."""
    if scope.network:
        return "network"
    key = json.dumps([list(scope.organization_ids), [list(a) for a in scope.areas]], separators=(",", ":"))
    return key if len(key) <= 255 else ""


def scope_of(key: str) -> Scope:
    if key == "network":
        return Scope(network=True)
    organizations, areas = json.loads(key)
    return Scope(organization_ids=tuple(organizations), areas=tuple((int(o), a) for o, a in areas))


def applies(scope: Scope, start: dt.date, end: dt.date) -> bool:
    """Cubes answer questions about one calendar month, quarter or year (free ranges, which only
    supervisors may ask for, read the facts)."""
    return not scope.is_empty and period_kind(start, end) is not None and bool(scope_key(scope))


def snapshot(base: str, scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
             cases: Sequence[int] | None = None) -> dict[str, Any]:
    """Everything the publisher reads of the base's units in scope (of `cases` only, when given), as JSON."""
    need = needs()[base]
    units = FactUnits(base, scope, start, end, as_of, cases=cases)
    try:
        dims = units.dimensions(sorted(need.dims), every=True)
        data: dict[str, Any] = {
            "cells": {d: {g: [c.units[g], c.persons[g], c.hits[g], c.hit_persons[g], c.miss_persons[g]]
                          for g in c.units} for d in ("", *dims) for c in [units.cells(d)]},
            "pairs": {f"{DERIVED[d]}{SEP}{d}": {f"{p}{SEP}{g}": n for (p, g), n in
                                                units.pair_counts(DERIVED[d], d).items()}
                      for d in dims if DERIVED.get(d) in dims},
            "organizations": {str(org): n for org, n in units.organizations().items()},
        }
        if need.values:
            data["values"] = {d: {g: {str(v): n for v, n in histogram.items()}
                                  for g, histogram in units.values(d).items()} for d in ("", *dims)}
        if need.facets:
            data["facets"] = {}
            for hits_only in sorted(need.facets):
                counts, people = units.facets(hits_only)
                data["facets"]["hits" if hits_only else "all"] = {f: [n, people[f]] for f, n in counts.items()}
        if need.domains:
            data["domains"] = {d: {str(v): n for v, n in histogram.items()}
                               for d, histogram in units.domains().items()}
        return data
    finally:
        units.close()


def merge(into: dict[str, Any], delta: dict[str, Any], sign: int, top: bool = True) -> None:
    """Add (sign 1) or take away (sign -1) a snapshot; groups left with no units disappear."""
    for key, value in delta.items():
        if isinstance(value, dict):
            merge(into.setdefault(key, {}), value, sign, top=False)
            if not into[key] and not top:
                del into[key]
        elif isinstance(value, list):
            total = [a + sign * b for a, b in zip(into.get(key, [0] * len(value)), value, strict=True)]
            if total[0]:
                into[key] = total
            else:
                into.pop(key, None)
        else:
            number = into.get(key, 0) + sign * value
            if number:
                into[key] = number
            else:
                into.pop(key, None)


class CubeUnits:
    """A stored snapshot read as the publisher's UnitSet (unit_cells.py)."""

    def __init__(self, cube: UnitCube):
        self.cube = cube
        self.data = cube.data
        self._cells: dict[str, Cells] = {}
        self._facts: FactUnits | None = None

    def cells(self, dim: str) -> Cells:
        if dim not in self._cells:
            c = Cells()
            for g, (units, persons, hits, hit_persons, miss_persons) in self.data["cells"].get(dim, {}).items():
                c.units[g], c.persons[g] = units, persons
                for counter, n in ((c.hits, hits), (c.hit_persons, hit_persons), (c.miss_persons, miss_persons)):
                    if n:
                        counter[g] = n
            self._cells[dim] = c
        return self._cells[dim]

    def values(self, dim: str) -> dict[str, Histogram]:
        return {g: Counter({float(v): n for v, n in histogram.items()})
                for g, histogram in self.data.get("values", {}).get(dim, {}).items()}

    def dimensions(self, wanted: Sequence[str]) -> list[str]:
        dims = list(wanted)
        if "migrant" in dims and several_countries() and not one_country(int(o) for o in self.data["organizations"]):
            dims.remove("migrant")
        return parents_first(dims)

    def pairs(self, parent: str, dim: str) -> set[tuple[str, str]]:
        pairs = self.data["pairs"].get(f"{parent}{SEP}{dim}", {})
        return {(p, g) for p, g in (key.split(SEP) for key in pairs)}

    def facets(self, hits_only: bool) -> tuple[Counter[str], Counter[str]]:
        facets = self.data.get("facets", {}).get("hits" if hits_only else "all", {})
        return (Counter({f: units for f, (units, _persons) in facets.items()}),
                Counter({f: persons for f, (_units, persons) in facets.items()}))

    def facet_persons(self, facets: Iterable[str], hits_only: bool) -> int:
        if self._facts is None:
            cube = self.cube
            self._facts = FactUnits(cube.base, scope_of(cube.scope), cube.start, cube.end, cube.as_of)
        return self._facts.facet_persons(facets, hits_only)

    def domains(self) -> dict[str, Histogram]:
        return {d: Counter({float(v): n for v, n in histogram.items()})
                for d, histogram in self.data.get("domains", {}).items()}

    def close(self) -> None:
        if self._facts is not None:
            self._facts.close()


def _build(key: str, base: str, start: dt.date, end: dt.date, as_of: dt.date) -> UnitCube:
    now = timezone.now()
    cube, _created = UnitCube.objects.update_or_create(
        scope=key, base=base, start=start, end=end,
        defaults={"as_of": as_of, "data": snapshot(base, scope_of(key), start, end, as_of), "built_at": now,
                  "read_at": now})
    return cube


def cubes(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, CubeUnits]:
    """Base -> its units in scope in [start, end] as of `as_of`, built where missing or made for
    another day. Call after unit_facts.refresh(); holds the facts' lock while building, so no
    refresh changes the facts half-way through a snapshot."""
    key = scope_key(scope)
    with transaction.atomic():
        UnitFactState.locked()
        stored = UnitCube.objects.filter(scope=key, start=start, end=end)
        found = {c.base: c for c in stored}
        ready = {}
        for base in needs():
            cube = found.get(base)
            ready[base] = cube if cube is not None and cube.as_of == as_of else _build(key, base, start, end, as_of)
        stored.update(read_at=timezone.now())
    return {base: CubeUnits(cube) for base, cube in ready.items()}


class CubeChanges:
    """Brings every stored cube in step with a recomputation of some cases' facts:

        changes = CubeChanges(case_ids)   # before their facts are deleted
        ...                               # delete and store the facts again
        changes.apply()
    """

    def __init__(self, case_ids: list[int]):
        self.case_ids = case_ids
        self.any = bool(case_ids) and UnitCube.objects.exists()
        self.bases = self._touched() if self.any else set()
        self.before = self._snapshots(self.bases)

    def _touched(self) -> set[str]:
        """The bases whose snapshots these cases' facts enter."""
        bases = set(UnitFact.objects.filter(case_id__in=self.case_ids).values_list("base", flat=True).distinct())
        if DOMAINS in bases:
            bases |= {base for base, need in needs().items() if need.domains}
        return bases

    def _snapshots(self, bases: set[str]) -> dict[int, dict[str, Any]]:
        return {pk: snapshot(base, scope_of(key), start, end, as_of, self.case_ids) for pk, key, base, start, end, as_of
                in UnitCube.objects.filter(base__in=bases).values_list("pk", "scope", "base", "start", "end", "as_of")}

    def apply(self) -> None:
        if not self.any:
            return
        after = self._snapshots(self.bases | self._touched())
        for cube in UnitCube.objects.filter(pk__in=set(self.before) | set(after)):
            merge(cube.data, self.before.get(cube.pk, {}), -1)
            merge(cube.data, after.get(cube.pk, {}), 1)
            cube.save(update_fields=["data"])


def rebuild(as_of: dt.date) -> int:
    """After a rebuild of the facts: the cubes read in the last KEPT_DAYS days are built again for
    `as_of`, the others dropped. Returns how many were built."""
    UnitCube.objects.filter(read_at__lt=timezone.now() - dt.timedelta(days=KEPT_DAYS)).delete()
    kept = list(UnitCube.objects.all())
    for cube in kept:
        _build(cube.scope, cube.base, cube.start, cube.end, as_of)
    return len(kept)
