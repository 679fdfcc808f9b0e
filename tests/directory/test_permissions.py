"""Directory pages: every role × action in the right organisation follows the permission matrix;
and for each action, anonymous / other organisation / wrong role / expired / allowed."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.core.permissions import role_has
from tests.conftest import PASSWORD
from tests.directory.factories import make_provider, make_service

# action -> (permission, method, url builder, member organisation matters)
ACTIONS = {
    "service_list": ("directory.view", "get", lambda s: "/directory/", False),
    "service_detail": ("directory.view", "get", lambda s: f"/directory/services/{s.pk}/", False),
    "export": ("directory.view", "get", lambda s: "/directory/export.json", False),
    "coverage": ("directory.coverage", "get", lambda s: "/directory/coverage/", False),
    "import": ("directory.manage", "get", lambda s: "/directory/import/", False),
    "provider_new": ("directory.manage", "get", lambda s: "/directory/providers/new/", False),
    "assess": ("directory.assess", "get", lambda s: f"/directory/providers/{s.provider_id}/assess/", False),
    "service_new": ("directory.edit_own", "get", lambda s: f"/directory/providers/{s.provider_id}/services/new/",
                    True),
    "capacity_update": ("directory.edit_own", "post", lambda s: f"/directory/services/{s.pk}/", True),
}
MANAGERS = {"directory.manage"}  # a coordinator may edit any provider


def _allowed(role: str, perm: str) -> bool:
    if perm == "directory.edit_own":
        return role_has(role, perm) or role_has(role, "directory.manage")
    return role_has(role, perm)


@pytest.fixture
def setting(make_org):
    member = make_org(name="Provider org")
    service = make_service(make_provider(member=member), places_available=3)
    return member, service


def _request(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, {"places_available": "1", "waiting_days": "2", "accepts_referrals": "on"})


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role(setting, make_member, client, role, action):
    member, service = setting
    perm, method, url_for, _own = ACTIONS[action]
    user = make_member(member, role)
    client.login(username=user.username, password=PASSWORD)
    response = _request(client, method, url_for(service))
    expected = {200} if method == "get" else {302}
    assert (response.status_code in expected) == _allowed(role, perm), (role, action, response.status_code)
    if response.status_code not in expected:
        assert response.status_code == 404


ALLOWED_ROLE = {"directory.view": Role.TRAINER, "directory.coverage": Role.ME_OFFICER,
                "directory.manage": Role.NETWORK_COORDINATOR, "directory.assess": Role.SUPERVISOR,
                "directory.edit_own": Role.ORG_ADMIN}
WRONG_ROLE = {"directory.coverage": Role.TRAINER, "directory.manage": Role.ORG_ADMIN,
              "directory.assess": Role.CASE_MANAGER, "directory.edit_own": Role.CASE_MANAGER}


@pytest.mark.parametrize("scope", ["anonymous", "other_organisation", "wrong_role", "expired", "allowed"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_scopes(setting, make_org, make_member, make_user, client, action, scope):
    member, service = setting
    perm, method, url_for, own = ACTIONS[action]
    role = ALLOWED_ROLE[perm]
    if scope == "other_organisation" and not own:
        pytest.skip("network-wide directory: the role counts in any organisation")
    if scope == "wrong_role" and perm not in WRONG_ROLE:
        user = make_user()  # every role may read the directory: only no membership at all is wrong
    else:
        user = {
            "anonymous": lambda: None,
            "other_organisation": lambda: make_member(make_org(name="Other"), role),
            "wrong_role": lambda: make_member(member, WRONG_ROLE[perm]),
            "expired": lambda: make_member(member, role, expired=True),
            "allowed": lambda: make_member(member, role),
        }[scope]()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    response = _request(client, method, url_for(service))
    service.refresh_from_db()
    if scope == "allowed":
        assert response.status_code == (200 if method == "get" else 302)
        if action == "capacity_update":
            assert service.places_available == 1
    elif scope == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 404, (action, scope, response.status_code)
    if scope != "allowed":
        assert service.places_available == 3
