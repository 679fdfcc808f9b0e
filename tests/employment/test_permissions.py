"""Every action of the economic pathway × every scope: anonymous, other organisation, wrong role,
expired membership, allowed. Survivor data answers 404 when forbidden (like missing)."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role

# (action, method, url, allowed role, wrong role, form data)
ACTIONS = [
    ("skills-view", "get", "/skills/case/{case}/", Role.TRAINER, Role.ME_OFFICER, None),
    ("skills-goal", "post", "/skills/case/{case}/goals/", Role.COUNSELLOR, Role.TRAINER,
     {"kind": "wage", "description": "Tailor"}),
    ("skills-suggest", "post", "/skills/case/{case}/suggest/", Role.COUNSELLOR,  # POST: no free text in URLs
     Role.EMPLOYER_LIAISON, {"text": "tailor", "kind": "occupation"}),
    ("training-case", "get", "/training/case/{case}/", Role.CASE_MANAGER, Role.ME_OFFICER, None),
    ("training-enrol", "post", "/training/case/{case}/", Role.COUNSELLOR, Role.EMPLOYER_LIAISON,
     {"programme": "{programme}"}),
    ("employment-case", "get", "/employment/case/{case}/", Role.EMPLOYER_LIAISON, Role.ME_OFFICER, None),
    ("employment-place", "post", "/employment/case/{case}/", Role.EMPLOYER_LIAISON, Role.COUNSELLOR,
     {"form": "placement", "employer": "{employer}", "kind": "wage", "job_title": "Tailor",
      "started_on": "2026-01-05", "contract_type": "permanent"}),
    ("api-skills", "get", "/api/v1/skills/{case}/confirm/", Role.COUNSELLOR, Role.TRAINER, None),
    ("api-matches", "get", "/api/v1/matches/{case}/", Role.CASE_MANAGER, Role.ME_OFFICER, None),
    ("api-placement", "post", "/api/v1/placements/", Role.EMPLOYER_LIAISON, Role.TRAINER,
     {"case": "{case}", "employer": "{employer}", "kind": "wage", "job_title": "Tailor", "started_on": "2026-01-05"}),
]
SCOPES = ["anonymous", "other_org", "wrong_role", "expired", "allowed"]


def _fill(value, ids):
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("name", "method", "url", "allowed", "wrong", "data"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_permission_matrix(world, programme, employer, make_member, client, scope, name, method, url, allowed, wrong,
                           data):
    ids = {"case": world.case.pk, "programme": programme.pk, "employer": employer.pk}
    if name == "api-skills":  # confirm is POST-only; use it to check a write through the API
        method, data = "post", {"kind": "occupation", "code": "7531"}
    user = None
    if scope == "other_org":
        user = make_member(world.other, allowed)
    elif scope == "wrong_role":
        user = make_member(world.shelter, wrong)
    elif scope == "expired":
        user = make_member(world.shelter, allowed, expired=True)
    elif scope == "allowed":
        user = make_member(world.shelter, allowed)
    if user is not None:
        world.case.team.add(user)  # even on the team, only the right role in the right organisation gets in
        client.force_login(user)
    target = _fill(url, ids)
    payload = _fill(data, ids) if data else None
    is_api = target.startswith("/api/")
    if method == "get":
        response = client.get(target)
    elif is_api:
        response = client.post(target, payload, content_type="application/json")
    else:
        response = client.post(target, payload)
    if scope == "anonymous":
        assert response.status_code in ((401, 403) if is_api else (302,))
        if not is_api:
            assert "/login/" in response["Location"]
    elif scope == "allowed":
        assert response.status_code in (200, 201, 302), (response.status_code, response.content[:500])
    else:
        assert response.status_code == 404, (name, scope, response.status_code)
