"""Role × action × scope for referral, matching, outcome and directory pages and APIs.

Scopes: anonymous, other organisation (right role elsewhere), wrong role (right organisation),
expired membership (right role and organisation), allowed. Forbidden looks like missing (404).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.core.models import Role
from reintegra.referrals.models import Status
from tests.conftest import PASSWORD

# action -> (organisation the right role is held in, allowed role, wrong role, method, url builder)
ACTIONS = {
    "referral_detail": ("provider_org", Role.TRAINER, Role.ME_OFFICER, "get",
                        lambda n, r: f"/referrals/{r.pk}/"),
    "referral_accept": ("provider_org", Role.CASE_MANAGER, Role.ME_OFFICER, "post",
                        lambda n, r: f"/referrals/{r.pk}/accept/"),
    "shared_case_api": ("provider_org", Role.COUNSELLOR, Role.ORG_ADMIN, "api",
                        lambda n, r: f"/api/v1/referrals/{r.pk}/shared-case/"),
    "referral_cancel": ("shelter", Role.SUPERVISOR, Role.TRAINER, "post",
                        lambda n, r: f"/referrals/{r.pk}/cancel/"),
    "match": ("shelter", Role.SUPERVISOR, Role.ME_OFFICER, "get", lambda n, r: f"/referrals/match/{n.case.pk}/"),
    "referral_new": ("shelter", Role.SUPERVISOR, Role.ME_OFFICER, "get", lambda n, r: f"/referrals/new/{n.case.pk}/"),
    "transfer_new": ("shelter", Role.SUPERVISOR, Role.ME_OFFICER, "get",
                     lambda n, r: f"/referrals/transfers/new/{n.case.pk}/"),
    "outcomes": ("shelter", Role.ME_OFFICER, Role.TRAINER, "get", lambda n, r: "/referrals/outcomes/"),
    "coverage": ("shelter", Role.ME_OFFICER, Role.ORG_ADMIN, "get", lambda n, r: "/directory/coverage/"),
    "assess": ("shelter", Role.SUPERVISOR, Role.TRAINER, "get",
               lambda n, r: f"/directory/providers/{n.service.provider_id}/assess/"),
}
# Network-wide aggregate pages: the right role in any organisation is the right scope.
ORG_INDEPENDENT = {"outcomes", "coverage", "assess"}
SCOPES = ["anonymous", "other_organisation", "wrong_role", "expired", "allowed"]


def _client(user):
    client = APIClient()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(network, sent_referral, make_member, action, scope):
    org_name, allowed_role, wrong_role, method, url_for = ACTIONS[action]
    org = getattr(network, org_name)
    if scope == "other_organisation" and action in ORG_INDEPENDENT:
        pytest.skip("aggregate page: the organisation holding the role does not narrow it")
    user = {
        "anonymous": lambda: None,
        "other_organisation": lambda: make_member(network.other, allowed_role),
        "wrong_role": lambda: make_member(org, wrong_role),
        "expired": lambda: make_member(org, allowed_role, expired=True),
        "allowed": lambda: make_member(org, allowed_role),
    }[scope]()
    url = url_for(network, sent_referral)
    client = _client(user)
    if method == "get":
        response = client.get(url)
    elif method == "post":
        response = client.post(url, {"reason": "no longer needed"})
    else:
        response = client.get(url, HTTP_ACCEPT="application/json")
    sent_referral.refresh_from_db()
    if scope == "allowed":
        assert response.status_code in ({200} if method != "post" else {302}), response.status_code
        if action == "referral_accept":
            assert sent_referral.status == Status.ACCEPTED
        if action == "referral_cancel":
            assert sent_referral.status == Status.CANCELLED
        return
    if scope == "anonymous":
        assert response.status_code in {302, 401, 403}
        if response.status_code == 302:
            assert "/login/" in response["Location"]
    else:
        assert response.status_code == 404, (action, scope, response.status_code)
    assert sent_referral.status == Status.SENT


@pytest.mark.parametrize("scope", SCOPES)
def test_hsds_api_needs_an_active_membership(network, make_member, make_user, scope):
    user = {
        "anonymous": lambda: None,
        "other_organisation": lambda: make_member(network.other, Role.TRAINER),
        "wrong_role": lambda: make_user(),  # no membership at all: no role grants directory.view
        "expired": lambda: make_member(network.shelter, Role.TRAINER, expired=True),
        "allowed": lambda: make_member(network.shelter, Role.TRAINER),
    }[scope]()
    response = _client(user).get("/api/v1/hsds/services")
    if scope in {"allowed", "other_organisation"}:  # the directory is shared by the whole network
        assert response.status_code == 200 and response.json()["total_items"] == 1
    elif scope == "anonymous":
        assert response.status_code in {401, 403}
    else:
        assert response.status_code == 404


def test_recipient_list_shows_incoming_but_not_case_identity(network, sent_referral):
    client = _client(network.provider_staff)
    page = client.get("/referrals/").content.decode()
    assert f"R-{sent_referral.pk}" in page
    assert "Maya" not in page
    detail = client.get(f"/referrals/{sent_referral.pk}/").content.decode()
    assert "Do not contact" in detail
    assert network.case.survivor.phone not in detail


def _sees_case(role):
    from reintegra.core.permissions import role_has

    return role_has(role, "case.view_all")


EXPECTED = {  # action -> predicate over the role (held in the action's organisation)
    "referral_detail": lambda r, has: has(r, "referral.respond"),
    "referral_accept": lambda r, has: has(r, "referral.respond"),
    "shared_case_api": lambda r, has: has(r, "referral.respond"),
    "referral_cancel": lambda r, has: has(r, "referral.create") and _sees_case(r),
    "match": lambda r, has: has(r, "directory.match") and _sees_case(r),
    "referral_new": lambda r, has: has(r, "referral.create") and _sees_case(r),
    "transfer_new": lambda r, has: _sees_case(r),
    "outcomes": lambda r, has: has(r, "referral.outcomes"),
    "coverage": lambda r, has: has(r, "directory.coverage"),
    "assess": lambda r, has: has(r, "directory.assess"),
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role(network, sent_referral, make_member, role, action):
    from reintegra.core.permissions import role_has

    org_name, _allowed, _wrong, method, url_for = ACTIONS[action]
    user = make_member(getattr(network, org_name), role)
    client = _client(user)
    url = url_for(network, sent_referral)
    if method == "get":
        response = client.get(url)
    elif method == "post":
        response = client.post(url, {"reason": "no longer needed"})
    else:
        response = client.get(url, HTTP_ACCEPT="application/json")
    allowed = EXPECTED[action](role, role_has)
    ok = {302} if method == "post" else {200}
    assert (response.status_code in ok) == allowed, (role, action, response.status_code)
    if not allowed:
        assert response.status_code == 404
