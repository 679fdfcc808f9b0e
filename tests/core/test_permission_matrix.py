"""Every role × action × scope cell of the platform's permission matrix, through the real views.

EXPECTED is the specification, written out by hand (not read from permissions.yaml), so a change
to the matrix file that widens access makes these tests fail.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reintegra.cases.models import Case
from reintegra.core.models import BreakGlassGrant, Role

from ..conftest import PASSWORD

ACTIONS = ["view_assigned_case", "view_other_case", "open_case", "view_identity", "view_audit",
           "break_glass", "api_view_case"]
EXPECTED: dict[str, set[str]] = {
    Role.CASE_MANAGER: {"view_assigned_case", "open_case", "view_identity", "break_glass", "api_view_case"},
    Role.COUNSELLOR: {"view_assigned_case", "view_identity", "api_view_case"},
    Role.TRAINER: {"view_assigned_case", "api_view_case"},
    Role.EMPLOYER_LIAISON: {"view_assigned_case", "api_view_case"},
    Role.SUPERVISOR: {"view_assigned_case", "view_other_case", "open_case", "view_identity", "view_audit",
                      "api_view_case"},
    Role.ME_OFFICER: set(),
    Role.ORG_ADMIN: {"view_audit"},
    Role.NETWORK_COORDINATOR: set(),
    Role.SYSTEM_ADMIN: set(),
}
SCOPES = ["allowed", "other_organisation", "expired_membership"]


@pytest.fixture
def world(make_org, make_member, make_case):
    home = make_org(name="Home NGO")
    elsewhere = make_org(name="Other NGO")
    owner = make_member(home, Role.CASE_MANAGER, username="owner")
    return {
        "home": home,
        "elsewhere": elsewhere,
        "assigned": make_case(home, owner, given_name="Asha"),
        "other": make_case(home, owner, given_name="Rina"),
    }


def _member(make_member, world, role, scope):
    if scope == "other_organisation":
        return make_member(world["elsewhere"], role, username="actor")
    return make_member(world["home"], role, username="actor", expired=scope == "expired_membership")


def perform(client, action: str, world) -> bool:
    """Try `action`; return True when the application allowed it."""
    assigned, other = world["assigned"], world["other"]
    if action == "view_assigned_case":
        return client.get(reverse("cases:detail", args=[assigned.pk])).status_code == 200
    if action == "view_other_case":
        return client.get(reverse("cases:detail", args=[other.pk])).status_code == 200
    if action == "open_case":
        home_cases = Case.objects.filter(organization=world["home"])
        before = home_cases.count()
        client.post(reverse("cases:open"), {"given_name": "Nadia", "gender": "Feminine"})
        return home_cases.count() == before + 1
    if action == "view_identity":
        response = client.get(reverse("cases:detail", args=[assigned.pk]))
        return response.status_code == 200 and "Asha Tamang" in response.content.decode()
    if action == "view_audit":
        response = client.get(reverse("core:audit"), {"object_id": assigned.pk})
        return response.status_code == 200 and f"cases.case #{assigned.pk}" in response.content.decode()
    if action == "break_glass":
        # Granted = a grant now exists and opens the case (a supervisor already sees it: no grant needed).
        client.post(reverse("cases:break_glass", args=[other.pk]),
                    {"reason": "Survivor called the hotline in danger; manager unreachable"})
        granted = BreakGlassGrant.objects.filter(case=other).exists()
        return granted and client.get(reverse("cases:detail", args=[other.pk])).status_code == 200
    if action == "api_view_case":
        return client.get(f"/api/v1/cases/{assigned.pk}/").status_code == 200
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(Role))
def test_role_action_scope(client, make_member, world, role, action, scope):
    actor = _member(make_member, world, role, scope)
    world["assigned"].team.add(actor)  # on the team in every scope: the team alone must not grant access
    assert client.login(username="actor", password=PASSWORD)
    allowed = perform(client, action, world)
    expected = scope == "allowed" and action in EXPECTED[role]
    assert allowed is expected, f"{role} {action} {scope}: allowed={allowed}"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_is_refused_everything(client, world, action):
    assert perform(client, action, world) is False


@pytest.mark.django_db
def test_area_scoped_supervisor_sees_only_their_area(client, make_member, make_case, world):
    owner = world["assigned"].case_manager
    south_case = make_case(world["home"], owner, given_name="Lina", admin_area="South")
    make_member(world["home"], Role.SUPERVISOR, username="actor", area_scope="South")
    assert client.login(username="actor", password=PASSWORD)
    assert client.get(reverse("cases:detail", args=[south_case.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[world["other"].pk])).status_code == 404


@pytest.mark.django_db
def test_forbidden_case_looks_exactly_like_missing(client, make_member, world):
    make_member(world["elsewhere"], Role.SUPERVISOR, username="actor")
    assert client.login(username="actor", password=PASSWORD)
    forbidden = client.get(reverse("cases:detail", args=[world["other"].pk]))
    missing = client.get(reverse("cases:detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    api_forbidden = client.get(f"/api/v1/cases/{world['other'].pk}/")
    api_missing = client.get("/api/v1/cases/999999/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()
