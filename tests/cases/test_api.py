"""The case-lifecycle API: scoped reads, service writes, consent enforcement, duplicates, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.core.models import Role

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api(case_manager):
    client = APIClient()
    client.force_authenticate(case_manager)
    return client


def test_open_case_reports_duplicates_with_409(api, case, org):
    payload = {"organization": org.pk, "given_name": "Maya", "family_name": "Tamang", "birth_date": "1994-03-02"}
    response = api.post(f"{API}/cases/", payload, format="json")
    assert response.status_code == 409
    assert response.json()["duplicates"][0]["survivor_code"] == case.survivor.code
    assert response.json()["duplicates"][0]["exact"] is True
    response = api.post(f"{API}/cases/", {**payload, "confirm_new_person": True}, format="json")
    assert response.status_code == 201


def test_whole_lifecycle_over_the_api(api, case, partner_org):
    base = f"{API}/cases/{case.pk}"
    r = api.post(f"{base}/screenings/", {"age": 15, "indicators": ["CHD-4A"]}, format="json")
    assert r.status_code == 201 and r.json()["forced_labour"] and r.json()["child"]
    r = api.post(f"{base}/screenings/", {"age": 30, "indicators": ["BOGUS"]}, format="json")
    assert r.status_code == 400 and "BOGUS" in str(r.json())
    r = api.put(f"{base}/identification/", {"identified_by": "hotline", "mechanism_stage": "referred"},
                format="json")
    assert r.status_code == 200
    r = api.post(f"{base}/exploitation/", {"form": "trafficking", "isic_division": "14", "country": "MY",
                                           "methods_of_control": ["WithholdsDocuments"]}, format="json")
    assert r.status_code == 201 and r.json()["isic_section"] == "C"
    needs = {"dimensions": {"skills": {"level": "priority", "note": ""}}, "checklist": {"6": True},
             "needs": [{"horizon": "immediate", "description": "Shelter"}], "readiness": "preparing"}
    r = api.post(f"{base}/needs-assessments/", needs, format="json")
    assert r.status_code == 403  # no consent to services yet
    r = api.post(f"{base}/consents/", {"purpose": "services", "given": True}, format="json")
    assert r.status_code == 201
    r = api.post(f"{base}/needs-assessments/", needs, format="json")
    assert r.status_code == 201 and r.json()["needs"][0]["description"] == "Shelter"
    r = api.post(f"{base}/shares/", {"shared_with": partner_org.pk, "sections": ["plan"], "purpose": "course"},
                 format="json")
    assert r.status_code == 403
    api.post(f"{base}/consents/", {"purpose": "sharing", "shared_with": partner_org.pk, "given": True},
             format="json")
    r = api.post(f"{base}/shares/", {"shared_with": partner_org.pk, "sections": ["plan"], "purpose": "course"},
                 format="json")
    assert r.status_code == 201
    assert len(api.get(f"{base}/consents/").json()) == 2
    r = api.put(f"{base}/plan/", {"objectives": "Garment work", "language": "en", "agreed_by_survivor": True},
                format="json")
    assert r.status_code == 200
    goal = api.post(f"{base}/plan/goals/", {"area": "training", "description": "Sewing course"}, format="json")
    assert goal.status_code == 201
    r = api.post(f"{base}/plan/actions/", {"goal": goal.json()["id"], "description": "Enrol",
                                           "responsible_organization": partner_org.pk}, format="json")
    assert r.status_code == 201
    assert api.get(f"{base}/plan/").json()["goals"][0]["htcds_type"] == "Education"
    scores = {"timepoint": "intake", "safety": 2, "legal_protection": 2, "mental_wellbeing": 2,
              "economic_empowerment": 1, "social_support": 3, "physical_wellbeing": 4}
    assert api.post(f"{base}/outcomes/", scores, format="json").status_code == 201
    r = api.put(f"{base}/protection/", {"is_migrant": True, "reflection_starts_on": str(timezone.localdate())},
                format="json")
    assert r.status_code == 200 and r.json()["reflection_ends_on"]
    r = api.post(f"{base}/follow-ups/", {"method": "phone", "wellbeing": 4, "employment_status": "in_training"},
                 format="json")
    assert r.status_code == 201
    r = api.post(f"{base}/phase/", {"phase": "stabilisation"}, format="json")
    assert r.status_code == 201 and r.json()["phase"] == "stabilisation"
    r = api.post(f"{base}/close/", {"reason": "goals_met"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "Closed"
    assert api.post(f"{base}/reopen/", {"note": "She asked for help again"}, format="json").status_code == 403


def test_follow_ups_due_lists_only_visible_cases(api, case, make_case, make_org, make_member):
    other = make_org()
    theirs = make_case(other, make_member(other, Role.CASE_MANAGER), given_name="Other", family_name="Person")
    from reintegra.cases.models import FollowUp

    FollowUp.objects.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    codes = [row["survivor_code"] for row in api.get(f"{API}/follow-ups/due/").json()["results"]]
    assert codes == [case.survivor.code] and theirs.survivor.code not in codes


@pytest.mark.parametrize("method, suffix", [("get", "screenings/"), ("post", "screenings/"), ("get", "plan/"),
                                            ("get", "consents/"), ("post", "close/")])
def test_other_organisation_gets_404(case, make_org, make_member, method, suffix):
    client = APIClient()
    client.force_authenticate(make_member(make_org(), Role.SUPERVISOR))
    response = getattr(client, method)(f"{API}/cases/{case.pk}/{suffix}", {}, format="json")
    assert response.status_code == 404


def test_anonymous_is_refused(case):
    assert APIClient().get(f"{API}/cases/{case.pk}/screenings/").status_code in (401, 403)


def test_screening_catalogue_and_evaluate(api):
    catalogue = api.get(f"{API}/screening/catalogue/").json()
    assert len(catalogue["ilo_indicators"]) == 11
    r = api.post(f"{API}/screening/evaluate/", {"age": 40, "indicators": ["WRK-I2"]}, format="json")
    assert r.status_code == 200 and r.json()["forced_labour"] is False
    r = api.post(f"{API}/screening/evaluate/", {"age": 40, "indicators": ["X"]}, format="json")
    assert r.status_code == 400


def test_item_statuses_over_the_api(api, case, case_manager, give_consent):
    from reintegra.cases import services

    give_consent(case, "services")
    services.plan_save(actor=case_manager, case=case, objectives="Work")
    goal = services.plan_goal_add(actor=case_manager, case=case, area="training", description="Course")
    action = services.plan_action_add(actor=case_manager, case=case, goal=goal, description="Enrol")
    base = f"{API}/cases/{case.pk}/item-status/"
    assert api.post(base, {"kind": "action", "id": action.pk, "status": "done"}, format="json").status_code == 200
    assert api.post(base, {"kind": "goal", "id": goal.pk, "status": "nonsense"}, format="json").status_code == 400
    assert api.post(base, {"kind": "need", "id": 999, "status": "met"}, format="json").status_code == 400
    action.refresh_from_db()
    assert action.status == "done"
