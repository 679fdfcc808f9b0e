"""Survivors against community (non-victim) trainees in the same programmes (3h: "compare the
experience of victims who follow the programme with that of non-victim trainees").

Cohort: enrolments made in the period, in programmes where a survivor in scope enrolled in the
period. For each group: enrolments, and among enrolments that have ended, the shares completed,
certified and dropped out; for survivors, the share of completers who started a placement after
completing (community trainees have no placement records: shown as not recorded). Every table is
suppressed with the unit rules of publish.py (small cells, complementary cells, at least
`threshold` different people behind a published cell); survivors and community trainees are the
rows of one table per measure, so one group's hidden count cannot be recovered from the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from reintegra.employment.models import Placement
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.dashboard import Group, threshold
from reintegra.monitoring.statistics.publish import UnitPublisher
from reintegra.monitoring.statistics.units import Unit, batched, scope_q
from reintegra.training.models import Enrolment

SURVIVORS, COMMUNITY = "survivors", "community"
POPULATIONS = {SURVIVORS: _("Survivors"), COMMUNITY: _("Community trainees")}
MEASURES = {
    "enrolled": _("Enrolments"),
    "completion": _("Completed (of enrolments ended)"),
    "certification": _("Certified (of enrolments ended)"),
    "dropout": _("Dropped out (of enrolments ended)"),
    "placement": _("Placed after completing (of completers)"),
}
DONE = {Enrolment.Status.COMPLETED, Enrolment.Status.CERTIFIED}
ENDED = DONE | {Enrolment.Status.DROPPED_OUT}


@dataclass
class Row:
    code: str
    label: str
    kind: str  # count | proportion
    cells: dict[str, Group]  # population -> published group
    recorded: dict[str, bool] = field(default_factory=dict)


@dataclass
class Comparison:
    start: dt.date
    end: dt.date
    threshold: int
    programmes: int
    rows: list[Row]
    suppressed_cells: int


def _units(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, list[Unit]]:
    survivor_enrolments = list(Enrolment.objects.filter(scope_q(scope, "case__"), case__isnull=False,
                                                        enrolled_on__gte=start, enrolled_on__lte=end)
                               .select_related("programme"))
    programme_ids = {e.programme_id for e in survivor_enrolments}
    community = list(Enrolment.objects.filter(programme_id__in=programme_ids, community_trainee__isnull=False,
                                              enrolled_on__gte=start, enrolled_on__lte=end)
                     .select_related("programme"))
    completers = {e.case_id: e.completed_on for e in survivor_enrolments if e.status in DONE and e.completed_on}
    placed = set()
    starts = (row for chunk in batched(c for c in completers if c is not None) for row in Placement.objects.filter(
        case_id__in=chunk, started_on__lte=as_of).values_list("case_id", "started_on"))
    for case_id, started_on in starts:
        completed_on = completers.get(case_id)
        if case_id is not None and completed_on is not None and started_on >= completed_on:
            placed.add(case_id)
    measures: dict[str, list[Unit]] = {m: [] for m in MEASURES}
    for population, enrolments in ((SURVIVORS, survivor_enrolments), (COMMUNITY, community)):
        for e in enrolments:
            person = e.case_id if population == SURVIVORS else -(e.community_trainee_id or 0)
            keys = {"population": population, "programme": e.programme.name}
            measures["enrolled"].append(Unit(person=person or 0, keys=keys))
            if e.status in ENDED:
                measures["completion"].append(Unit(person=person or 0, keys=keys, hit=e.status in DONE))
                measures["certification"].append(Unit(person=person or 0, keys=keys,
                                                      hit=e.status == Enrolment.Status.CERTIFIED))
                measures["dropout"].append(Unit(person=person or 0, keys=keys,
                                                hit=e.status == Enrolment.Status.DROPPED_OUT))
            if population == SURVIVORS and e.status in DONE and e.completed_on:
                measures["placement"].append(Unit(person=person or 0, keys=keys, hit=e.case_id in placed))
    return measures


BASES = {"enrolled": "enrolled", "completion": "ended", "certification": "ended", "dropout": "ended",
         "placement": "completed"}


def _rows(publisher: UnitPublisher, measures: dict[str, list[Unit]], prefix: str) -> list[Row]:
    rows = []
    for code, label in MEASURES.items():
        units = measures[code]
        base = f"{prefix}{BASES[code]}"
        publisher.base_table(base, units, "population")
        if code == "enrolled":
            shown, _total = publisher.tables[(base, "population")]
            cells = {p: Group(str(POPULATIONS[p]), shown.get(p, 0), None, shown.get(p, 0)) for p in POPULATIONS}
            rows.append(Row(code, str(label), "count", cells, {p: True for p in POPULATIONS}))
            continue
        groups = {g.label: g for g in publisher.proportion(base, units, "population",
                                                           publisher.overall_numerator_shown(units))}
        cells = {p: groups.get(p, Group(str(POPULATIONS[p]), 0, 0, None)) for p in POPULATIONS}
        rows.append(Row(code, str(label), "proportion", cells,
                        {SURVIVORS: True, COMMUNITY: code != "placement"}))
    return rows


def compare(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> Comparison:
    publisher = UnitPublisher(threshold())
    measures = _units(scope, start, end, as_of)
    rows = _rows(publisher, measures, "")
    # No breakdown by programme: with the overall table published, per-programme tables would need
    # suppression linked across tables (programme × group × outcome), which is not implemented.
    programmes = len({u.keys["programme"] for u in measures["enrolled"]})
    return Comparison(start=start, end=end, threshold=publisher.t, programmes=programmes, rows=rows,
                      suppressed_cells=publisher.hidden_cells)
