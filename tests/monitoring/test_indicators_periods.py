"""Aggregate-only roles get ONE granularity of calendar periods (REINTEGRA_AGGREGATE_PERIOD), so two
periods they can ask for never overlap and cannot be subtracted; roles that read every case keep free
ranges. Checked on the dashboard (and baseline), exports, the API, the comparison, the tracer,
releases and plan values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reintegra.core.models import Role
from reintegra.monitoring import services
from reintegra.monitoring.forms import DashboardForm, TracerForm
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import periods
from reintegra.monitoring.statistics.board import published
from reintegra.people.models import Gender

from .fixtures import D, add_cases, known_scenario

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


@pytest.mark.parametrize(("kind", "allowed", "refused"), [
    ("quarter", (D(2024, 4, 1), D(2024, 6, 30)), [(D(2024, 4, 1), D(2024, 4, 30)), (D(2024, 1, 1), D(2024, 12, 31))]),
    ("month", (D(2024, 4, 1), D(2024, 4, 30)), [(D(2024, 4, 1), D(2024, 6, 30)), (D(2024, 1, 1), D(2024, 12, 31))]),
    ("year", (D(2024, 1, 1), D(2024, 12, 31)), [(D(2024, 4, 1), D(2024, 6, 30)), (D(2024, 4, 1), D(2024, 4, 30))]),
])
def test_only_the_configured_granularity_is_allowed(settings, kind, allowed, refused):
    settings.REINTEGRA_AGGREGATE_PERIOD = kind
    assert periods.aggregate_kind() == kind and periods.is_allowed(*allowed)
    assert not any(periods.is_allowed(*other) for other in refused)
    offered = [periods.from_code(code) for code, _label in periods.choices(D(2024, 5, 17))]
    assert offered[0] == periods.containing(D(2024, 5, 17))
    assert all(p is not None and periods.period_kind(*p) == kind for p in offered)
    # One granularity: any two periods offered are identical or disjoint, so none is a difference of others.
    assert all(a == b or a[1] < b[0] or b[1] < a[0] for a in offered for b in offered if a and b)


def test_codes_and_containing_periods(settings):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    assert periods.containing(D(2024, 5, 17)) == (D(2024, 4, 1), D(2024, 6, 30))
    assert periods.containing(D(2024, 2, 17), "month") == (D(2024, 2, 1), D(2024, 2, 29))
    assert periods.containing(D(2024, 2, 17), "year") == (D(2024, 1, 1), D(2024, 12, 31))
    assert periods.code(D(2024, 4, 1)) == "2024-Q2" and periods.from_code("2024-Q2") == (D(2024, 4, 1), D(2024, 6, 30))
    assert periods.from_code("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert periods.from_code("2024") == (D(2024, 1, 1), D(2024, 12, 31))
    assert all(periods.from_code(bad) is None for bad in ("2024-Q5", "x", "2024-13", "20-4"))


@pytest.mark.parametrize(("start", "end", "today", "expected"), [
    (D(2024, 2, 3), D(2024, 8, 20), D(2026, 1, 1), (D(2024, 7, 1), D(2024, 9, 30))),   # its last quarter
    (D(2024, 2, 3), D(2026, 8, 20), D(2025, 5, 1), (D(2025, 4, 1), D(2025, 6, 30))),   # runs on: today's
    (D(2027, 2, 3), D(2027, 8, 20), D(2025, 5, 1), (D(2027, 1, 1), D(2027, 3, 31))),   # not begun: its first
])
def test_plan_period(settings, start, end, today, expected):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    assert periods.for_plan(start, end, today) == expected


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


def test_the_form_offers_only_the_configured_granularity(settings, world):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    form = DashboardForm(fixed_periods=True)
    visible = [f.name for f in form.visible_fields()]
    assert "period" in visible and not {"start", "end", "baseline_start", "baseline_end"} & set(visible)
    codes = [code for code, _label in form.fields["period"].choices]
    assert codes and all("-Q" in code for code in codes)
    page = client_for(world["me"]).get("/monitoring/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="date"' not in html and 'value="2024-Q2"' in html and 'value="2024-05"' not in html
    free = client_for(world["supervisor"]).get("/monitoring/").content.decode()
    assert 'type="date"' in free and "2024-Q2" not in free
    assert "cohort" in [f.name for f in TracerForm(fixed_periods=True).visible_fields()]


@pytest.fixture
def computed(monkeypatch):
    """Records every figure computation of the views (nothing may be computed for a refused period)."""
    from reintegra.monitoring import api, views
    from reintegra.monitoring.statistics import comparison, tracer

    calls: list[str] = []

    def spy(name, real):
        def wrapped(*args, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(views, "published", spy("published", views.published))
    monkeypatch.setattr(api, "published", spy("published", api.published))
    monkeypatch.setattr(comparison, "compare", spy("compare", comparison.compare))
    monkeypatch.setattr(tracer, "cohort_waves", spy("tracer", tracer.cohort_waves))
    return calls


REFUSED = ["period=2024-03", "start=2024-01-01&end=2024-12-31", "start=2024-03-01&end=2024-03-31",
           "start=2024-01-02&end=2024-03-31", "period=2024-Q1&start=2024-04-01&end=2024-06-30", "period=nonsense"]


@pytest.mark.parametrize("who", ["me", "coordinator"])
@pytest.mark.parametrize("query", REFUSED)
def test_aggregate_only_roles_are_refused_other_periods_everywhere(settings, world, computed, who, query):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    client = client_for(world[who])
    message = "choose one calendar quarter"
    page = client.get("/monitoring/?" + query)
    assert page.status_code == 400 and message in page.content.decode()
    for url in ("/monitoring/export.csv?", "/monitoring/comparison/export.xlsx?"):
        export = client.get(url + query)
        assert export.status_code == 400 and message in export.content.decode()
    for url in ("/api/v1/monitoring/figures/?", "/api/v1/monitoring/comparison/?"):
        api = client.get(url + query)
        assert api.status_code == 400 and message in api.json()["period"][0] and api.json()["granularity"] == "quarter"
    comparison = client.get("/monitoring/comparison/?" + query)
    assert comparison.status_code == 400 and message in comparison.content.decode()
    tracer_query = query.replace("start=", "cohort_start=").replace("end=", "cohort_end=").replace("period=", "cohort=")
    tracer = client.get("/monitoring/tracer/?" + tracer_query)
    assert tracer.status_code == 400 and message in tracer.content.decode()
    baseline = client.get("/monitoring/?period=2024-Q2&" + query.replace("period=", "baseline=").replace(
        "start=", "baseline_start=").replace("end=", "baseline_end="))
    assert baseline.status_code == 400
    assert computed == []


@pytest.mark.parametrize("who", ["me", "coordinator"])
def test_the_configured_period_is_served(settings, world, computed, who):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    client = client_for(world[who])
    assert client.get("/monitoring/?period=2024-Q2&baseline=2024-Q1").status_code == 200
    assert client.get("/monitoring/?start=2024-04-01&end=2024-06-30").status_code == 200
    assert client.get("/monitoring/export.csv?period=2024-Q2").status_code == 200
    api = client.get("/api/v1/monitoring/figures/?period=2024-Q1").json()
    assert (api["start"], api["end"]) == ("2024-01-01", "2024-03-31")
    assert client.get("/api/v1/monitoring/comparison/?start=2024-01-01&end=2024-03-31").status_code == 200
    assert client.get("/monitoring/comparison/?period=2024-Q3").status_code == 200
    assert client.get("/monitoring/tracer/?cohort=2024-Q1").status_code == 200
    assert client.get("/monitoring/tracer/?cohort_start=2024-01-01&cohort_end=2024-03-31").status_code == 200
    assert client.get("/monitoring/?period=2010-Q1").status_code == 200  # older periods by URL
    assert computed.count("published") >= 4 and "compare" in computed and "tracer" in computed


def test_releases_are_held_to_the_configured_granularity(settings, world):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    client = client_for(world["me"])
    refused = client.post("/monitoring/releases/", {"kind": "suppressed", "dimension": "sex",
                                                    "start": "2024-01-01", "end": "2024-12-31"})
    assert refused.status_code == 400 and "choose one calendar quarter" in refused.content.decode()
    served = client.post("/monitoring/releases/", {"kind": "suppressed", "dimension": "sex",
                                                   "start": "2024-01-01", "end": "2024-03-31"})
    assert served.status_code == 200 and served["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("kind", ["month", "year"])
def test_another_deployment_granularity(settings, world, kind):
    settings.REINTEGRA_AGGREGATE_PERIOD = kind
    client = client_for(world["me"])
    ok, refused = (("2024-03", "2024-Q1") if kind == "month" else ("2024", "2024-Q1"))
    assert client.get(f"/monitoring/?period={ok}").status_code == 200
    page = client.get(f"/monitoring/?period={refused}")
    assert page.status_code == 400 and f"choose one calendar {kind}" in page.content.decode()


def test_supervisor_who_reads_every_case_keeps_free_ranges(world):
    client = client_for(world["supervisor"])
    free = "start=2024-01-02&end=2024-12-31"
    assert client.get("/monitoring/?" + free).status_code == 200
    assert client.get("/api/v1/monitoring/figures/?" + free).status_code == 200
    assert client.get("/monitoring/comparison/?" + free).status_code == 200
    assert client.get("/monitoring/tracer/?cohort_start=2024-01-02&cohort_end=2024-02-11").status_code == 200
    named = client.get("/api/v1/monitoring/figures/?period=2024-05").json()  # any period may be named
    assert (named["start"], named["end"]) == ("2024-05-01", "2024-05-31")
    assert client.get("/api/v1/monitoring/figures/?period=May").status_code == 400
    assert not periods.needs_fixed_periods(world["supervisor"])
    assert periods.needs_fixed_periods(world["me"]) and periods.needs_fixed_periods(world["coordinator"])


def test_plan_values_use_the_configured_period_for_aggregate_only_roles(settings, world):
    settings.REINTEGRA_AGGREGATE_PERIOD = "quarter"
    plan = services.plan_create(actor=world["me"], organization=world["org"], title="Plan", objectives="x",
                                responsible="y", period_start=D(2024, 2, 3), period_end=D(2024, 8, 20))
    page = client_for(world["me"]).get(f"/monitoring/plans/{plan.pk}/")
    assert page.status_code == 200
    board = page.context["board"]
    assert (board.start, board.end) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    free = client_for(world["supervisor"]).get(f"/monitoring/plans/{plan.pk}/").context["board"]
    assert (free.start, free.end) == (D(2024, 2, 3), D(2024, 8, 20))


def _opened_by_sex(scope, start, end) -> dict[str, int | None]:
    board = published(scope, start, end, as_of=D(2024, 12, 31))
    panel = next(p for p in board.panels if p.indicator.code == "cases_opened")
    return {g.label: g.value for g in panel.by_dimension["sex"]}


def test_nested_periods_gave_away_a_hidden_cell_and_one_granularity_does_not(settings, world, make_org, make_member):
    """With months and quarters both available, Q1 minus two published months recovered the third
    month's hidden cell. With one granularity the second table of the subtraction cannot be asked for."""
    org = make_org(name="Nested")
    me = make_member(org, Role.ME_OFFICER)
    for month, women, men in ((1, 6, 6), (2, 7, 6), (3, 2, 7)):
        add_cases(org, women, opened=D(2024, month, 5))
        add_cases(org, men, gender=Gender.MASCULINE, opened=D(2024, month, 5))
    scope = Scope(organization_ids=(org.pk,))
    jan = _opened_by_sex(scope, D(2024, 1, 1), D(2024, 1, 31))
    feb = _opened_by_sex(scope, D(2024, 2, 1), D(2024, 2, 29))
    march = _opened_by_sex(scope, D(2024, 3, 1), D(2024, 3, 31))
    quarter = _opened_by_sex(scope, D(2024, 1, 1), D(2024, 3, 31))
    women = Gender.FEMININE.value
    assert march[women] is None  # 2 women in March: suppressed in March's own table...
    assert quarter[women] - jan[women] - feb[women] == 2  # ...and recovered by subtraction (the old hole)

    client = client_for(me)
    for kind, refused in (("quarter", ["2024-01", "2024-02", "2024-03"]), ("month", ["2024-Q1", "2024"])):
        settings.REINTEGRA_AGGREGATE_PERIOD = kind
        for code in refused:
            assert client.get(f"/api/v1/monitoring/figures/?period={code}").status_code == 400
            assert client.get(f"/monitoring/?period={code}").status_code == 400
    settings.REINTEGRA_AGGREGATE_PERIOD = "month"
    march_api = client.get("/api/v1/monitoring/figures/?period=2024-03").json()
    opened = next(i for i in march_api["indicators"] if i["code"] == "cases_opened")
    assert {g["label"]: g["value"] for g in opened["by_dimension"]["sex"]}[women] is None
