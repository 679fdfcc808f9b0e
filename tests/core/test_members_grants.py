"""Four eyes on identity-bearing roles: an organisation admin asks, a different admin of the
organisation (or a system admin) approves; a pending request gives nothing; every step is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reintegra.cases.selectors import cases_visible_to
from reintegra.core import grant_policy, services
from reintegra.core.models import AuditEvent, GrantRequest, Membership, Role
from reintegra.core.permissions import has_any_perm, has_org_perm, matrix, roles_with

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The specification, written out by hand: a change of the matrix that alters it must show here.
GUARDED = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.SUPERVISOR, Role.ORG_ADMIN, Role.SYSTEM_ADMIN}


@pytest.fixture
def home(make_org):
    return make_org(name="Home")


@pytest.fixture
def admin(make_member, home):
    return make_member(home, Role.ORG_ADMIN, username="admin")


@pytest.fixture
def second_admin(make_member, home):
    return make_member(home, Role.ORG_ADMIN, username="admin2")


@pytest.fixture
def colleague(make_user):
    return make_user("colleague")


def _request(admin, home, colleague, role=Role.SUPERVISOR, **kwargs):
    return services.membership_grant(actor=admin, organization=home, user=colleague, role=role, **kwargs)


# --- Which roles --------------------------------------------------------------------------------

def test_guarded_roles_are_derived_from_the_matrix():
    assert grant_policy.roles_needing_second_approval() == GUARDED
    assert set(roles_with("survivor.view_identity")) <= grant_policy.roles_needing_second_approval()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_that_sees_identity_or_grants_roles_is_guarded(role):
    perms = matrix()[role]
    expected = "survivor.view_identity" in perms or "membership.manage" in perms
    assert grant_policy.needs_second_approval(role) is expected


# --- Requests give nothing ------------------------------------------------------------------------

@pytest.mark.parametrize("role", sorted(GUARDED - {Role.SYSTEM_ADMIN}))
def test_a_guarded_grant_is_only_a_request(admin, home, colleague, role):
    result = _request(admin, home, colleague, role=role)
    assert isinstance(result, GrantRequest) and result.status == "pending"
    assert not Membership.objects.filter(user=colleague).exists()
    assert not has_any_perm(colleague, "survivor.view_identity")
    assert not has_any_perm(colleague, "membership.manage")


@pytest.mark.parametrize("role", sorted(set(Role) - GUARDED))
def test_other_roles_take_effect_at_once(admin, home, colleague, role):
    result = _request(admin, home, colleague, role=role)
    assert isinstance(result, Membership) and result.is_active
    assert not GrantRequest.objects.exists()


def test_pending_supervisor_sees_no_case(admin, home, colleague, make_member, make_case):
    manager = make_member(home, Role.CASE_MANAGER, username="cm")
    make_case(home, manager)
    _request(admin, home, colleague, role=Role.SUPERVISOR)
    assert not cases_visible_to(user=colleague).exists()
    assert not has_org_perm(colleague, "case.view_all", home)


def test_a_second_request_for_the_same_role_is_refused(admin, home, colleague):
    _request(admin, home, colleague)
    with pytest.raises(ValidationError):
        _request(admin, home, colleague)
    assert GrantRequest.objects.count() == 1


# --- Who approves ---------------------------------------------------------------------------------

def test_another_admin_approves_and_the_role_takes_effect(admin, second_admin, home, colleague):
    request = _request(admin, home, colleague, area_scope="North")
    membership = services.grant_request_approve(actor=second_admin, request_id=request.pk)
    assert membership.role == Role.SUPERVISOR and membership.area_scope == "North"
    assert has_org_perm(colleague, "survivor.view_identity", home)
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == second_admin


def test_the_requester_cannot_approve_their_own_request(admin, home, colleague):
    request = _request(admin, home, colleague)
    with pytest.raises(PermissionDenied):
        services.grant_request_approve(actor=admin, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == "pending" and not Membership.objects.filter(user=colleague).exists()


def test_the_person_the_role_is_for_cannot_approve_it(admin, second_admin, home, make_member):
    third = make_member(home, Role.ORG_ADMIN, username="admin3")
    request = _request(admin, home, second_admin, role=Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        services.grant_request_approve(actor=second_admin, request_id=request.pk)
    services.grant_request_approve(actor=third, request_id=request.pk)
    assert Membership.objects.filter(user=second_admin, role=Role.SUPERVISOR).exists()


def test_single_admin_organisation_a_system_admin_approves(admin, home, colleague, make_org, make_member):
    root = make_member(make_org(name="National coordination"), Role.SYSTEM_ADMIN, username="root")
    request = _request(admin, home, colleague)
    services.grant_request_approve(actor=root, request_id=request.pk)
    assert has_org_perm(colleague, "survivor.view_identity", home)


def test_an_admin_of_another_organisation_cannot_decide(admin, home, colleague, make_org, make_member):
    stranger = make_member(make_org(name="Elsewhere"), Role.ORG_ADMIN, username="stranger")
    request = _request(admin, home, colleague)
    with pytest.raises(GrantRequest.DoesNotExist):
        services.grant_request_approve(actor=stranger, request_id=request.pk)
    with pytest.raises(GrantRequest.DoesNotExist):
        services.grant_request_reject(actor=stranger, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == "pending"


def test_rejected_requests_cannot_be_approved_later(admin, second_admin, home, colleague, make_member):
    third = make_member(home, Role.ORG_ADMIN, username="admin3")
    request = _request(admin, home, colleague)
    services.grant_request_reject(actor=second_admin, request_id=request.pk)
    with pytest.raises(GrantRequest.DoesNotExist):
        services.grant_request_approve(actor=third, request_id=request.pk)
    assert not Membership.objects.filter(user=colleague).exists()


def test_the_requester_may_withdraw(admin, home, colleague):
    request = _request(admin, home, colleague)
    services.grant_request_reject(actor=admin, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == "rejected"


def test_every_step_is_audited(admin, second_admin, home, colleague, make_user):
    approved = _request(admin, home, colleague)
    services.grant_request_approve(actor=second_admin, request_id=approved.pk)
    rejected = _request(admin, home, make_user("other"), role=Role.COUNSELLOR)
    services.grant_request_reject(actor=second_admin, request_id=rejected.pk)
    events = AuditEvent.objects.filter(object_type="core.grantrequest").order_by("id")
    steps = [(e.action, e.detail["step"], e.actor_id, e.object_id) for e in events]
    assert steps == [("create", "requested", admin.pk, str(approved.pk)),
                     ("update", "approved", second_admin.pk, str(approved.pk)),
                     ("create", "requested", admin.pk, str(rejected.pk)),
                     ("update", "rejected", second_admin.pk, str(rejected.pk))]
    membership = AuditEvent.objects.get(object_type="core.membership", actor=second_admin)
    assert membership.detail["grant_request"] == approved.pk and membership.detail["requested_by"] == admin.pk


# --- Pages: role × action × scope ---------------------------------------------------------------

SCOPES = ["same_organisation", "other_organisation", "expired_membership"]


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_decide_matrix(client, admin, home, colleague, make_member, make_org, role, scope, decision):
    request = _request(admin, home, colleague)
    if scope == "other_organisation":
        make_member(make_org(name="Elsewhere"), role, username="actor")
    else:
        make_member(home, role, username="actor", expired=scope == "expired_membership")
    client.login(username="actor", password=PASSWORD)
    confirm = client.get(reverse("core:grant_decide", args=[request.pk, decision]))
    response = client.post(reverse("core:grant_decide", args=[request.pk, decision]))
    request.refresh_from_db()
    # System admins act across organisations (an expired membership gives nothing anywhere).
    allowed = scope != "expired_membership" and (
        role == Role.SYSTEM_ADMIN or (role == Role.ORG_ADMIN and scope == "same_organisation"))
    assert confirm.status_code == (200 if allowed else 404)
    assert response.status_code == (302 if allowed else 404)
    assert request.status == ({"approve": "approved", "reject": "rejected"}[decision] if allowed else "pending")
    assert Membership.objects.filter(user=colleague).exists() is (allowed and decision == "approve")


def test_members_page_shows_pending_grants_with_approve_and_reject(client, admin, second_admin, home, colleague):
    request = _request(admin, home, colleague)
    client.login(username="admin2", password=PASSWORD)
    page = client.get(reverse("core:members")).content.decode()
    pending = page.split('id="pending-grants"')[1].split("</section>")[0]
    assert "colleague" in pending and "Supervisor" in pending and "admin" in pending
    assert reverse("core:grant_decide", args=[request.pk, "approve"]) in pending
    assert reverse("core:grant_decide", args=[request.pk, "reject"]) in pending
    # The requester sees it too, but may only withdraw it.
    client.login(username="admin", password=PASSWORD)
    own = client.get(reverse("core:members")).content.decode().split('id="pending-grants"')[1]
    assert reverse("core:grant_decide", args=[request.pk, "approve"]) not in own
    assert "Withdraw" in own


def test_confirmation_page_changes_nothing(client, admin, second_admin, home, colleague):
    request = _request(admin, home, colleague)
    client.login(username="admin2", password=PASSWORD)
    page = client.get(reverse("core:grant_decide", args=[request.pk, "approve"]))
    assert page.status_code == 200 and b"colleague" in page.content and b"Supervisor" in page.content
    request.refresh_from_db()
    assert request.status == "pending"


def test_requester_approving_through_the_page_gets_a_clear_refusal(client, admin, home, colleague):
    request = _request(admin, home, colleague)
    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("core:grant_decide", args=[request.pk, "approve"]))
    assert response.status_code == 403 and b"Another administrator must approve" in response.content
    request.refresh_from_db()
    assert request.status == "pending"


def test_unknown_decision_is_404(client, admin, second_admin, home, colleague):
    request = _request(admin, home, colleague)
    client.login(username="admin2", password=PASSWORD)
    assert client.post(reverse("core:grant_decide", args=[request.pk, "delete"])).status_code == 404


def test_granting_through_the_page_says_it_waits(client, admin, home, colleague):
    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("core:members"), {"organization": home.pk, "username": "colleague",
                                                     "role": Role.SUPERVISOR}, follow=True)
    assert b"another administrator must approve it" in response.content
    assert GrantRequest.objects.filter(user=colleague, status="pending").exists()
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_refused_grant_leaves_no_new_account(client, admin, home, make_user):
    from reintegra.core.models import User

    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("core:members"), {"organization": home.pk, "username": "newbie",
                                                     "email": "n@example.org", "role": Role.SYSTEM_ADMIN})
    assert response.status_code == 400
    assert not User.objects.filter(username="newbie").exists()


# --- Browser ------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_request_then_approve(login_page, live_server, make_org, make_member, make_user):
    home = make_org(name="Home")
    make_member(home, Role.ORG_ADMIN, username="admin")
    make_member(home, Role.ORG_ADMIN, username="admin2")
    colleague = make_user("colleague")
    page = login_page("admin")
    page.goto(f"{live_server.url}/members/")
    page.locator("#id_username").fill("colleague")
    page.locator("#id_role").select_option(Role.SUPERVISOR)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=another administrator must approve it")
    assert "colleague" in page.locator("#pending-grants").inner_text()
    assert page.locator("#pending-grants").get_by_role("link", name="Approve").count() == 0
    assert not Membership.objects.filter(user=colleague).exists()
    page.context.clear_cookies()

    page = login_page("admin2")
    page.goto(f"{live_server.url}/members/")
    page.locator("#pending-grants").get_by_role("link", name="Approve").click()
    page.wait_for_selector("text=asked that colleague act as Supervisor")
    assert not Membership.objects.filter(user=colleague).exists()  # confirmation first
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=colleague now has the role Supervisor")
    assert "Nothing is waiting for approval" in page.locator("#pending-grants").inner_text()
    assert Membership.objects.filter(user=colleague, role=Role.SUPERVISOR, is_active=True).exists()
    assert GrantRequest.objects.get().decided_by.username == "admin2"
