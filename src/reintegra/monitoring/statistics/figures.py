"""Raw (unsuppressed) figures: every live indicator, overall and under every live disaggregation.

Used internally by the dashboard (which suppresses before anything is shown), by the tests with
known answers and by the benchmark. Never rendered as such.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from reintegra.core.models import Organization
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import aggregate, followups
from reintegra.monitoring.statistics import cube as cube_queries
from reintegra.monitoring.statistics.computations import COMPUTATIONS, dimension_keys, numerator_for
from reintegra.monitoring.statistics.cube import FOLLOW_UP_YEAR, CubeRow

DURATION_BUCKETS = [(0, 90, "0-90"), (91, 180, "91-180"), (181, 365, "181-365"), (366, 730, "366-730"),
                    (731, 10**6, "731+")]


class DayHistogram(Sequence[int]):
    """A sorted list of whole days held as counts per day (a median over 100,000 closures should
    not build 100,000-element lists nine times). Reads like the sorted list it stands for."""

    def __init__(self, counts: np.ndarray, offset: int):
        nonzero = np.flatnonzero(counts)
        low, high = (int(nonzero[0]), int(nonzero[-1]) + 1) if len(nonzero) else (0, 0)
        self.counts = counts[low:high].astype(np.int64)
        self.offset = offset + low
        self.cumulative = np.cumsum(self.counts)

    def __len__(self) -> int:
        return int(self.cumulative[-1]) if len(self.cumulative) else 0

    def _at(self, index: int) -> int:
        return self.offset + int(np.searchsorted(self.cumulative, index, side="right"))

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._at(index)

    def __iter__(self):  # type: ignore[override]
        for n, count in enumerate(self.counts.tolist()):
            yield from [self.offset + n] * count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def median(self) -> float | None:
        n = len(self)
        if not n:
            return None
        return float(self._at(n // 2)) if n % 2 else (self._at(n // 2 - 1) + self._at(n // 2)) / 2


@dataclass
class RawFigures:
    start: dt.date
    end: dt.date
    as_of: dt.date
    rows: list[CubeRow]
    dimension_names: list[str]
    # base measure -> dimension -> group -> count (also "" -> "" -> total)
    bases: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # indicator -> dimension -> group -> (numerator, denominator); dimension "" is overall
    proportions: dict[str, dict[str, dict[str, tuple[int, int]]]] = field(default_factory=dict)
    # dimension -> group -> sorted days from opening to closure
    durations: dict[str, dict[str, DayHistogram]] = field(default_factory=dict)
    # median indicator -> dimension -> group -> sorted values
    medians: dict[str, Mapping[str, Mapping[str, Sequence[float]]]] = field(default_factory=dict)
    duration_buckets: dict[str, int] = field(default_factory=dict)
    # derived dimension -> derived group -> parent groups it adds up
    derived_from: dict[str, tuple[str, dict[str, set[str]]]] = field(default_factory=dict)
    # When the case figures were read from the cases: now for the direct scan; for the aggregate,
    # its refresh (case changes) and its last full rebuild (survivor attributes edited on their own).
    cases_as_of: dt.datetime | None = None
    rebuilt_at: dt.datetime | None = None

    def total(self, base: str) -> int:
        return sum(getattr(row, base) for row in self.rows)

    def engaged_base(self) -> str:
        """engaged_den is the same number as opened when the whole period is a year old."""
        return "opened" if self.as_of - dt.timedelta(days=FOLLOW_UP_YEAR) >= self.end else "engaged_den"


def median(values: Sequence[float]) -> float | None:
    if isinstance(values, DayHistogram):
        return values.median()
    return float(statistics.median(values)) if values else None


def _organization_maps(rows: list[CubeRow]) -> tuple[dict[int, str], dict[int, str]]:
    ids = {row.organization_id for row in rows}
    orgs = Organization.objects.filter(id__in=ids).values_list("id", "country", "name")
    return {i: c for i, c, _n in orgs}, {i: n for i, _c, n in orgs}


def _duration_histograms(closed: list[tuple[CubeRow, int, int]],
                         keys: dict[str, Callable[[CubeRow], str]]) -> dict[str, dict[str, DayHistogram]]:
    """dimension -> group -> histogram of days open, from (keys, days, cases) triples."""
    if not closed:
        return {"": {"": DayHistogram(np.zeros(0, dtype=np.int64), 0)}, **{dim: {} for dim in keys}}
    days = np.array([d for _r, d, _n in closed], dtype=np.int64)
    counts = np.array([n for _r, _d, n in closed], dtype=np.int64)
    offset = int(days.min())
    width = int(days.max()) - offset + 1
    # The aggregate passes one CubeRow object per group: label each group once, not each closure.
    distinct: dict[int, int] = {}
    row_of: list[CubeRow] = []
    for r, _d, _n in closed:
        if id(r) not in distinct:
            distinct[id(r)] = len(row_of)
            row_of.append(r)
    group_of = np.array([distinct[id(r)] for r, _d, _n in closed], dtype=np.int64)
    result: dict[str, dict[str, DayHistogram]] = {}
    for dim, key in [("", lambda row: ""), *keys.items()]:
        labels: dict[str, int] = {}
        label_of_group = np.array([labels.setdefault(key(r), len(labels)) for r in row_of], dtype=np.int64)
        label_of_row = label_of_group[group_of]
        table = np.bincount(label_of_row * width + (days - offset), weights=counts,
                            minlength=len(labels) * width).reshape(len(labels), width)
        result[dim] = {label: DayHistogram(table[i], offset) for label, i in labels.items()}
    return result


def compute(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date, *, direct: bool = False) -> RawFigures:
    """Every live figure. Reads the pre-aggregated tables after bringing them up to date (see
    aggregate.py); `direct=True` scans the cases instead (same numbers; the tests compare them)."""
    closed: list[tuple[CubeRow, int, int]]
    cases_as_of: dt.datetime | None
    rebuilt_at: dt.datetime | None
    if direct or start > end:
        cases_as_of = rebuilt_at = timezone.now()
        rows = cube_queries.cube(scope, start, end, as_of)
        closed = [(r, d, 1) for r, d in cube_queries.closures(scope, start, end)]
    else:
        state = aggregate.refresh()
        cases_as_of, rebuilt_at = state.refreshed_at, state.rebuilt_at
        rows, closed = aggregate.read(scope, start, end, as_of)
    # The aggregate hands one row object per group; label groups, not closures.
    closed_rows = list({id(r): r for r, _d, _n in closed}.values())
    countries, names = _organization_maps(rows + closed_rows)
    keys = dimension_keys(countries, names)
    if len(set(countries.values())) > 1:
        # Migrant status is only a coarsening of nationality within one country; across countries it
        # would publish a second, overlapping breakdown that could undo suppression.
        keys.pop("migrant")
    figures = RawFigures(start=start, end=end, as_of=as_of, rows=rows, dimension_names=list(keys),
                         cases_as_of=cases_as_of, rebuilt_at=rebuilt_at)
    # Each row's group under each dimension is worked out once, then every measure is summed over it
    # (the aggregate hands thousands of rows: one per combination of the grouping keys).
    groups_of: dict[str, tuple[list[str], np.ndarray]] = {}
    for dim, key in [("", lambda row: ""), *keys.items()]:
        index: dict[str, int] = {}
        codes = np.fromiter((index.setdefault(key(row), len(index)) for row in rows), dtype=np.int64, count=len(rows))
        groups_of[dim] = (list(index), codes)
    measures = {base: np.fromiter((getattr(row, base) for row in rows), dtype=np.int64, count=len(rows))
                for base in ("opened", "active", "closed", "engaged_den")}

    def summed(dim: str, values: np.ndarray) -> dict[str, int]:
        labels, codes = groups_of[dim]
        return dict(zip(labels, np.bincount(codes, weights=values, minlength=len(labels)).astype(np.int64).tolist(),
                        strict=True))

    for base, values in measures.items():
        figures.bases[base] = {"": {"": int(values.sum())}, **{dim: summed(dim, values) for dim in keys}}
    for code, computation in COMPUTATIONS.items():
        if computation.kind != "proportion" or computation.source != "cube":
            continue
        numerator = numerator_for(code, countries)
        base = figures.engaged_base() if computation.base == "engaged_den" else computation.base
        numerators = np.fromiter((numerator(row) for row in rows), dtype=np.int64, count=len(rows))
        by_dim: dict[str, dict[str, tuple[int, int]]] = {}
        for dim in ["", *keys]:
            if dim in computation.not_by:
                continue
            hits, totals = summed(dim, numerators), summed(dim, measures[base])
            by_dim[dim] = {g: (hits[g], totals[g]) for g in totals}
        if "" not in by_dim or not by_dim[""]:
            by_dim[""] = {"": (0, 0)}
        figures.proportions[code] = by_dim
    figures.durations = _duration_histograms(closed, keys)
    overall = figures.durations[""][""]
    figures.duration_buckets = {
        label: int(overall.counts[max(0, low - overall.offset):max(0, high + 1 - overall.offset)].sum())
        for low, high, label in DURATION_BUCKETS}
    follow_ups = followups.compute(scope, start, end, keys)
    figures.bases.update(follow_ups.bases)
    figures.proportions["in_work_latest"] = follow_ups.in_work
    figures.medians = {"days_to_closure": figures.durations, **follow_ups.medians}
    for derived, parent in (("child", "age_group"), ("migrant", "nationality")):
        if derived in keys and parent in keys:
            mapping: dict[str, set[str]] = defaultdict(set)
            for row in rows + closed_rows:
                mapping[keys[derived](row)].add(keys[parent](row))
            figures.derived_from[derived] = (parent, dict(mapping))
    return figures
