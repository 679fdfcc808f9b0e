"""Every role × action × scope of the case lifecycle, driven by the permission matrix.

Scopes: anonymous, member of another organisation, expired membership, each role of the owner
organisation (on the case team, so "assigned" roles are in scope). Out of scope must look like a
missing case (Http404); in scope without the permission is PermissionDenied.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reintegra.cases import selectors, services
from reintegra.core.models import Role
from reintegra.core.permissions import role_has

pytestmark = pytest.mark.django_db


def _view(actor, case, **_):
    selectors.case_get(user=actor, case_id=case.pk)


def _change(actor, case, **_):
    services.followup_record(actor=actor, case=case, method="phone")


def _screen(actor, case, **_):
    services.screening_record(actor=actor, case=case, age=30, indicators=["REC-I1", "WRK-C1"])


def _consent(actor, case, **_):
    services.case_consent_record(actor=actor, case=case, purpose="statistics", given=True)


def _share(actor, case, partner, **_):
    services.case_share(actor=actor, case=case, shared_with=partner, sections=["plan"], purpose="training")


def _close(actor, case, **_):
    services.case_close(actor=actor, case=case, reason="goals_met")


def _reopen(actor, case, owner_supervisor, **_):
    services.case_close(actor=owner_supervisor, case=case, reason="goals_met")
    services.case_reopen(actor=actor, case=case, note="The person came back for help")


# action -> (function, permission needed besides seeing the case)
ACTIONS = {
    "view": (_view, None),
    "change": (_change, "case.change"),
    "screen": (_screen, "case.change"),
    "consent": (_consent, "consent.record"),
    "share": (_share, "case.share"),
    "close": (_close, "case.close"),
    "reopen": (_reopen, "case.reopen"),
}


def _sees_team_case(role: str) -> bool:
    return role_has(role, "case.view_assigned") or role_has(role, "case.view_all")


@pytest.fixture
def world(org, make_org, make_member, make_case, case_manager, give_consent):
    partner = make_org(name="Partner")
    owner_supervisor = make_member(org, Role.SUPERVISOR, username="owner-sup")
    case = make_case(org, case_manager)
    give_consent(case, "sharing", shared_with=partner)
    return {"case": case, "partner": partner, "owner_supervisor": owner_supervisor}


def _run(action, actor, world):
    function, _perm = ACTIONS[action]
    function(actor, world["case"], partner=world["partner"], owner_supervisor=world["owner_supervisor"])


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", Role.values)
def test_role_in_owner_organisation(action, role, world, org, make_member):
    actor = make_member(org, role)
    world["case"].team.add(actor)
    _function, perm = ACTIONS[action]
    if not _sees_team_case(role):
        expected = Http404
    elif perm is not None and not role_has(role, perm):
        expected = PermissionDenied
    else:
        expected = None
    if expected is None:
        _run(action, actor, world)
    else:
        with pytest.raises(expected):
            _run(action, actor, world)


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_sees_nothing(action, world):
    with pytest.raises(Http404):
        _run(action, AnonymousUser(), world)


@pytest.mark.parametrize("action", ACTIONS)
def test_other_organisation_sees_nothing(action, world, make_org, make_member):
    stranger = make_member(make_org(), Role.SUPERVISOR)
    with pytest.raises(Http404):
        _run(action, stranger, world)


@pytest.mark.parametrize("action", ACTIONS)
def test_expired_membership_sees_nothing(action, world, org, make_member):
    former = make_member(org, Role.SUPERVISOR, expired=True)
    world["case"].team.add(former)
    with pytest.raises(Http404):
        _run(action, former, world)


def test_case_manager_not_on_the_case_sees_nothing(world, org, make_member):
    colleague = make_member(org, Role.CASE_MANAGER)
    for action in ACTIONS:
        with pytest.raises(Http404):
            _run(action, colleague, world)


def test_every_lifecycle_permission_is_granted_to_some_role():
    for _function, perm in ACTIONS.values():
        if perm:
            assert any(role_has(role, perm) for role in Role.values), perm


@pytest.mark.parametrize("role", Role.values)
def test_org_permissions_match_the_predicates(role, org, make_member, make_org):
    from reintegra.cases.policies import org_permissions
    from reintegra.core.permissions import all_permissions, has_org_perm

    user = make_member(org, role)
    held = org_permissions(user, org.pk)
    assert held == {p for p in all_permissions() if has_org_perm(user, p, org)}
    assert org_permissions(user, make_org().pk) == frozenset()
    expired = make_member(org, role, expired=True)
    assert org_permissions(expired, org.pk) == frozenset()
