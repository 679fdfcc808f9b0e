"""The demo hook gives synthetic cases a consistent lifecycle and searchable name tokens."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from reintegra.cases import demo
from reintegra.cases.models import Case, FollowUp, Phase, PhaseChange, Screening
from reintegra.demo.calibration import draw_profile
from reintegra.demo.generator import DemoContext
from reintegra.people.duplicates import find_candidates
from reintegra.people.models import SurvivorNameToken

pytestmark = pytest.mark.django_db


def test_populate_builds_lifecycle(org, case_manager, make_case):
    today = timezone.localdate()
    cases = [make_case(org, case_manager, given_name=f"Person{i}", family_name="Demo",
                       opened_on=today - dt.timedelta(days=days)) for i, days in enumerate((10, 250, 700, 1500))]
    SurvivorNameToken.objects.all().delete()  # as after the generator's bulk insert
    FollowUp.objects.all().delete()
    PhaseChange.objects.all().delete()
    rng = random.Random(4)
    ctx = DemoContext(rng=rng, scale="small", today=today, case_ids=[c.pk for c in cases],
                      profiles={c.pk: draw_profile(rng) for c in cases})
    demo.populate(ctx)
    phases = dict(Case.objects.values_list("pk", "phase"))
    assert [phases[c.pk] for c in cases] == [Phase.CRISIS, Phase.STABILISATION, Phase.INCLUSION, Phase.POST_EXIT]
    assert PhaseChange.objects.filter(case=cases[3]).count() == 4
    assert Screening.objects.count() == 4
    assert FollowUp.objects.filter(done_on__isnull=True).count() == 4
    found = find_candidates(organization_id=org.pk, full_name="Person2 Demo")
    assert found and found[0].survivor_id == cases[2].survivor_id
