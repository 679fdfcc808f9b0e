"""The whole published dashboard: the case-based panels (dashboard.py) followed by the panels of
the indicators counted from their own records (publish.py) and the value-for-money panels
(cost.py). Views, exports and the API all read figures through `published`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.monitoring.models_units import UnitFactState
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cost, unit_cube, unit_facts
from reintegra.monitoring.statistics.computations import unit_computations
from reintegra.monitoring.statistics.dashboard import Dashboard, dashboard, threshold
from reintegra.monitoring.statistics.library import dimensions, indicators
from reintegra.monitoring.statistics.publish import UnitPanel, UnitPublisher
from reintegra.monitoring.statistics.unit_cells import FactUnits, JoinedUnits, UnitList, UnitSet
from reintegra.monitoring.statistics.unit_sources import PRODUCERS, units_of_no_case
from reintegra.monitoring.statistics.units import Unit, shared_person_keys

DISTRIBUTION_LABELS = {
    "training_to_decent_work_days": _("Days from completion to decent work"),
    "dropout_rate": _("Reasons for dropping out"),
    "apprenticeships": _("Kind of placement"),
    "outcome_change": _("Median change by domain"),
    "mentors_active": _("Mentor or coach"),
    "mentors_trained": _("Mentor or coach"),
}


def direct_units(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, list[Unit]]:
    """Base -> units computed directly from the source records by the registered unit functions
    (the reference the unit facts are checked against; also the path of bases without facts)."""
    units_by_base: dict[str, list[Unit]] = {}
    with shared_person_keys():
        for computation in unit_computations().values():
            if computation.base not in units_by_base:
                units_by_base[computation.base] = computation.units(scope, start, end, as_of)
    return units_by_base


def fact_units(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, list[Unit] | UnitSet]:
    """Base -> its units: read from the unit facts (refreshed first) where a producer keeps them,
    from the stored cubes for a calendar period (unit_cube.py), computed
    directly otherwise (mentors, who are not cases)."""
    unit_facts.refresh()
    of_cases: dict[str, UnitSet] = {}
    if unit_cube.applies(scope, start, end):
        of_cases.update(unit_cube.cubes(scope, start, end, as_of))
    units_by_base: dict[str, list[Unit] | UnitSet] = {}
    of_no_case = units_of_no_case()
    with shared_person_keys():
        for computation in unit_computations().values():
            base = computation.base
            if base in units_by_base:
                continue
            if base not in PRODUCERS:
                units_by_base[base] = computation.units(scope, start, end, as_of)
                continue
            facts = of_cases.get(base) or FactUnits(base, scope, start, end, as_of)
            units_by_base[base] = (JoinedUnits(facts, UnitList(of_no_case[base](scope, start, end, as_of)))
                                   if base in of_no_case else facts)
    return units_by_base


def unit_panels(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date,
                direct: bool = False) -> tuple[list[UnitPanel], int]:
    library = {i.code: i for i in indicators()}
    publisher = UnitPublisher(threshold())
    units_by_base: dict[str, list[Unit]] | dict[str, list[Unit] | UnitSet] = (
        direct_units(scope, start, end, as_of) if direct else fact_units(scope, start, end, as_of))
    panels = []
    try:
        for code, computation in unit_computations().items():
            panel = publisher.panel(library[code], computation, units_by_base[computation.base])
            panel.distribution_label = str(DISTRIBUTION_LABELS.get(code, ""))
            panels.append(panel)
    finally:
        for units in units_by_base.values():
            if isinstance(units, FactUnits | unit_cube.CubeUnits | JoinedUnits):
                units.close()
    return panels, publisher.hidden_cells


def units_as_of() -> dt.datetime | None:
    """When the unit facts were last brought up to date (shown with the figures)."""
    return UnitFactState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()


def published(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> Dashboard:
    as_of = as_of or timezone.localdate()
    board = dashboard(scope, start, end, as_of)
    panels, hidden = unit_panels(scope, start, end, as_of)
    panels += cost.cost_panels(scope, start, end, {i.code: i for i in indicators()}, threshold())
    board.panels = [*board.panels, *panels]
    board.suppressed_cells += hidden
    names = {d.code: str(d.name) for d in dimensions()}
    for panel in panels:
        for dim in panel.by_dimension:
            board.dimensions.setdefault(dim, names.get(dim, dim))
    board.pending = [i for i in indicators() if not i.live]
    # Dashboard (dashboard.py) has no field for it: set here, read by the template next to cases_as_of.
    setattr(board, "units_as_of", units_as_of())  # noqa: B010
    return board
