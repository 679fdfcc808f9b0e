"""The employment demo: an `employer` login seeing exactly one consenting person, and at medium or
national scale placements, retention checks and enterprises in proportion to the cases."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password

from reintegra.core.models import Organization, Role
from reintegra.demo.generator import DemoContext
from reintegra.employment import demo, selectors
from reintegra.employment.models import Enterprise, Placement, RetentionCheck
from reintegra.training.models import Enrolment


def _ctx(world, cases, scale):
    world.liaison.password = make_password("demo-password-123")
    world.liaison.save()
    organizations = {o.name: o for o in Organization.objects.all()}
    return DemoContext(rng=random.Random(3), scale=scale, today=dt.date.today(), organizations=organizations,
                       users={"liaison": world.liaison, "counsellor": world.counsellor},
                       case_ids=sorted(c.pk for c in cases))


def _world(world, make_org, make_case, n):
    from reintegra.cases.models import Case

    Organization.objects.filter(pk=world.shelter.pk).update(name="Hope Shelter")
    Organization.objects.filter(pk=world.provider.pk).update(name="National TVET Institute", type="tvet")
    made = [make_case(world.shelter, world.manager, given_name=f"P{i}") for i in range(n)]
    Case.objects.update(opened_on=dt.date.today() - dt.timedelta(days=900))
    return [world.case, *made]


def test_the_employer_login_sees_one_consenting_person(world, make_org, make_case, client):
    cases = _world(world, make_org, make_case, 4)
    ctx = _ctx(world, cases, "small")
    demo.populate(ctx)
    client.login(username="employer", password="demo-password-123")
    portal = selectors.employer_portal(user=ctx.users["employer"])
    assert portal is not None and len(portal["disclosed"]) == 1
    assert Placement.objects.filter(employer=portal["employer"]).count() >= 2
    response = client.get("/employment/portal/")
    assert response.status_code == 200 and portal["disclosed"][0]["code"] in response.content.decode()
    assert not ctx.users["employer"].memberships.exists()
    assert Role.EMPLOYER_LIAISON  # the login holds no role: employers are not network staff


def test_beyond_the_slice_certified_trainees_are_placed_and_enterprises_started(world, make_org, make_case,
                                                                                  monkeypatch):
    cases = _world(world, make_org, make_case, 45)
    monkeypatch.setitem(demo.PATHWAY_CASES, "national", 2)
    ctx = _ctx(world, cases, "national")
    from reintegra.training import demo as training_demo

    monkeypatch.setattr(training_demo, "_already_covered", lambda scale: 2)
    training_demo.populate(ctx)
    demo.populate(ctx)
    beyond = ctx.case_ids[2:]
    certified = Enrolment.objects.filter(case_id__in=beyond, status="certified",
                                         certified_on__lte=dt.date.today() - dt.timedelta(days=30)).count()
    placed = Placement.objects.filter(case_id__in=beyond).exclude(job_title__in=["Sewing machinist", "Cutter"])
    assert certified > 0 and placed.count() == certified
    assert RetentionCheck.objects.filter(placement__in=placed).count() == 4 * certified
    assert Enterprise.objects.filter(case_id__in=beyond).count() == len(beyond[::demo.CASES_PER_ENTERPRISE])


def test_pathway_community_trainees_have_reproducible_codes_of_their_own(world, make_org, make_case):
    from reintegra.training.models import CommunityTrainee

    cases = _world(world, make_org, make_case, 4)
    demo.populate(_ctx(world, cases, "small"))
    codes = list(CommunityTrainee.objects.order_by("code").values_list("code", flat=True))
    assert codes == [f"T-P{n:08X}" for n in range(len(codes))] and len(codes) >= 10
