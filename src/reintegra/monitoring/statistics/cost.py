"""Value for money: cost per survivor supported and per survivor who obtained decent work.

Spending: each budget overlapping the reporting period counts in proportion to the days of its own
period that fall inside the reporting period. Survivors supported: for an organisation-wide budget,
the survivors whose case with that organisation was open on some day of the overlap; for a
programme budget, the survivors enrolled in the programme during the overlap. Outcome: a supported
survivor who started a decent-work placement (pathway.decent_placements) during the overlap. Each
survivor counts once per currency.

Budgets are per organisation, so area-limited scopes get no cost figures (the money cannot be
split by area). A cost is published only when the survivors it is divided by are not a small
cell (at least the threshold, in people); amounts themselves are not survivor data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.cases.models import Case
from reintegra.employment.models import Placement
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.dashboard import Group
from reintegra.monitoring.statistics.library import Indicator
from reintegra.monitoring.statistics.pathway import decent_placements
from reintegra.monitoring.statistics.publish import UnitPanel
from reintegra.monitoring.statistics.units import batched
from reintegra.training.models import Enrolment

COST_INDICATORS = ("cost_per_survivor", "cost_per_outcome")


@dataclass
class Spending:
    amount: Decimal = Decimal(0)
    supported: set[int] = field(default_factory=set)
    outcomes: set[int] = field(default_factory=set)


def _budget_model():
    from reintegra.monitoring.models_budget import ProgrammeBudget

    return ProgrammeBudget


def spending(scope: Scope, start: dt.date, end: dt.date) -> dict[str, Spending]:
    """Currency -> spending in the period, survivors supported and survivors in decent work."""
    if scope.is_empty or scope.areas:
        return {}
    budgets = _budget_model().objects.filter(period_start__lte=end, period_end__gte=start)
    if not scope.network:
        budgets = budgets.filter(organization_id__in=scope.organization_ids)
    result: dict[str, Spending] = defaultdict(Spending)
    for budget in budgets:
        first, last = max(start, budget.period_start), min(end, budget.period_end)
        share = Decimal((last - first).days + 1) / Decimal((budget.period_end - budget.period_start).days + 1)
        entry = result[budget.currency]
        entry.amount += budget.amount * share
        if budget.programme_id is None:
            supported = set(Case.objects.filter(organization_id=budget.organization_id, opened_on__lte=last)
                            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first)).values_list("id", flat=True))
        else:
            ended = Q(completed_on__lt=first) | Q(dropped_out_on__lt=first)
            supported = {c for c in Enrolment.objects.filter(programme_id=budget.programme_id, case__isnull=False,
                                                             enrolled_on__lte=last).exclude(ended)
                         .values_list("case_id", flat=True) if c is not None}
        entry.supported |= supported
        for chunk in batched(supported):
            entry.outcomes |= {c for c in Placement.objects.filter(decent_placements(), case_id__in=chunk,
                                                                   started_on__gte=first, started_on__lte=last)
                               .values_list("case_id", flat=True) if c is not None}
    return dict(result)


def cost_panels(scope: Scope, start: dt.date, end: dt.date, library: dict[str, Indicator],
                threshold: int) -> list[UnitPanel]:
    money = spending(scope, start, end)
    panels = []
    for code in COST_INDICATORS:
        groups = []
        for currency, entry in sorted(money.items()):
            people = len(entry.supported if code == "cost_per_survivor" else entry.outcomes)
            shown = people >= threshold
            value = round(float(entry.amount / people), 2) if shown else None
            groups.append(Group(currency, people if shown or people == 0 else None, None, value))
        panel = UnitPanel(indicator=library[code], overall=groups[0] if len(groups) == 1 else Group(""))
        panel.overall = Group("", panel.overall.count, None, panel.overall.value)
        if len(groups) > 1:
            panel.distribution, panel.distribution_kind = groups, "count"
        panel.distribution_label = str(_("Currency"))
        panels.append(panel)
    return panels
