"""Views and API: role × action × scope (anonymous, other organisation, wrong role, expired,
allowed), plan flagging, exports (audited) and releases."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from reintegra.core.models import AuditEvent, Role
from reintegra.monitoring import services
from reintegra.monitoring.models import PrivacySpend

from .fixtures import D, add_cases, known_scenario

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def yearly_periods(settings):
    """These figures are checked for the year 2024 (aggregate-only roles get one granularity)."""
    settings.REINTEGRA_AGGREGATE_PERIOD = "year"


@pytest.fixture
def world(make_org, make_member):
    org_a = make_org(name="A", country="NP")
    org_b = make_org(name="B", country="NP", admin_area="South")
    national = make_org(name="NRM", country="NP", type="national_coordination")
    known_scenario(org_a, org_b)
    add_cases(org_b, 6, opened=D(2024, 9, 1), area="South")
    users = {
        "me_a": make_member(org_a, Role.ME_OFFICER),
        "supervisor_a": make_member(org_a, Role.SUPERVISOR),
        "me_b": make_member(org_b, Role.ME_OFFICER),
        "case_manager_a": make_member(org_a, Role.CASE_MANAGER),
        "expired_me_a": make_member(org_a, Role.ME_OFFICER, expired=True),
        "coordinator": make_member(national, Role.NETWORK_COORDINATOR),
    }
    plan = services.plan_create(actor=users["me_a"], organization=org_a, title="Shelter plan 2024",
                                objectives="Decent work within a year", responsible="M&E officer",
                                period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    return {"a": org_a, "b": org_b, "plan": plan, **users}


def client_for(world, who) -> Client:
    client = Client()
    if who != "anonymous":
        assert client.login(username=world[who].username, password=PASSWORD)
    return client


PERIOD = "start=2024-01-01&end=2024-12-31"

# (action, method, url template, expectations by who)
MATRIX = [
    ("dashboard", "get", "/monitoring/?" + PERIOD,
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_b": 200, "me_a": 200,
      "supervisor_a": 200, "coordinator": 200}),
    ("export_xlsx", "get", "/monitoring/export.xlsx?" + PERIOD,
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_b": 200, "me_a": 200,
      "supervisor_a": 200, "coordinator": 200}),
    ("plan_list", "get", "/monitoring/plans/",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_b": 200, "me_a": 200, "coordinator": 200}),
    ("plan_detail", "get", "/monitoring/plans/{plan}/",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_b": 404, "me_a": 200,
      "supervisor_a": 200, "coordinator": 200}),
    ("kpi_add", "post", "/monitoring/plans/{plan}/",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_b": 404, "coordinator": 404,
      "me_a": 302, "supervisor_a": 302}),
    ("plan_create", "post", "/monitoring/plans/new/",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "coordinator": 404, "me_a": 302}),
    ("releases", "get", "/monitoring/releases/",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "supervisor_a": 404, "me_a": 200,
      "coordinator": 200}),
    ("tracer", "get", "/monitoring/tracer/?cohort_start=2024-01-01&cohort_end=2024-12-31",
     {"anonymous": 302, "case_manager_a": 404, "expired_me_a": 404, "me_a": 200, "coordinator": 200}),
    ("api_figures", "get", "/api/v1/monitoring/figures/?" + PERIOD,
     {"anonymous": 403, "case_manager_a": 404, "expired_me_a": 404, "me_b": 200, "me_a": 200, "coordinator": 200}),
    ("api_plan_detail", "get", "/api/v1/monitoring/plans/{plan}/",
     {"anonymous": 403, "case_manager_a": 404, "expired_me_a": 404, "me_b": 404, "me_a": 200, "coordinator": 200}),
]
CASES = [(action, method, url, who, expected) for action, method, url, table in MATRIX
         for who, expected in table.items()]

FORMS = {
    "kpi_add": {"indicator_code": "cases_opened", "data_source": "administrative", "frequency": "quarterly",
                "disaggregations": ["sex", "age_group"]},
    "plan_create": {"title": "New plan", "objectives": "Measure retention", "responsible": "Asha",
                    "period_start": "2025-01-01", "period_end": "2025-12-31"},
}


@pytest.mark.parametrize(("action", "method", "url", "who", "expected"), CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_permission_matrix(world, action, method, url, who, expected):
    client = client_for(world, who)
    target = url.format(plan=world["plan"].pk)
    response = client.post(target, FORMS.get(action, {})) if method == "post" else client.get(target)
    assert response.status_code == expected, response.content[:300]
    if response.status_code == 302 and who == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize(("who", "opened"), [("me_a", 15), ("me_b", 10), ("coordinator", 25)])
def test_figures_are_limited_to_the_callers_scope(world, who, opened):
    data = client_for(world, who).get("/api/v1/monitoring/figures/?" + PERIOD).json()
    panel = next(p for p in data["indicators"] if p["code"] == "cases_opened")
    assert panel["overall"]["value"] == opened


def test_other_organisation_cannot_narrow_to_a_foreign_org(world):
    response = client_for(world, "me_b").get(f"/api/v1/monitoring/figures/?{PERIOD}&organization={world['a'].pk}")
    assert response.status_code == 404  # out of scope: not found (it used to answer zeros)


def test_plan_is_flagged_until_every_kpi_tracks_gender_and_age(world):
    plan, me = world["plan"], world["me_a"]
    assert plan.is_flagged  # no indicators yet
    services.kpi_add(actor=me, plan=plan, indicator_code="cases_opened", disaggregations=["sex"])
    assert plan.is_flagged and plan.missing_disaggregations() == {"cases_opened": ["age_group"]}
    page = client_for(world, "me_a").get(f"/monitoring/plans/{plan.pk}/")
    assert b"does not track gender and age group" in page.content
    plan.kpis.all().delete()
    services.kpi_add(actor=me, plan=plan, indicator_code="engaged_12m", disaggregations=["sex", "age_group"],
                     baseline=60, target=80)
    services.kpi_add(actor=me, plan=plan, indicator_code="retention_12m", disaggregations=["age_group", "sex"])
    assert not plan.is_flagged
    page = client_for(world, "me_a").get(f"/monitoring/plans/{plan.pk}/")
    assert b"does not track gender" not in page.content  # (no indicator is pending any more: no "pending data")


def test_kpi_validation_errors_are_specific(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.kpi_add(actor=world["me_a"], plan=world["plan"], indicator_code="nope", disaggregations=["shoe"])
    assert set(info.value.message_dict) == {"indicator_code", "disaggregations"}


def test_exports_are_audited_and_escaped(world):
    client = client_for(world, "me_a")
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get("/monitoring/export.csv?" + PERIOD)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any(r[:2] == ["cases_opened", "Cases opened"] and r[6] == "15" for r in rows)
    assert client.get("/monitoring/export.pdf?" + PERIOD).content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export").count() == before + 2
    assert client.get("/monitoring/export.exe?" + PERIOD).status_code == 404


def test_dashboard_shows_as_of_time_charts_and_pending(world):
    baseline = "&baseline_start=2023-01-01&baseline_end=2023-12-31"
    page = client_for(world, "me_a").get("/monitoring/?" + PERIOD + baseline)
    text = page.content.decode()
    assert "Figures as of" in text and "data:image/svg+xml;base64," in text
    assert "Case statistics include every case change up to" in text  # the aggregate's own as-of times
    assert "Before and after" in text and "Employment retention at 12 months" in text


def test_public_release_spends_budget_and_refuses_when_exhausted(world):
    client = client_for(world, "me_a")
    form = {"kind": "public", "dimension": "sex", "start": "2024-01-01", "end": "2024-12-31", "epsilon": "2"}
    assert client.post("/monitoring/releases/", form).status_code == 200
    assert PrivacySpend.objects.get().epsilon == 2
    refused = client.post("/monitoring/releases/", form)
    assert refused.status_code == 400 and b"exhausted" in refused.content
    assert PrivacySpend.objects.count() == 1


def test_ctdc_release_is_k_anonymous(world):
    from reintegra.people.models import Consent, Survivor

    for survivor in Survivor.objects.filter(organization=world["a"]):
        Consent.objects.create(organization=world["a"], survivor=survivor, purpose="statistics", given=True)
    response = client_for(world, "me_a").post("/monitoring/releases/", {
        "kind": "ctdc", "start": "2024-01-01", "end": "2024-12-31", "k": "5", "dimension": "sex"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    facts = {r[0]: r[1] for r in lines if r[0].startswith("#")}
    assert facts["# records_in"] == "15" and facts["# k"] == "5"
    data = [r for r in lines if not r[0].startswith("#")][1:]
    assert len(data) + int(facts["# suppressed"]) == 15
    assert len(data) == 13  # 6 women aged 30--38 and 7 men aged 39--47; the 2 girls are dropped


def test_api_creates_plans_and_kpis_through_the_services(world):
    payload = {"organization": world["a"].pk, "title": "API plan", "objectives": "Retention", "responsible": "Me",
               "period_start": "2025-01-01", "period_end": "2025-12-31"}
    created = client_for(world, "me_a").post("/api/v1/monitoring/plans/", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["flagged"] is True
    plan_id = created.json()["id"]
    kpi = client_for(world, "me_a").post(f"/api/v1/monitoring/plans/{plan_id}/kpis/",
                                         {"indicator_code": "engaged_12m", "disaggregations": ["sex", "age_group"]},
                                         content_type="application/json")
    assert kpi.status_code == 201
    bad = client_for(world, "me_a").post(f"/api/v1/monitoring/plans/{plan_id}/kpis/",
                                         {"indicator_code": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "indicator_code" in bad.json()
    foreign = client_for(world, "me_b").post("/api/v1/monitoring/plans/", payload, content_type="application/json")
    assert foreign.status_code == 403
    assert client_for(world, "me_b").post(f"/api/v1/monitoring/plans/{plan_id}/kpis/", {"indicator_code": "x"},
                                          content_type="application/json").status_code == 404
    library = client_for(world, "me_a").get("/api/v1/monitoring/indicators/").json()
    live = {i["code"]: i["live"] for i in library["indicators"]}
    assert live["retention_12m"] is True and live["employer_satisfaction"] is True
