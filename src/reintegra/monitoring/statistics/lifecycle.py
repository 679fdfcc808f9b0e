"""Lifecycle indicators: time in each reintegration phase and the change in outcome-assessment
scores between intake and the latest assessment (case study 1 phases; 3h psycho-social indicators)."""

from __future__ import annotations

import datetime as dt
import statistics

from reintegra.cases.models import OUTCOME_DOMAINS, OutcomeAssessment, PhaseChange, Timepoint
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.units import Unit, person_keys, scope_q


def phase_spells(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per phase a case left in the period (moved to the next phase, or the case closed):
    the days spent in it. Units carry the phase as their `phase` group."""
    history: dict[int, list[tuple[str, dt.date]]] = {}
    closed: dict[int, dt.date | None] = {}
    for case_id, phase, started_on, closed_on in (PhaseChange.objects.filter(scope_q(scope, "case__"),
                                                                             started_on__lte=end)
                                                  .order_by("case_id", "started_on", "id")
                                                  .values_list("case_id", "phase", "started_on", "case__closed_on")):
        history.setdefault(case_id, []).append((phase, started_on))
        closed[case_id] = closed_on
    rows = []
    for case_id, spells in history.items():
        closed_on = closed[case_id]
        ends = [s for _p, s in spells[1:]] + [closed_on if closed_on and closed_on <= end else None]
        for (phase, began), ended in zip(spells, ends, strict=True):
            if ended is not None and start <= ended <= end and ended >= began:
                rows.append((case_id, phase, float((ended - began).days)))
    keys = person_keys(case for case, _p, _d in rows)
    return [Unit(person=case, keys={**keys[case], "phase": phase}, value=days, facet=phase)
            for case, phase, days in rows if case in keys]


def outcome_changes(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per case with an intake assessment and a later one in the period: the change of each
    domain score from intake to the latest assessment in the period, and their mean."""
    intake: dict[int, OutcomeAssessment] = {}
    latest: dict[int, OutcomeAssessment] = {}
    for assessment in (OutcomeAssessment.objects.filter(scope_q(scope, "case__"), assessed_on__lte=end)
                       .order_by("assessed_on", "id")):
        if assessment.timepoint == Timepoint.INTAKE:
            intake.setdefault(assessment.case_id, assessment)
        elif assessment.assessed_on >= start:
            latest[assessment.case_id] = assessment
    keys = person_keys(c for c in latest if c in intake)
    units = []
    for case_id, later in latest.items():
        if case_id not in intake or case_id not in keys:
            continue
        before, after = intake[case_id].scores(), later.scores()
        changes = {domain: float(after[domain] - before[domain]) for domain, _label in OUTCOME_DOMAINS}
        units.append(Unit(person=case_id, keys=keys[case_id], value=statistics.fmean(changes.values()),
                          facet_values=changes))
    return units
