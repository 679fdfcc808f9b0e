"""The monitoring demo hook builds a plan that the 3h flag catches."""

from __future__ import annotations

import datetime as dt
import random

from reintegra.core.models import Role
from reintegra.demo.generator import DemoContext
from reintegra.monitoring.demo import populate
from reintegra.monitoring.models import MEPlan


def test_populate_creates_a_flagged_plan(make_org, make_member):
    shelter = make_org(name="Hope Shelter")
    officer = make_member(shelter, Role.ME_OFFICER, username="meofficer")
    ctx = DemoContext(rng=random.Random(1), scale="small", today=dt.date(2026, 6, 1),
                      organizations={"Hope Shelter": shelter}, users={"meofficer": officer})
    populate(ctx)
    plan = MEPlan.objects.get()
    assert plan.kpis.count() == 5
    assert plan.missing_disaggregations() == {"child_share": ["age_group"],
                                              "training_to_decent_work_days": ["age_group"]}
