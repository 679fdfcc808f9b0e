"""The whole published dashboard: the case-based panels (dashboard.py) followed by the panels of
the indicators counted from their own records (publish.py) and the value-for-money panels
(cost.py). Views, exports and the API all read figures through `published`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cost
from reintegra.monitoring.statistics.computations import unit_computations
from reintegra.monitoring.statistics.dashboard import Dashboard, dashboard, threshold
from reintegra.monitoring.statistics.library import dimensions, indicators
from reintegra.monitoring.statistics.publish import UnitPanel, UnitPublisher
from reintegra.monitoring.statistics.units import shared_person_keys

DISTRIBUTION_LABELS = {
    "training_to_decent_work_days": _("Days from completion to decent work"),
    "dropout_rate": _("Reasons for dropping out"),
    "apprenticeships": _("Kind of placement"),
    "outcome_change": _("Median change by domain"),
}


def unit_panels(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> tuple[list[UnitPanel], int]:
    library = {i.code: i for i in indicators()}
    publisher = UnitPublisher(threshold())
    units_by_base: dict[str, list] = {}
    panels = []
    with shared_person_keys():
        for computation in unit_computations().values():
            if computation.base not in units_by_base:
                units_by_base[computation.base] = computation.units(scope, start, end, as_of)
    for code, computation in unit_computations().items():
        panel = publisher.panel(library[code], computation, units_by_base[computation.base])
        panel.distribution_label = str(DISTRIBUTION_LABELS.get(code, ""))
        panels.append(panel)
    return panels, publisher.hidden_cells


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
    return board
