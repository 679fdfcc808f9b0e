"""Aggregate-only roles choose fixed calendar periods (month, quarter, year) on the dashboard, its
exports, the API and plan values; roles that read every case keep free ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reintegra.core.models import Role
from reintegra.monitoring import services
from reintegra.monitoring.statistics import periods

from .fixtures import D, known_scenario

PASSWORD = "correct-horse-battery-9"


@pytest.mark.parametrize(("start", "end", "kind"), [
    (D(2024, 1, 1), D(2024, 12, 31), "year"), (D(2024, 4, 1), D(2024, 6, 30), "quarter"),
    (D(2024, 2, 1), D(2024, 2, 29), "month"), (D(2023, 2, 1), D(2023, 2, 28), "month"),
    (D(2024, 1, 1), D(2024, 3, 31), "quarter"), (D(2024, 2, 1), D(2024, 4, 30), None),
    (D(2024, 1, 2), D(2024, 12, 31), None), (D(2024, 1, 1), D(2024, 12, 30), None),
    (D(2023, 12, 1), D(2024, 1, 31), None), (D(2024, 2, 1), D(2024, 2, 28), None),
])
def test_period_kind(start, end, kind):
    assert periods.period_kind(start, end) == kind


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2024, 2, 3), D(2024, 2, 20), (D(2024, 2, 1), D(2024, 2, 29))),
    (D(2024, 2, 3), D(2024, 3, 20), (D(2024, 1, 1), D(2024, 3, 31))),
    (D(2024, 2, 3), D(2024, 8, 20), (D(2024, 1, 1), D(2024, 12, 31))),
    (D(2023, 7, 1), D(2024, 6, 30), (D(2024, 1, 1), D(2024, 12, 31))),
])
def test_covering_period(start, end, expected):
    assert periods.covering(start, end) == expected and periods.is_fixed(*expected)


@pytest.fixture
def world(make_org, make_member):
    org = make_org(name="A")
    national = make_org(name="NRM", type="national_coordination")
    known_scenario(org)
    return {"org": org, "me": make_member(org, Role.ME_OFFICER), "supervisor": make_member(org, Role.SUPERVISOR),
            "coordinator": make_member(national, Role.NETWORK_COORDINATOR)}


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


FREE = "start=2024-01-02&end=2024-12-31"


@pytest.mark.parametrize("who", ["me", "coordinator"])
def test_aggregate_only_roles_are_refused_free_ranges_everywhere(world, who):
    client = client_for(world[who])
    page = client.get("/monitoring/?" + FREE)
    assert page.status_code == 400 and "calendar month, quarter or year" in page.content.decode()
    export = client.get("/monitoring/export.csv?" + FREE)
    assert export.status_code == 400 and b"calendar month" in export.content
    api = client.get("/api/v1/monitoring/figures/?" + FREE)
    assert api.status_code == 400 and "period" in api.json()
    baseline = client.get("/monitoring/?start=2024-01-01&end=2024-12-31&baseline_start=2023-01-01"
                          "&baseline_end=2023-06-15")
    assert baseline.status_code == 400
    assert client.get("/monitoring/?start=2024-04-01&end=2024-06-30").status_code == 200
    assert client.get("/api/v1/monitoring/figures/?start=2024-03-01&end=2024-03-31").status_code == 200


def test_supervisor_who_reads_every_case_keeps_free_ranges(world):
    client = client_for(world["supervisor"])
    assert client.get("/monitoring/?" + FREE).status_code == 200
    assert client.get("/api/v1/monitoring/figures/?" + FREE).status_code == 200
    assert not periods.needs_fixed_periods(world["supervisor"])
    assert periods.needs_fixed_periods(world["me"]) and periods.needs_fixed_periods(world["coordinator"])


def test_plan_values_use_a_fixed_period_for_aggregate_only_roles(world):
    plan = services.plan_create(actor=world["me"], organization=world["org"], title="Plan", objectives="x",
                                responsible="y", period_start=D(2024, 2, 3), period_end=D(2024, 8, 20))
    page = client_for(world["me"]).get(f"/monitoring/plans/{plan.pk}/")
    assert page.status_code == 200
    board = page.context["board"]
    assert (board.start, board.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert "Current values for" in page.content.decode()
    free = client_for(world["supervisor"]).get(f"/monitoring/plans/{plan.pk}/").context["board"]
    assert (free.start, free.end) == (D(2024, 2, 3), D(2024, 8, 20))
