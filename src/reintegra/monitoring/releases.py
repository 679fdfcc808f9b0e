"""Releases beyond the dashboard: suppressed tables, differentially private public tables, and a
CTDC-style k-anonymous person-level file. Each returns (columns, rows, facts about the release).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from reintegra.cases.models import Case
from reintegra.monitoring import services
from reintegra.monitoring.privacy.dp import noisy_counts
from reintegra.monitoring.privacy.kanon import age_band, alpha3, k_anonymise
from reintegra.monitoring.privacy.suppression import safe_breakdown
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import figures as raw
from reintegra.monitoring.statistics.dashboard import threshold

CTDC_QUASI_IDENTIFIERS = ["yearOfRegistration", "gender", "ageBroad", "citizenship", "hasDisability"]


@dataclass
class Release:
    columns: list[str]
    rows: list[list[Any]]
    facts: dict[str, Any] = field(default_factory=dict)


def scope_key(scope: Scope) -> str:
    if scope.network:
        return "network"
    parts = [f"org{o}" for o in scope.organization_ids] + [f"org{o}:{a}" for o, a in scope.areas]
    return ",".join(parts) or "none"


def suppressed_release(scope: Scope, dimension: str, start: dt.date, end: dt.date) -> Release:
    figures = raw.compute(scope, start, end, dt.date.today())
    counts = figures.bases["opened"].get(dimension, {})
    t = threshold()
    total = figures.bases["opened"][""][""]
    shown, total_shown, hidden = safe_breakdown(dict(sorted(counts.items())), t, show_total=not 0 < total < t)
    rows = [[group, "" if value is None else value] for group, value in shown.items()]
    rows.append(["total", "" if total_shown is None else total_shown])
    return Release([dimension, "cases_opened"], rows,
                   {"threshold": t, "suppressed_cells": hidden, "period": f"{start}/{end}"})


def public_release(*, actor: Any, scope: Scope, dimension: str, start: dt.date, end: dt.date,
                   epsilon: float, actor_label: str = "") -> Release:
    """Noisy counts of cases opened, by one dimension; ε is charged to the scope's ledger first."""
    figures = raw.compute(scope, start, end, dt.date.today())
    counts = dict(sorted(figures.bases["opened"].get(dimension, {}).items()))
    t = threshold()
    with transaction.atomic():
        spend = services.privacy_spend(actor=actor, dataset=f"cases:{scope_key(scope)}", epsilon=epsilon,
                                       description=f"cases opened by {dimension}, {start}/{end}",
                                       organization_id=scope.organization_ids[0] if scope.organization_ids else None,
                                       actor_label=actor_label)
        cells, total = noisy_counts(list(counts.values()), epsilon, t)
    rows = [[group, "" if value is None else value] for group, value in zip(counts, cells, strict=True)]
    rows.append(["total", "" if total is None else total])
    return Release([dimension, "cases_opened_noisy"], rows,
                   {"epsilon": epsilon, "ledger_entry": spend.pk, "dataset": spend.budget.dataset,
                    "epsilon_left": services.budget_remaining(spend.budget.dataset), "threshold": t,
                    "mechanism": "OpenDP discrete Laplace, scale 1/ε, one person per cell"})


def _scope_filter(scope: Scope):
    from django.db.models import Q

    if scope.network:
        return Q()
    q = Q(organization_id__in=scope.organization_ids)
    for org_id, area in scope.areas:
        q |= Q(organization_id=org_id, admin_area=area)
    return q


def ctdc_release(scope: Scope, start: dt.date, end: dt.date, k: int | None = None) -> Release:
    """One row per survivor whose case opened in the period and who agreed to anonymised
    statistics, coarsened and k-anonymous. k is never below the small-cell threshold."""
    from reintegra.people.consent import survivors_with_statistics_consent

    floor = int(settings.REINTEGRA_SUPPRESSION_THRESHOLD)
    k = max(k or int(getattr(settings, "REINTEGRA_KANONYMITY_K", 11)), floor)
    if scope.is_empty:
        return Release(CTDC_QUASI_IDENTIFIERS + ["majorityStatus"], [], {"k": k, "suppressed": 0, "records_in": 0})
    consenting = survivors_with_statistics_consent().values("id")
    cases = (Case.objects.filter(_scope_filter(scope), opened_on__gte=start, opened_on__lte=end,
                                 survivor_id__in=consenting)
             .values_list("opened_on", "survivor__gender", "survivor__birth_year", "survivor__nationality",
                          "survivor__has_disability").iterator(chunk_size=5000))
    records = []
    for opened_on, gender, birth_year, nationality, disability in cases:
        age = opened_on.year - birth_year if birth_year else None
        records.append({
            "yearOfRegistration": opened_on.year, "gender": gender, "ageBroad": age_band(age),
            "citizenship": alpha3(nationality), "hasDisability": "yes" if disability else "no",
            "majorityStatus": "" if age is None else ("Minor" if age < 18 else "Adult"),
        })
    # majorityStatus follows from the age band, so it adds nothing to the quasi-identifiers.
    result = k_anonymise(records, quasi_identifiers=CTDC_QUASI_IDENTIFIERS, k=k)
    columns = CTDC_QUASI_IDENTIFIERS + ["majorityStatus"]
    return Release(columns, [[row[c] for c in columns] for row in result.rows],
                   {"k": k, "records_in": result.total_in, "generalised": result.generalised,
                    "suppressed": result.suppressed})
