"""Raw (unsuppressed) figures: every live indicator, overall and under every live disaggregation.

Used internally by the dashboard (which suppresses before anything is shown), by the tests with
known answers and by the benchmark. Never rendered as such.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reintegra.core.models import Organization
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cube as cube_queries
from reintegra.monitoring.statistics import followups
from reintegra.monitoring.statistics.computations import COMPUTATIONS, dimension_keys, numerator_for
from reintegra.monitoring.statistics.cube import FOLLOW_UP_YEAR, CubeRow

DURATION_BUCKETS = [(0, 90, "0-90"), (91, 180, "91-180"), (181, 365, "181-365"), (366, 730, "366-730"),
                    (731, 10**6, "731+")]


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
    durations: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    # median indicator -> dimension -> group -> sorted values
    medians: dict[str, Mapping[str, Mapping[str, Sequence[float]]]] = field(default_factory=dict)
    duration_buckets: dict[str, int] = field(default_factory=dict)
    # derived dimension -> derived group -> parent groups it adds up
    derived_from: dict[str, tuple[str, dict[str, set[str]]]] = field(default_factory=dict)

    def total(self, base: str) -> int:
        return sum(getattr(row, base) for row in self.rows)

    def engaged_base(self) -> str:
        """engaged_den is the same number as opened when the whole period is a year old."""
        return "opened" if self.as_of - dt.timedelta(days=FOLLOW_UP_YEAR) >= self.end else "engaged_den"


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _organization_maps(rows: list[CubeRow]) -> tuple[dict[int, str], dict[int, str]]:
    ids = {row.organization_id for row in rows}
    orgs = Organization.objects.filter(id__in=ids).values_list("id", "country", "name")
    return {i: c for i, c, _n in orgs}, {i: n for i, _c, n in orgs}


def compute(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> RawFigures:
    rows = cube_queries.cube(scope, start, end, as_of)
    closed = cube_queries.closures(scope, start, end)
    countries, names = _organization_maps(rows + [r for r, _d in closed])
    keys = dimension_keys(countries, names)
    if len(set(countries.values())) > 1:
        # Migrant status is only a coarsening of nationality within one country; across countries it
        # would publish a second, overlapping breakdown that could undo suppression.
        keys.pop("migrant")
    figures = RawFigures(start=start, end=end, as_of=as_of, rows=rows, dimension_names=list(keys))
    for base in ("opened", "active", "closed", "engaged_den"):
        per_dim: dict[str, dict[str, int]] = {"": {"": sum(getattr(r, base) for r in rows)}}
        for dim, key in keys.items():
            groups: dict[str, int] = defaultdict(int)
            for row in rows:
                groups[key(row)] += getattr(row, base)
            per_dim[dim] = dict(groups)
        figures.bases[base] = per_dim
    for code, computation in COMPUTATIONS.items():
        if computation.kind != "proportion" or computation.source != "cube":
            continue
        numerator = numerator_for(code, countries)
        base = figures.engaged_base() if computation.base == "engaged_den" else computation.base
        by_dim: dict[str, dict[str, tuple[int, int]]] = {}
        for dim, key in [("", lambda row: ""), *keys.items()]:
            if dim in computation.not_by:
                continue
            groups_pair: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for row in rows:
                pair = groups_pair[key(row)]
                pair[0] += numerator(row)
                pair[1] += getattr(row, base)
            by_dim[dim] = {g: (n, d) for g, (n, d) in groups_pair.items()}
        if "" not in by_dim or not by_dim[""]:
            by_dim[""] = {"": (0, 0)}
        figures.proportions[code] = by_dim
    durations: dict[str, dict[str, list[int]]] = {"": {"": []}}
    for dim in keys:
        durations[dim] = defaultdict(list)
    for row, days in closed:
        durations[""][""].append(days)
        for dim, key in keys.items():
            durations[dim][key(row)].append(days)
    figures.durations = {dim: {g: sorted(v) for g, v in groups.items()} for dim, groups in durations.items()}
    figures.duration_buckets = {label: sum(1 for _r, d in closed if low <= d <= high)
                                for low, high, label in DURATION_BUCKETS}
    follow_ups = followups.compute(scope, start, end, keys)
    figures.bases.update(follow_ups.bases)
    figures.proportions["in_work_latest"] = follow_ups.in_work
    figures.medians = {"days_to_closure": figures.durations, **follow_ups.medians}
    for derived, parent in (("child", "age_group"), ("migrant", "nationality")):
        if derived in keys and parent in keys:
            mapping: dict[str, set[str]] = defaultdict(set)
            for row in rows + [r for r, _d in closed]:
                mapping[keys[derived](row)].add(keys[parent](row))
            figures.derived_from[derived] = (parent, dict(mapping))
    return figures
