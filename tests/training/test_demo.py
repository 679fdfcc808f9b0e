"""The training demo enrols cases in proportion, at the small demo's rates, with bulk inserts."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db.models import Count

from reintegra.core.models import Organization
from reintegra.demo.generator import DemoContext
from reintegra.training import demo
from reintegra.training.models import CommunityTrainee, Enrolment, Programme
from reintegra.training.selectors import ACTIVE


@pytest.fixture
def cases(world, make_case):
    from reintegra.cases.models import Case

    made = [make_case(world.shelter, world.manager, given_name=f"P{n}") for n in range(14)]
    Case.objects.update(opened_on=dt.date.today() - dt.timedelta(days=400))
    Organization.objects.filter(pk=world.provider.pk).update(type="tvet")  # the demo's providers are TVET
    return [world.case, *made]


def _ctx(world, cases, scale):
    organizations = {o.name: o for o in Organization.objects.all()}
    return DemoContext(rng=random.Random(4), scale=scale, today=dt.date.today(), organizations=organizations,
                       case_ids=sorted(c.pk for c in cases))


def test_enrols_the_cases_after_the_pathway_slice_at_the_small_demo_rates(world, cases, monkeypatch):
    monkeypatch.setattr(demo, "_already_covered", lambda scale: 2)
    ctx = _ctx(world, cases, "national")
    demo.populate(ctx)
    survivors = Enrolment.objects.filter(case__isnull=False)
    chosen = ctx.case_ids[2:2 + round(len(cases) * 2 / 3) - 2]
    assert set(survivors.values_list("case_id", flat=True)) <= set(chosen)
    assert survivors.count() >= len(chosen) * 0.8  # a case opened in the last weeks may not have started yet
    assert not survivors.values("case_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert CommunityTrainee.objects.count() == round(len(chosen) / 4)
    assert Enrolment.objects.filter(community_trainee__isnull=False).count() <= CommunityTrainee.objects.count()
    assert len(set(CommunityTrainee.objects.values_list("code", flat=True))) == CommunityTrainee.objects.count()
    programmes = Programme.objects.filter(organization=world.provider)  # the only tvet organisation
    assert programmes.count() == len(demo.OFFER)
    for programme in programmes:
        assert programme.enrolments.filter(status__in=ACTIVE).count() <= programme.capacity
    assert not Enrolment.objects.filter(programme__open_to="victims", community_trainee__isnull=False).exists()
    for enrolment in Enrolment.objects.filter(status="dropped_out"):
        assert enrolment.dropout_reason in demo.DROPOUT_REASONS and enrolment.dropped_out_on
        assert enrolment.dropout_category == demo.DROPOUT_REASONS[enrolment.dropout_reason]
    for enrolment in Enrolment.objects.filter(status="certified"):
        assert enrolment.certified_on and enrolment.certificate


def test_small_demo_and_a_covered_network_add_nothing(world, cases, monkeypatch):
    demo.populate(_ctx(world, cases, "small"))
    monkeypatch.setattr(demo, "_already_covered", lambda scale: 10)  # 2/3 of 15 are covered already
    demo.populate(_ctx(world, cases, "medium"))
    assert not Enrolment.objects.exists() and not Programme.objects.exclude(name="Tailoring").exists()
