"""/monitoring/comparison/ (page and API) and /monitoring/budgets/ (list, create, edit, delete): every
role of core.Role × action × scope.

Scopes: own organisation (whose survivors are counted), another organisation (asking for the first
one's figures), a national coordination body (network), a membership limited to another area of
the own organisation (out of area), an expired membership; anonymous apart. The allowed roles are
written out from monitoring/data/permissions.yaml, so widening access there fails a test. Forbidden
answers 404 (like missing) and changes nothing. A budget is edited or deleted under the rule for
entering one: monitoring.manage_plan in the organisation the budget belongs to.
"""

from __future__ import annotations

import pytest
from django.test import Client

from reintegra.core.models import AuditEvent, Role
from reintegra.monitoring.models import ProgrammeBudget
from reintegra.training.models import Enrolment

from .pathway_fixtures import D, enrol, enrol_community, new_case, programme

VIEWERS = {Role.ME_OFFICER, Role.SUPERVISOR, Role.NETWORK_COORDINATOR}  # monitoring.view_dashboard
NETWORK = {Role.NETWORK_COORDINATOR}                                     # monitoring.view_network
PLANNERS = {Role.ME_OFFICER, Role.SUPERVISOR}                            # monitoring.manage_plan
EXPORTERS = {Role.ME_OFFICER, Role.SUPERVISOR, Role.NETWORK_COORDINATOR}  # monitoring.export
SCOPES = ["own_org", "other_org", "network", "out_of_area", "expired"]
QUARTER = "start=2024-01-01&end=2024-03-31"  # allowed to every role (one calendar quarter)
SURVIVORS = 6


@pytest.fixture
def world(make_org):
    shelter = make_org(name="Shelter", admin_area="North")
    other = make_org(name="Other NGO", admin_area="South")
    national = make_org(name="NRM", type="national_coordination")
    prog = programme(shelter)
    for _n in range(SURVIVORS):
        enrol(new_case(shelter, area="North"), prog, completed=D(2024, 2, 20))
    for _n in range(7):
        enrol_community(prog, completed=D(2024, 2, 20))
    Enrolment.objects.update(enrolled_on=D(2024, 2, 1))
    budget = ProgrammeBudget.objects.create(organization=shelter, programme=prog, period_start=D(2024, 1, 1),
                                            period_end=D(2024, 12, 31), amount=1000, currency="NPR")
    return {"shelter": shelter, "other": other, "national": national, "programme": prog, "budget": budget}


def member(world, make_member, role, scope):
    organization = {"own_org": world["shelter"], "other_org": world["other"], "network": world["national"],
                    "out_of_area": world["shelter"], "expired": world["shelter"]}[scope]
    return make_member(organization, role, area_scope="South" if scope == "out_of_area" else "",
                       expired=scope == "expired")


def survivors_counted(scope: str) -> int | None:
    """The overall survivor enrolments a non-network viewer in this scope sees: its organisation's
    (the national body is an organisation like another for roles without monitoring.view_network)."""
    return {"own_org": SURVIVORS, "out_of_area": 0, "other_org": 0, "network": 0}.get(scope)


def _survivors(payload) -> int:
    measures = {m["code"]: m["groups"] for m in payload["measures"]}
    return measures["enrolled"]["survivors"]["value"]


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_comparison_page_and_api(world, make_member, role, scope):
    client = Client()
    client.force_login(member(world, make_member, role, scope))
    page = client.get(f"/monitoring/comparison/?{QUARTER}")
    api = client.get(f"/api/v1/monitoring/comparison/?{QUARTER}")
    export = client.get(f"/monitoring/comparison/export.csv?{QUARTER}")
    allowed = role in VIEWERS and scope != "expired"
    exports_before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    if not allowed:
        assert (page.status_code, api.status_code, export.status_code) == (404, 404, 404)
        assert exports_before == 0
        return
    assert (page.status_code, api.status_code) == (200, 200)
    assert export.status_code == (200 if role in EXPORTERS else 404)
    assert exports_before == (1 if role in EXPORTERS else 0)  # every export is audited
    network = role in NETWORK
    expected = SURVIVORS if network else survivors_counted(scope)
    assert _survivors(api.json()) == expected
    assert page.context["result"].rows[0].cells["survivors"].value == expected
    # Asking for another organisation's figures: only the network sees them; others get 404.
    shelter = world["shelter"].pk
    narrowed_page = client.get(f"/monitoring/comparison/?{QUARTER}&organization={shelter}")
    narrowed_api = client.get(f"/api/v1/monitoring/comparison/?{QUARTER}&organization={shelter}")
    if network or scope in {"own_org", "out_of_area"}:
        assert (narrowed_page.status_code, narrowed_api.status_code) == (200, 200)
        assert _survivors(narrowed_api.json()) == (SURVIVORS if network else survivors_counted(scope))
    else:
        assert (narrowed_page.status_code, narrowed_api.status_code) == (404, 404)
    foreign = world["other"].pk
    if not network and scope in {"own_org", "out_of_area", "network"}:
        assert client.get(f"/monitoring/comparison/?{QUARTER}&organization={foreign}").status_code == 404
        assert client.get(f"/api/v1/monitoring/comparison/?{QUARTER}&organization={foreign}").status_code == 404
        assert client.get(f"/monitoring/comparison/export.xlsx?{QUARTER}&organization={foreign}").status_code == 404


def test_comparison_anonymous():
    client = Client()
    page = client.get("/monitoring/comparison/")
    assert page.status_code == 302 and "/login/" in page["Location"]
    assert client.get("/api/v1/monitoring/comparison/").status_code in {401, 403}
    export = client.get("/monitoring/comparison/export.csv")
    assert export.status_code == 302 and "/login/" in export["Location"]


def _budgets():
    return sorted(ProgrammeBudget.objects.values_list("organization_id", "amount", "currency"), key=str)


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_budgets_list_and_create(world, make_member, role, scope):
    user = member(world, make_member, role, scope)
    client = Client()
    client.force_login(user)
    before = _budgets()
    listing = client.get("/monitoring/budgets/")
    created = client.post("/monitoring/budgets/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                   "amount": "500", "currency": "usd"})
    allowed = role in PLANNERS and scope != "expired"  # in the organisation of their membership
    if not allowed:
        assert (listing.status_code, created.status_code) == (404, 404)
        assert _budgets() == before
        return
    own = user.memberships.get().organization
    assert listing.status_code == 200
    assert ("1000" in listing.content.decode()) == (own == world["shelter"])  # only its own budgets
    assert created.status_code == 302
    assert set(_budgets()) - set(before) == {(own.pk, 500, "USD")}
    if own != world["shelter"]:  # another organisation's programme is not found, and nothing is written
        after = _budgets()
        refused = client.post("/monitoring/budgets/", {"programme": world["programme"].pk, "amount": "9",
                                                       "period_start": "2024-01-01", "period_end": "2024-12-31",
                                                       "currency": "usd"})
        assert refused.status_code == 404 and _budgets() == after


def _budget_rows():
    return sorted(ProgrammeBudget.objects.values_list("pk", "organization_id", "amount", "currency"), key=str)


def _budget_writes():
    return AuditEvent.objects.filter(object_type="monitoring.programmebudget",
                                     action__in=[AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE]).count()


BUDGET_ACTIONS = {
    "edit": ("/monitoring/budgets/{pk}/edit/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                "amount": "750", "currency": "npr"}),
    "delete": ("/monitoring/budgets/{pk}/delete/", {}),
}


@pytest.mark.parametrize("target", ["own_scope", "other_scope"])
@pytest.mark.parametrize("action", list(BUDGET_ACTIONS))
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_budgets_edit_and_delete(world, make_member, role, scope, action, target):
    """own_scope: a budget of the organisation of the user's membership; other_scope: one of another
    organisation (the shelter's when the user is elsewhere, another NGO's when in the shelter)."""
    user = member(world, make_member, role, scope)
    own = user.memberships.get().organization
    if own == world["shelter"]:
        own_budget = world["budget"]
        other_budget = ProgrammeBudget.objects.create(organization=world["other"], period_start=D(2024, 1, 1),
                                                      period_end=D(2024, 12, 31), amount=300, currency="EUR")
    else:
        own_budget = ProgrammeBudget.objects.create(organization=own, period_start=D(2024, 1, 1),
                                                    period_end=D(2024, 12, 31), amount=300, currency="EUR")
        other_budget = world["budget"]
    budget = own_budget if target == "own_scope" else other_budget
    url, data = BUDGET_ACTIONS[action]
    url = url.format(pk=budget.pk)
    client = Client()
    client.force_login(user)
    before, writes = _budget_rows(), _budget_writes()
    page = client.get(url)
    assert _budget_rows() == before  # the form or the confirmation changes nothing
    sent = client.post(url, data)
    allowed = role in PLANNERS and scope != "expired" and target == "own_scope"
    if not allowed:
        assert (page.status_code, sent.status_code) == (404, 404), (page.status_code, sent.status_code)
        assert _budget_rows() == before and _budget_writes() == writes
        return
    assert (page.status_code, sent.status_code) == (200, 302)
    assert _budget_writes() == writes + 1  # audited
    after = {pk: row for pk, *row in _budget_rows()}
    if action == "edit":
        assert after[budget.pk] == [own.pk, 750, "NPR"]
    else:
        assert budget.pk not in after
    assert {pk: row for pk, *row in before if pk != budget.pk} == {k: v for k, v in after.items() if k != budget.pk}


def test_budgets_anonymous(world):
    client = Client()
    before = _budgets()
    pk = world["budget"].pk
    for response in (client.get("/monitoring/budgets/"), client.post("/monitoring/budgets/", {"amount": "1"}),
                     client.get(f"/monitoring/budgets/{pk}/edit/"),
                     client.post(f"/monitoring/budgets/{pk}/edit/", {"amount": "1"}),
                     client.get(f"/monitoring/budgets/{pk}/delete/"), client.post(f"/monitoring/budgets/{pk}/delete/")):
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert _budgets() == before
