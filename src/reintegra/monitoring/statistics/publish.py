"""Publishing the unit-based indicators (units.py) with the dashboard's disclosure rules.

- Per base (the units an indicator counts) and dimension, the unit counts are suppressed once as
  a one-way breakdown (small cells, then complementary); every indicator on that base reuses the
  decision for its row totals, and medians are shown only where the count is.
- A cell is also hidden when fewer than `threshold` different survivors are behind it, even if it
  counts more units (one person with several referrals).
- Groups of a coarser dimension (child/adult, migrant status) are hidden when a group of the
  parent dimension they add up is hidden anywhere in the parent's table.
- The overall figure is shown or hidden the same way in every table of the indicator.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reintegra.monitoring.privacy.suppression import safe_breakdown, safe_table
from reintegra.monitoring.statistics.computations import UnitComputation
from reintegra.monitoring.statistics.dashboard import Group, IndicatorPanel
from reintegra.monitoring.statistics.library import Indicator
from reintegra.monitoring.statistics.pathway import OTHER_REASONS
from reintegra.monitoring.statistics.units import DERIVED, Unit


@dataclass
class UnitPanel(IndicatorPanel):
    distribution_label: str = ""
    distribution_kind: str = "count"  # how distribution values read: count or the indicator's kind


@dataclass
class _Cells:
    units: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    persons: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    hit_persons: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    miss_persons: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def dimensions_of(units: list[Unit], wanted: Sequence[str]) -> list[str]:
    dims = [d for d in wanted if all(d in u.keys for u in units)]
    return sorted(dims, key=lambda d: d in DERIVED)  # parents first


def cells(units: list[Unit], dim: str) -> _Cells:
    c = _Cells()
    for u in units:
        g = u.keys[dim] if dim else ""
        c.units[g] += 1
        c.persons[g].add(u.person)
        if u.hit:
            c.hits[g] += 1
            c.hit_persons[g].add(u.person)
        else:
            c.miss_persons[g].add(u.person)
        if u.value is not None:
            c.values[g].append(u.value)
    return c


class UnitPublisher:
    def __init__(self, threshold: int):
        self.t = threshold
        self.hidden_cells = 0
        self.visible: dict[tuple[str, str], dict[str, bool]] = {}   # (base, dim) -> group -> shown
        self.clean: dict[tuple[str, str], dict[str, bool]] = {}     # (base, dim) -> every cell shown
        self.tables: dict[tuple[str, str], tuple[dict[str, int | None], int | None]] = {}
        self._cells: dict[tuple[int, str], tuple[list[Unit], _Cells]] = {}

    def cells(self, units: list[Unit], dim: str) -> _Cells:
        """cells() of a unit list, computed once per list and dimension."""
        key = (id(units), dim)
        if key not in self._cells:
            self._cells[key] = (units, cells(units, dim))  # keeps the list alive, so its id stays unique
        return self._cells[key][1]

    def small(self, value: int) -> bool:
        return 0 < value < self.t

    def overall_shown(self, units: list[Unit]) -> bool:
        return not self.small(len(units)) and not self.small(len({u.person for u in units}))

    def _forced(self, base: str, dim: str, units: list[Unit]) -> set[str]:
        parent = DERIVED.get(dim)
        if parent is None or (base, parent) not in self.clean:
            return set()
        shown = self.clean[(base, parent)]
        forced = set()
        for u in units:
            if not shown.get(u.keys[parent], True):
                forced.add(u.keys[dim])
        return forced

    def base_table(self, base: str, units: list[Unit], dim: str) -> tuple[dict[str, int | None], int | None]:
        if (base, dim) in self.tables:
            return self.tables[(base, dim)]
        c = self.cells(units, dim)
        few = {g for g, people in c.persons.items() if self.small(len(people))}
        shown, total, hidden = safe_breakdown(dict(sorted(c.units.items())), self.t,
                                              hide=sorted(few | self._forced(base, dim, units)),
                                              show_total=self.overall_shown(units) and bool(units))
        self.hidden_cells += hidden
        self.visible[(base, dim)] = {g: v is not None for g, v in shown.items()}
        self.clean[(base, dim)] = dict(self.visible[(base, dim)])
        self.tables[(base, dim)] = (shown, total)
        return shown, total

    def proportion(self, base: str, units: list[Unit], dim: str, overall_numerator: bool) -> list[Group]:
        c = self.cells(units, dim)
        labels = sorted(c.units)
        if not labels:
            return []
        visible = self.visible[(base, dim)]
        last = len(labels)
        must_hide = {(i, 2) for i, g in enumerate(labels) if not visible.get(g, False)}
        must_show = {(i, 2) for i, g in enumerate(labels) if visible.get(g, False)}
        for i, g in enumerate(labels):
            if self.small(len(c.hit_persons[g])):
                must_hide.add((i, 0))
            if self.small(len(c.miss_persons[g])):
                must_hide.add((i, 1))
        for g in self._forced(base, dim, units) & set(labels):  # the count stays as the base table has it
            must_hide |= {(labels.index(g), 0), (labels.index(g), 1)}
        (must_show if self.overall_shown(units) else must_hide).add((last, 2))
        (must_show if overall_numerator else must_hide).update({(last, 0), (last, 1)})
        must_show -= must_hide
        table = safe_table([[c.hits[g], c.units[g] - c.hits[g]] for g in labels], labels, ["yes", "no"], self.t,
                           must_hide=must_hide, must_show=must_show)
        self.hidden_cells += table.suppressed
        clean = self.clean[(base, dim)]
        groups = []
        for i, g in enumerate(labels):
            numerator, denominator = table.cells[i][0], table.row_totals[i]
            if numerator is None or table.cells[i][1] is None:
                clean[g] = False
            rate = numerator / denominator if numerator is not None and denominator else None
            groups.append(Group(g, denominator, numerator, rate))
        return groups

    def overall_numerator_shown(self, units: list[Unit]) -> bool:
        hits = [u for u in units if u.hit]
        misses = [u for u in units if not u.hit]
        return (self.overall_shown(units) and bool(units) and not self.small(len(hits))
                and not self.small(len(misses)) and not self.small(len({u.person for u in hits}))
                and not self.small(len({u.person for u in misses})))

    def panel(self, indicator: Indicator, computation: UnitComputation, units: list[Unit]) -> UnitPanel:
        base, kind = computation.base, computation.kind
        total = len(units)
        total_shown = self.overall_shown(units)
        total_value = total if total_shown else None
        panel = UnitPanel(indicator=indicator, overall=Group(""))
        dims = dimensions_of(units, computation.dimensions)
        for dim in dims:
            self.base_table(base, units, dim)
        if kind == "count":
            panel.overall = Group("", total_value, None, total_value)
            for dim in dims:
                shown, _t = self.tables[(base, dim)]
                panel.by_dimension[dim] = [Group(g, v, None, v) for g, v in shown.items()]
        elif kind == "proportion":
            ok = self.overall_numerator_shown(units)
            hits = sum(u.hit for u in units)
            panel.overall = Group("", total_value, hits if ok else None, hits / total if ok else None)
            for dim in dims:
                panel.by_dimension[dim] = self.proportion(base, units, dim, ok)
        else:
            values = [u.value for u in units if u.value is not None]
            panel.overall = Group("", total_value, None, median(values) if total_value else None)
            for dim in dims:
                shown, _t = self.tables[(base, dim)]
                by_group = self.cells(units, dim).values
                panel.by_dimension[dim] = [Group(g, v, None, median(by_group.get(g, [])) if v else None)
                                           for g, v in shown.items()]
        self._distribution(panel, computation, units, total_shown)
        return panel

    def _distribution(self, panel: UnitPanel, computation: UnitComputation, units: list[Unit],
                      total_shown: bool) -> None:
        how = computation.distribution
        if not how:
            return
        if how == "domains":
            n = panel.overall.count
            domains = sorted({d for u in units for d in u.facet_values})
            panel.distribution_kind = "median"
            panel.distribution = [Group(d, n, None, median([u.facet_values[d] for u in units if d in u.facet_values])
                                        if n else None) for d in domains]
            return
        counted = [u for u in units if u.hit] if how == "reasons" else units
        show_total = panel.overall.numerator is not None if how == "reasons" else total_shown
        counts: Counter[str] = Counter(u.facet for u in counted)
        people: dict[str, set[int]] = defaultdict(set)
        for u in counted:
            people[u.facet].add(u.person)
        if how == "reasons":  # free text: a reason is named only when many recorded it
            rare = {r for r, n in counts.items() if n < self.t or len(people[r]) < self.t}
            for r in rare:
                counts[OTHER_REASONS] += counts.pop(r)
                people[OTHER_REASONS] |= people.pop(r)
        labels = dict(sorted(counts.items()))
        hide = [g for g in labels if self.small(len(people[g]))] if show_total else list(labels)
        shown, _total, hidden = safe_breakdown(labels, self.t, hide=hide, show_total=show_total and bool(labels))
        self.hidden_cells += hidden
        panel.distribution = [Group(label, v, None, v) for label, v in shown.items()]
