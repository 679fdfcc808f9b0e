"""The published dashboard: raw figures passed through small-cell and complementary suppression.

Consistency rules between tables (a number hidden in one table must not appear in another):
- per dimension, each base count (cases opened, active, closed, ...) is suppressed once as a
  one-way breakdown; proportion tables whose denominators are that base reuse its decisions for
  their row totals, and medians are shown only for groups whose closed count is shown;
- the overall numerator of a proportion that is itself one group of another breakdown (children,
  survivors with a disability, migrants) is shown only when that group is shown there;
- groups of a derived dimension (child/adult from age group, migrant status from nationality)
  are hidden when any group they add up is hidden in the parent breakdown.
Every figure carries the time it was computed (`computed_at`) and the time the case aggregate it was
read from was brought up to date (`cases_as_of`, refreshed just before reading; see aggregate.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from reintegra.monitoring.privacy.suppression import safe_breakdown, safe_table
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import figures as raw
from reintegra.monitoring.statistics.computations import COMPUTATIONS
from reintegra.monitoring.statistics.library import Indicator, indicators, live_dimensions


def threshold() -> int:
    return int(getattr(settings, "REINTEGRA_SUPPRESSION_THRESHOLD", 5))


@dataclass
class Group:
    label: str
    count: int | None = None          # count, denominator of a proportion, or n of a median
    numerator: int | None = None
    value: float | None = None        # the count, the proportion (0..1) or the median

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class IndicatorPanel:
    indicator: Indicator
    overall: Group
    by_dimension: dict[str, list[Group]] = field(default_factory=dict)
    distribution: list[Group] = field(default_factory=list)


@dataclass
class Dashboard:
    start: dt.date
    end: dt.date
    as_of: dt.date
    computed_at: dt.datetime
    threshold: int
    panels: list[IndicatorPanel]
    pending: list[Indicator]
    dimensions: dict[str, str]
    suppressed_cells: int = 0
    # The case-based figures come from the pre-aggregated tables (statistics/aggregate.py), brought
    # up to date with every case change just before reading: cases as of `cases_as_of`; survivor
    # attributes edited without touching the case as of the last full rebuild, `rebuilt_at`.
    cases_as_of: dt.datetime | None = None
    rebuilt_at: dt.datetime | None = None


def _small(value: int, t: int) -> bool:
    return 0 < value < t


class _Publisher:
    def __init__(self, figures: raw.RawFigures, t: int):
        self.figures, self.t = figures, t
        self.hidden_cells = 0
        self.visible: dict[tuple[str, str], dict[str, bool]] = {}  # (base, dim) -> group -> shown
        self.total_shown: dict[str, bool] = {}
        self.numerator_visible: dict[tuple[str, str], dict[str, bool]] = {}  # (indicator, dim) -> group

    def _forced_hidden_groups(self, dim: str, visibility_key: str) -> set[str]:
        if dim not in self.figures.derived_from:
            return set()
        parent, mapping = self.figures.derived_from[dim]
        parent_visible = self.visible.get((visibility_key, parent), {})
        return {g for g, parents in mapping.items() if any(not parent_visible.get(p, True) for p in parents)}

    def base(self, base: str, dim: str) -> tuple[dict[str, int | None], int | None]:
        counts = self.figures.bases[base][dim]
        total = self.figures.bases[base][""][""]
        shown, total_shown, hidden = safe_breakdown(dict(sorted(counts.items())), self.t,
                                                    hide=sorted(self._forced_hidden_groups(dim, base)),
                                                    show_total=not _small(total, self.t))
        if not counts:
            total_shown = None if _small(total, self.t) else total
        self.hidden_cells += hidden
        self.visible[(base, dim)] = {g: v is not None for g, v in shown.items()}
        self.total_shown[base] = total_shown is not None
        return shown, total_shown

    def proportion(self, code: str, dim: str, base: str) -> list[Group]:
        pairs = dict(sorted(self.figures.proportions[code][dim].items()))
        labels = list(pairs)
        if not labels:
            return []
        last = len(labels)
        visible = self.visible[(base, dim)]
        must_hide = {(i, 2) for i, g in enumerate(labels) if not visible.get(g, False)}
        must_show = {(i, 2) for i, g in enumerate(labels) if visible.get(g, False)}
        forced = self._forced_hidden_groups(dim, base)
        if dim in self.figures.derived_from:
            parent, mapping = self.figures.derived_from[dim]
            parent_numerators = self.numerator_visible.get((code, parent), {})
            forced |= {g for g, parents in mapping.items() if any(not parent_numerators.get(p, True) for p in parents)}
        for derived_group in forced & set(labels):
            must_hide |= {(labels.index(derived_group), j) for j in (0, 1, 2)}
        overall_shown = self.overall_numerator_shown(code, base)
        (must_show if self.total_shown[base] else must_hide).add((last, 2))
        (must_show if overall_shown else must_hide).update({(last, 0), (last, 1)})
        table = safe_table([[n, d - n] for n, d in pairs.values()], labels, ["yes", "no"], self.t,
                           must_hide=must_hide, must_show=must_show)
        self.hidden_cells += table.suppressed
        self.numerator_visible[(code, dim)] = {g: table.cells[i][0] is not None for i, g in enumerate(labels)}
        groups = []
        for i, label in enumerate(labels):
            numerator, denominator = table.cells[i][0], table.row_totals[i]
            rate = numerator / denominator if numerator is not None and denominator else None
            groups.append(Group(label, denominator, numerator, rate))
        return groups

    def overall_numerator_shown(self, code: str, base: str) -> bool:
        numerator, denominator = self.figures.proportions[code][""][""]
        if not self.total_shown.get(base) or _small(numerator, self.t) or _small(denominator - numerator, self.t):
            return False
        defined_by = COMPUTATIONS[code].defined_by
        if defined_by and (base, defined_by[0]) in self.visible:
            return self.visible[(base, defined_by[0])].get(defined_by[1], numerator == 0)
        return True


def publish(figures: raw.RawFigures) -> Dashboard:
    t = threshold()
    pub = _Publisher(figures, t)
    library = {i.code: i for i in indicators()}
    dims = [d for d in live_dimensions() if d.code in figures.dimension_names]
    # Parents before derived dimensions, so derived groups can inherit hidden parents.
    dims.sort(key=lambda d: d.code in figures.derived_from)
    bases = ["opened", "active", "closed", figures.engaged_base(), "employment_reported", "income_change_n",
             "debt_change_n"]
    base_tables = {(b, d.code): pub.base(b, d.code) for b in dict.fromkeys(bases) for d in dims}
    panels = []
    for code, computation in COMPUTATIONS.items():
        base = figures.engaged_base() if computation.base == "engaged_den" else computation.base
        panel = IndicatorPanel(indicator=library[code], overall=Group(""))
        total = figures.bases[base][""][""]
        total_value = total if pub.total_shown.get(base, not _small(total, t)) else None
        if computation.kind == "count":
            panel.overall = Group("", total_value, None, total_value)
            for d in dims:
                shown, _t = base_tables[(base, d.code)]
                panel.by_dimension[d.code] = [Group(g, v, None, v) for g, v in shown.items()]
        elif computation.kind == "proportion":
            numerator, denominator = figures.proportions[code][""][""]
            ok = pub.overall_numerator_shown(code, base) and denominator > 0
            panel.overall = Group("", total_value, numerator if ok else None, numerator / denominator if ok else None)
            for d in dims:
                if d.code not in computation.not_by:
                    panel.by_dimension[d.code] = pub.proportion(code, d.code, base)
        else:
            medians = figures.medians[code]
            panel.overall = Group("", total_value, None, raw.median(medians[""][""]) if total_value else None)
            for d in dims:
                shown, _t = base_tables[(base, d.code)]
                panel.by_dimension[d.code] = [
                    Group(g, v, None, raw.median(medians[d.code].get(g, [])) if v else None)
                    for g, v in shown.items()]
            if code == "days_to_closure":
                withheld = [] if total_value is not None else list(figures.duration_buckets)
                buckets, _total, hidden = safe_breakdown(figures.duration_buckets, t, hide=withheld,
                                                         show_total=total_value is not None)
                pub.hidden_cells += hidden
                panel.distribution = [Group(label, v, None, v) for label, v in buckets.items()]
        panels.append(panel)
    return Dashboard(start=figures.start, end=figures.end, as_of=figures.as_of, computed_at=timezone.now(),
                     threshold=t, panels=panels, pending=[i for i in indicators() if not i.live],
                     dimensions={d.code: str(d.name) for d in dims}, suppressed_cells=pub.hidden_cells,
                     cases_as_of=figures.cases_as_of, rebuilt_at=figures.rebuilt_at)


def dashboard(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> Dashboard:
    return publish(raw.compute(scope, start, end, as_of or timezone.localdate()))
