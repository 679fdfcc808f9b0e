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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reintegra.monitoring.privacy.suppression import safe_breakdown, safe_table
from reintegra.monitoring.statistics.computations import UnitComputation
from reintegra.monitoring.statistics.dashboard import Group, IndicatorPanel
from reintegra.monitoring.statistics.library import Indicator
from reintegra.monitoring.statistics.pathway import OTHER_REASONS
from reintegra.monitoring.statistics.unit_cells import Cells, UnitList, UnitSet, median
from reintegra.monitoring.statistics.units import DERIVED, Unit


@dataclass
class UnitPanel(IndicatorPanel):
    distribution_label: str = ""
    distribution_kind: str = "count"  # how distribution values read: count or the indicator's kind


def as_unit_set(units: list[Unit] | UnitSet) -> UnitSet:
    return UnitList(units) if isinstance(units, list) else units


def dimensions_of(units: list[Unit], wanted: Sequence[str]) -> list[str]:
    return UnitList(units).dimensions(wanted)


class UnitPublisher:
    def __init__(self, threshold: int):
        self.t = threshold
        self.hidden_cells = 0
        self.visible: dict[tuple[str, str], dict[str, bool]] = {}   # (base, dim) -> group -> shown
        self.clean: dict[tuple[str, str], dict[str, bool]] = {}     # (base, dim) -> every cell shown
        self.tables: dict[tuple[str, str], tuple[dict[str, int | None], int | None]] = {}
        self._sets: dict[int, tuple[object, UnitSet]] = {}

    def unit_set(self, units: list[Unit] | UnitSet) -> UnitSet:
        """One UnitSet per unit list, so its cells are computed once however many indicators share it."""
        if not isinstance(units, list):
            return units
        key = id(units)
        if key not in self._sets:
            self._sets[key] = (units, as_unit_set(units))  # keeps the list alive, so its id stays unique
        return self._sets[key][1]

    def cells(self, units: list[Unit] | UnitSet, dim: str) -> Cells:
        return self.unit_set(units).cells(dim)

    def small(self, value: int) -> bool:
        return 0 < value < self.t

    def overall_shown(self, units: list[Unit] | UnitSet) -> bool:
        c = self.unit_set(units).cells("")
        return not self.small(c.units[""]) and not self.small(c.persons[""])

    def _forced(self, base: str, dim: str, units: UnitSet) -> set[str]:
        parent = DERIVED.get(dim)
        if parent is None or (base, parent) not in self.clean:
            return set()
        shown = self.clean[(base, parent)]
        return {g for p, g in units.pairs(parent, dim) if not shown.get(p, True)}

    def base_table(self, base: str, units: list[Unit] | UnitSet, dim: str
                   ) -> tuple[dict[str, int | None], int | None]:
        if (base, dim) in self.tables:
            return self.tables[(base, dim)]
        units = self.unit_set(units)
        c = units.cells(dim)
        few = {g for g, people in c.persons.items() if self.small(people)}
        shown, total, hidden = safe_breakdown(dict(sorted(c.units.items())), self.t,
                                              hide=sorted(few | self._forced(base, dim, units)),
                                              show_total=self.overall_shown(units) and bool(units.cells("").units))
        self.hidden_cells += hidden
        self.visible[(base, dim)] = {g: v is not None for g, v in shown.items()}
        self.clean[(base, dim)] = dict(self.visible[(base, dim)])
        self.tables[(base, dim)] = (shown, total)
        return shown, total

    def proportion(self, base: str, units: list[Unit] | UnitSet, dim: str, overall_numerator: bool) -> list[Group]:
        units = self.unit_set(units)
        c = units.cells(dim)
        labels = sorted(c.units)
        if not labels:
            return []
        visible = self.visible[(base, dim)]
        last = len(labels)
        must_hide = {(i, 2) for i, g in enumerate(labels) if not visible.get(g, False)}
        must_show = {(i, 2) for i, g in enumerate(labels) if visible.get(g, False)}
        for i, g in enumerate(labels):
            if self.small(c.hit_persons[g]):
                must_hide.add((i, 0))
            if self.small(c.miss_persons[g]):
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

    def overall_numerator_shown(self, units: list[Unit] | UnitSet) -> bool:
        c = self.unit_set(units).cells("")
        total, hits = c.units[""], c.hits[""]
        return (self.overall_shown(units) and bool(total) and not self.small(hits)
                and not self.small(total - hits) and not self.small(c.hit_persons[""])
                and not self.small(c.miss_persons[""]))

    def panel(self, indicator: Indicator, computation: UnitComputation, units: list[Unit] | UnitSet) -> UnitPanel:
        unit_set = self.unit_set(units)
        base, kind = computation.base, computation.kind
        dims = unit_set.dimensions(computation.dimensions)  # first: a grouped source reads them all at once
        total = unit_set.cells("").units[""]
        total_shown = self.overall_shown(unit_set)
        total_value = total if total_shown else None
        panel = UnitPanel(indicator=indicator, overall=Group(""))
        for dim in dims:
            self.base_table(base, unit_set, dim)
        if kind == "count":
            panel.overall = Group("", total_value, None, total_value)
            for dim in dims:
                shown, _t = self.tables[(base, dim)]
                panel.by_dimension[dim] = [Group(g, v, None, v) for g, v in shown.items()]
        elif kind == "proportion":
            ok = self.overall_numerator_shown(unit_set)
            hits = unit_set.cells("").hits[""]
            panel.overall = Group("", total_value, hits if ok else None, hits / total if ok else None)
            for dim in dims:
                panel.by_dimension[dim] = self.proportion(base, unit_set, dim, ok)
        else:
            panel.overall = Group("", total_value, None, median(unit_set.values("").get("", Counter()))
                                  if total_value else None)
            for dim in dims:
                shown, _t = self.tables[(base, dim)]
                by_group = unit_set.values(dim)
                panel.by_dimension[dim] = [Group(g, v, None, median(by_group.get(g, Counter())) if v else None)
                                           for g, v in shown.items()]
        self._distribution(panel, computation, unit_set, total_shown)
        return panel

    def _distribution(self, panel: UnitPanel, computation: UnitComputation, units: UnitSet,
                      total_shown: bool) -> None:
        how = computation.distribution
        if not how:
            return
        if how == "domains":
            n = panel.overall.count
            domains = units.domains()
            panel.distribution_kind = "median"
            panel.distribution = [Group(d, n, None, median(domains[d]) if n else None) for d in sorted(domains)]
            return
        hits_only = how == "reasons"
        counts, people = units.facets(hits_only)
        show_total = panel.overall.numerator is not None if hits_only else total_shown
        if hits_only:  # a reason is named only when many recorded it
            rare = {r for r, n in counts.items() if n < self.t or people[r] < self.t}
            if rare:
                pooled = rare | ({OTHER_REASONS} & set(counts))
                other = sum(counts.pop(r) for r in pooled)
                people[OTHER_REASONS] = units.facet_persons(pooled, hits_only)
                counts[OTHER_REASONS] = other
        labels = dict(sorted(counts.items()))
        hide = [g for g in labels if self.small(people[g])] if show_total else list(labels)
        shown, _total, hidden = safe_breakdown(labels, self.t, hide=hide, show_total=show_total and bool(labels))
        self.hidden_cells += hidden
        panel.distribution = [Group(label, v, None, v) for label, v in shown.items()]
