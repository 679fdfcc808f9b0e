"""Role × action × scope for the employment pages outside a case: employers, opportunities, the
employer login link, register import, portal, retention due, market and trades.

Rosters, opportunities and appraisals are shared across the network (`shared`): another
organisation holding the permission may use them; changing a record stays with the organisation
that recorded it. Without the permission (wrong role, expired membership) every page answers 404."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.employment.models import AwarenessSession, Employer, EmployerAccount, Opportunity, TradeInDemand
from reintegra.employment.services.employers import opportunity_create
from reintegra.employment.services.enterprises import appraisal_create
from reintegra.employment.services.placements import placement_create

CRITERIA = {"written_contracts": "on", "minimum_wage": "on", "safety_health": "on",
            "freedom_of_association": "on", "no_recruitment_fees": "on"}

# (name, method, url, allowed role, wrong role, data, shared)
ACTIONS = [
    ("employer-list", "get", "/employment/employers/", Role.CASE_MANAGER, Role.ME_OFFICER, None, True),
    ("employer-new", "post", "/employment/employers/new/", Role.EMPLOYER_LIAISON, Role.CASE_MANAGER,
     {"name": "New Bakery", "admin_area": "North", "partnership": "prospect"}, True),
    ("employer-detail", "get", "/employment/employers/{employer}/", Role.CASE_MANAGER, Role.ME_OFFICER, None, True),
    ("employer-vet", "post", "/employment/employers/{employer}/", Role.SUPERVISOR, Role.CASE_MANAGER,
     {"form": "vetting", "decision": "conditions", "notes": "Check contracts in June", **CRITERIA}, False),
    ("employer-awareness", "post", "/employment/employers/{employer}/", Role.EMPLOYER_LIAISON, Role.COUNSELLOR,
     {"form": "awareness", "held_on": "2026-03-01", "topic": "Hiring survivors", "participants": 5}, False),
    ("employer-account", "post", "/employment/employers/{employer}/", Role.EMPLOYER_LIAISON, Role.CASE_MANAGER,
     {"form": "account", "username": "boss"}, False),
    ("register-import", "get", "/employment/registers/import/", Role.NETWORK_COORDINATOR, Role.CASE_MANAGER, None,
     True),
    ("opportunity-list", "get", "/employment/", Role.CASE_MANAGER, Role.ME_OFFICER, None, True),
    ("opportunity-new", "post", "/employment/opportunities/new/", Role.EMPLOYER_LIAISON, Role.COUNSELLOR,
     {"employer": "{employer}", "kind": "job", "title": "Baker", "isco_code": "7512", "admin_area": "North",
      "hours_per_week": 40, "schedule": "full_time", "contract_type": "permanent", "openings": 1}, True),
    ("opportunity-detail", "get", "/employment/opportunities/{opportunity}/", Role.CASE_MANAGER, Role.ME_OFFICER,
     None, True),
    ("opportunity-edit", "post", "/employment/opportunities/{opportunity}/edit/", Role.SUPERVISOR, Role.COUNSELLOR,
     {"employer": "{employer}", "kind": "job", "title": "Head machinist", "isco_code": "7531", "admin_area": "North",
      "hours_per_week": 40, "schedule": "full_time", "contract_type": "permanent", "openings": 1}, False),
    ("retention-due", "get", "/employment/retention/due/", Role.EMPLOYER_LIAISON, Role.ME_OFFICER, None, True),
    ("market", "get", "/employment/market/", Role.ME_OFFICER, Role.ORG_ADMIN, None, True),
    ("trade-add", "post", "/employment/market/{appraisal}/trades/", Role.COUNSELLOR, Role.CASE_MANAGER,
     {"isco_code": "7531", "evidence": "Workshops hiring", "observed_on": "2026-03-01"}, False),
]
SCOPES = ["anonymous", "other_org", "wrong_role", "expired", "allowed"]


def _effect(name, world, employer, opportunity):
    """Did the write happen? (None for reads.)"""
    employer.refresh_from_db()
    opportunity.refresh_from_db()
    return {
        "employer-new": lambda: Employer.objects.filter(name="New Bakery").exists(),
        "employer-vet": lambda: employer.vetting == Employer.Vetting.CONDITIONS,
        "employer-awareness": lambda: AwarenessSession.objects.exists(),
        "employer-account": lambda: EmployerAccount.objects.filter(user__username="boss").exists(),
        "opportunity-new": lambda: Opportunity.objects.filter(title="Baker").exists(),
        "opportunity-edit": lambda: opportunity.title == "Head machinist",
        "trade-add": lambda: TradeInDemand.objects.exists(),
    }.get(name, lambda: None)()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("name", "method", "url", "allowed", "wrong", "data", "shared"), ACTIONS,
                         ids=[a[0] for a in ACTIONS])
def test_network_permission_matrix(world, employer, make_member, make_user, client, scope, name, method, url,
                                   allowed, wrong, data, shared):
    make_user("boss")
    opportunity = opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer,
                                     title="Sewing machinist", isco_code="7531", admin_area="North")
    appraisal = appraisal_create(actor=world.liaison, organization=world.shelter, admin_area="North",
                                 kind="sector_study", title="Garments", conducted_on=world.today)
    placement = placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                                 started_on=world.today.replace(year=world.today.year - 1))
    assert placement.retention_checks.exists()
    user = {"other_org": lambda: make_member(world.other, allowed),
            "wrong_role": lambda: make_member(world.shelter, wrong),
            "expired": lambda: make_member(world.shelter, allowed, expired=True),
            "allowed": lambda: make_member(world.shelter, allowed)}.get(scope, lambda: None)()
    if user is not None:
        client.force_login(user)
    ids = {"employer": employer.pk, "opportunity": opportunity.pk, "appraisal": appraisal.pk}
    target = url.format(**ids)
    payload = {k: v.format(**ids) if isinstance(v, str) else v for k, v in (data or {}).items()}
    response = client.get(target) if method == "get" else client.post(target, payload)
    done = _effect(name, world, employer, opportunity)
    code = world.case.survivor.code
    if scope == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not done
    elif scope == "allowed" or (scope == "other_org" and shared):
        assert response.status_code in (200, 302), (name, scope, response.status_code)
        assert done in (None, True), (name, scope)
        if scope == "other_org" and response.status_code == 200:
            assert code not in response.content.decode()  # shared pages never carry another org's cases
    else:
        assert response.status_code == 404, (name, scope, response.status_code)
        assert not done, (name, scope)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_the_portal_is_only_for_employer_logins(world, employer, make_member, client, role):
    client.force_login(make_member(world.shelter, role))
    assert client.get("/employment/portal/").status_code == 404


def test_the_portal_needs_a_login(client):
    response = client.get("/employment/portal/")
    assert response.status_code == 302 and "/login/" in response["Location"]
