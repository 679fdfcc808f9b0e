"""Organisation admins manage memberships of their own organisation only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from reintegra.core.models import AuditEvent, GrantRequest, Membership, Role, User

from ..conftest import PASSWORD

SCOPES = ["allowed", "other_organisation", "expired_membership"]
MANAGERS = {Role.ORG_ADMIN, Role.SYSTEM_ADMIN}


@pytest.fixture
def home(make_org):
    return make_org(name="Home")


def _actor(make_member, make_org, home, role, scope):
    if scope == "other_organisation":
        return make_member(make_org(name="Elsewhere"), role, username="actor")
    return make_member(home, role, username="actor", expired=scope == "expired_membership")


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_grant_role_matrix(client, make_member, make_org, make_user, home, role, scope):
    _actor(make_member, make_org, home, role, scope)
    target = make_user("colleague")
    client.login(username="actor", password=PASSWORD)
    client.post(reverse("core:members"), {"organization": home.pk, "username": "colleague",
                                          "role": Role.TRAINER})
    granted = Membership.objects.filter(user=target, organization=home).exists()
    assert granted is (scope == "allowed" and role in MANAGERS)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_request_identity_role_matrix(client, make_member, make_org, make_user, home, role, scope):
    """Only admins of the organisation may ask for an identity-bearing role, and asking grants nothing."""
    _actor(make_member, make_org, home, role, scope)
    target = make_user("colleague")
    client.login(username="actor", password=PASSWORD)
    client.post(reverse("core:members"), {"organization": home.pk, "username": "colleague",
                                          "role": Role.CASE_MANAGER})
    assert not Membership.objects.filter(user=target).exists()
    requested = GrantRequest.objects.filter(user=target, organization=home, status="pending").exists()
    assert requested is (scope == "allowed" and role in MANAGERS)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
def test_revoke_matrix(client, make_member, make_org, home, role, scope):
    _actor(make_member, make_org, home, role, scope)
    target = make_member(home, Role.CASE_MANAGER, username="colleague")
    membership = Membership.objects.get(user=target)
    client.login(username="actor", password=PASSWORD)
    client.post(reverse("core:member_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert (not membership.is_active) is (scope == "allowed" and role in MANAGERS)


@pytest.mark.django_db
def test_new_colleague_gets_a_password_link_and_the_grant_is_audited(client, make_member, home,
                                                                     django_capture_on_commit_callbacks):
    make_member(home, Role.ORG_ADMIN, username="admin")
    client.login(username="admin", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:members"), {"organization": home.pk, "username": "newbie",
                                                         "email": "newbie@example.org", "role": Role.TRAINER,
                                                         "expires_on": "2030-01-01"})
    assert response.status_code == 302
    newbie = User.objects.get(username="newbie")
    assert not newbie.has_usable_password()
    assert Membership.objects.get(user=newbie).expires_on.isoformat() == "2030-01-01"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newbie@example.org"]
    assert AuditEvent.objects.filter(action="update", object_type="core.membership").exists()


@pytest.mark.django_db
def test_new_account_without_email_is_refused_and_nothing_is_created(client, make_member, home):
    make_member(home, Role.ORG_ADMIN, username="admin")
    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("core:members"), {"organization": home.pk, "username": "ghost",
                                                     "role": Role.TRAINER})
    assert response.status_code == 400 and b"e-mail" in response.content
    assert not User.objects.filter(username="ghost").exists()


@pytest.mark.django_db
def test_revoke_asks_for_confirmation_first(client, make_member, home):
    make_member(home, Role.ORG_ADMIN, username="admin")
    target = make_member(home, Role.CASE_MANAGER, username="colleague")
    membership = Membership.objects.get(user=target)
    client.login(username="admin", password=PASSWORD)
    page = client.get(reverse("core:member_revoke", args=[membership.pk]))
    assert page.status_code == 200 and b"colleague" in page.content
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.django_db
def test_admins_cannot_grant_themselves_a_role(client, make_member, home):
    admin = make_member(home, Role.ORG_ADMIN, username="admin")
    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("core:members"), {"organization": home.pk, "username": "admin",
                                                     "role": Role.SUPERVISOR})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=admin, role=Role.SUPERVISOR).exists()


@pytest.mark.django_db
def test_only_system_admins_create_system_admins(client, make_member, make_user, home):
    make_member(home, Role.ORG_ADMIN, username="admin")
    colleague = make_user("colleague")
    client.login(username="admin", password=PASSWORD)
    client.post(reverse("core:members"), {"organization": home.pk, "username": "colleague",
                                          "role": Role.SYSTEM_ADMIN})
    assert not Membership.objects.filter(user=colleague).exists()
    make_member(home, Role.SYSTEM_ADMIN, username="root")
    make_member(home, Role.SYSTEM_ADMIN, username="root2")
    client.login(username="root", password=PASSWORD)
    client.post(reverse("core:members"), {"organization": home.pk, "username": "colleague",
                                          "role": Role.SYSTEM_ADMIN})
    request = GrantRequest.objects.get(user=colleague, role=Role.SYSTEM_ADMIN)
    # An organisation admin cannot approve it; another system admin can.
    client.login(username="admin", password=PASSWORD)
    client.post(reverse("core:grant_decide", args=[request.pk, "approve"]))
    assert not Membership.objects.filter(user=colleague).exists()
    client.login(username="root2", password=PASSWORD)
    client.post(reverse("core:grant_decide", args=[request.pk, "approve"]))
    assert Membership.objects.filter(user=colleague, role=Role.SYSTEM_ADMIN).exists()
