"""Role × action × scope for the planning pages and API.

Scopes: anonymous, member of another organisation, wrong role, expired membership, allowed.
The expected matrix is written out here so that a change to permissions.yaml shows up as a failure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reintegra.core.models import Role
from reintegra.planning import nap_services, services

ALLOWED = {
    "checklist.view": {"case_manager", "counsellor", "trainer", "employer_liaison", "supervisor", "me_officer",
                       "org_admin", "network_coordinator"},
    "checklist.answer": {"supervisor", "me_officer", "org_admin", "network_coordinator"},
    "nap.view": {"supervisor", "me_officer", "org_admin", "network_coordinator"},
    "nap.change": {"network_coordinator"},
    "nap.report": {"me_officer", "network_coordinator"},
}
# action -> (permission needed, permission that lets you see but not do it)
ACTIONS = {
    "view_assessment": ("checklist.view", None),
    "answer": ("checklist.answer", "checklist.view"),
    "export_assessment": ("checklist.view", None),
    "view_plan": ("nap.view", None),
    "change_plan": ("nap.change", "nap.view"),
    "report": ("nap.report", None),
    "api_view_assessment": ("checklist.view", None),
    "api_answer": ("checklist.answer", "checklist.view"),
    "api_view_plan": ("nap.view", None),
    "api_change_plan": ("nap.change", "nap.view"),
}


@pytest.fixture
def world(make_org, make_member):
    home = make_org(name="Home")
    owner = make_member(home, Role.NETWORK_COORDINATOR, username="owner")
    assessment = services.assessment_create(actor=owner, organization=home, period_label="2026",
                                            period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    plan = nap_services.plan_create(actor=owner, organization=home, title="Plan", country="NP",
                                    period_start=dt.date(2026, 1, 1), period_end=dt.date(2030, 12, 31),
                                    long_term_goal="Goal")
    return {"home": home, "other": make_org(name="Elsewhere"), "assessment": assessment, "plan": plan}


def perform(client, action, world):
    a, p = world["assessment"].pk, world["plan"].pk
    if action == "view_assessment":
        return client.get(f"/planning/assessments/{a}/")
    if action == "answer":
        return client.post(f"/planning/assessments/{a}/sections/3e/", {"3e.1-answer": "yes"})
    if action == "export_assessment":
        return client.get(f"/planning/assessments/{a}/export.xlsx")
    if action == "view_plan":
        return client.get(f"/planning/plans/{p}/")
    if action == "change_plan":
        return client.post(f"/planning/plans/{p}/add/objective/", {"objective-pillar": "prevention",
                                                                   "objective-title": "Awareness"})
    if action == "report":
        return client.get(f"/planning/plans/{p}/report.xlsx?year=2026")
    if action == "api_view_assessment":
        return client.get(f"/api/v1/planning/assessments/{a}/")
    if action == "api_answer":
        return client.post(f"/api/v1/planning/assessments/{a}/answers/", {"item_id": "3e.1", "answer": "yes"},
                           content_type="application/json")
    if action == "api_view_plan":
        return client.get(f"/api/v1/planning/plans/{p}/")
    if action == "api_change_plan":
        return client.post(f"/api/v1/planning/plans/{p}/objectives/", {"pillar": "prevention", "title": "A"},
                           content_type="application/json")
    raise AssertionError(action)


def success(action, response):
    return response.status_code in (200, 201, 302) and not (
        response.status_code == 302 and "/login" in response.headers.get("Location", ""))


def expected_status(action, role):
    needed, readable = ACTIONS[action]
    if role in ALLOWED[needed]:
        return "ok"
    if readable and role in ALLOWED[readable]:
        return 403
    return 404


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", Role.values)
def test_role_matrix_in_own_organisation(client, world, make_member, role, action):
    user = make_member(world["home"], role)
    client.force_login(user)
    response = perform(client, action, world)
    expected = expected_status(action, role)
    if expected == "ok":
        assert success(action, response), response.status_code
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_anonymous_is_sent_to_login_or_refused(client, world, action):
    response = perform(client, action, world)
    if action.startswith("api_"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_same_role_in_another_organisation_sees_nothing(client, world, make_member, action):
    client.force_login(make_member(world["other"], Role.NETWORK_COORDINATOR))
    assert perform(client, action, world).status_code == 404


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_expired_membership_sees_nothing(client, world, make_member, action):
    client.force_login(make_member(world["home"], Role.NETWORK_COORDINATOR, expired=True))
    assert perform(client, action, world).status_code == 404


def test_allowed_writes_are_effective(client, world, make_member):
    client.force_login(make_member(world["home"], Role.NETWORK_COORDINATOR))
    perform(client, "answer", world)
    perform(client, "api_change_plan", world)
    assert world["assessment"].answers.get(item_id="3e.1").answer == "yes"
    assert world["plan"].objectives.get().title == "A"
