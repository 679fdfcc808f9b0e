"""Demo data for monitoring: one M&E plan at Hope Shelter whose KPIs show the 3h flag at work.

Writes a handful of rows whatever the scale; the statistics themselves come from the cases the
generator already created (and from other apps' records as their indicators go live).
"""

from __future__ import annotations

import datetime as dt

from reintegra.monitoring.models import MEPlan, PlanKPI, PrivacyBudget

KPIS = [
    ("engaged_12m", ["sex", "age_group", "nationality"], 70, 85),
    ("days_to_closure", ["sex", "age_group"], None, None),
    ("child_share", ["sex", "area"], None, None),
    ("retention_12m", ["sex", "age_group", "disability"], 50, 70),
    ("training_to_decent_work_days", ["sex"], 180, 120),  # lacks age group: the plan is flagged
]


def populate(ctx) -> None:
    shelter = ctx.organizations["Hope Shelter"]
    start = dt.date(ctx.today.year - 1, 1, 1)
    plan = MEPlan.objects.create(
        organization=shelter, title="Hope Shelter reintegration programme", programme="Skills to decent work",
        objectives="Survivors obtain decent work soon after training and keep it; fewer drop out.",
        responsible="Programme manager", period_start=start, period_end=dt.date(ctx.today.year, 12, 31),
        created_by=ctx.users.get("meofficer"))
    PlanKPI.objects.bulk_create([
        PlanKPI(plan=plan, organization=shelter, indicator_code=code, disaggregations=dims, baseline=baseline,
                target=target, responsible="M&E officer")
        for code, dims, baseline, target in KPIS])
    PrivacyBudget.objects.get_or_create(dataset="cases:network", defaults={"epsilon_total": 3.0})
