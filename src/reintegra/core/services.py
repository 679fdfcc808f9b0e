"""Writes of platform data: accounts, memberships, organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit, grant_policy
from reintegra.core.models import Membership, Organization, Role, Sector, User
from reintegra.core.models_grants import GrantRequest, GrantStatus
from reintegra.core.permissions import has_org_perm


def system_admin_create(
    *, username: str, email: str, password: str, organization_name: str, country: str
) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("A user with that username already exists."))
    with transaction.atomic():
        organization, _created = Organization.objects.get_or_create(
            name=organization_name,
            defaults={"type": "national_coordination", "sector": Sector.PUBLIC, "country": country},
        )
        user = User.objects.create_user(username=username, email=email, password=password, is_staff=True)
        Membership.objects.create(user=user, organization=organization, role=Role.SYSTEM_ADMIN)
        audit.record(audit.Action.CREATE, actor=None, actor_label="cli", organization=organization, obj=user,
                     detail={"role": Role.SYSTEM_ADMIN})
    return user


def membership_grant(
    *, actor: Any, organization: Organization, user: User, role: str, area_scope: str = "", expires_on: Any = None
) -> Membership | GrantRequest:
    """Give `user` a role in `organization`.

    A role that can see survivor identity (or hand such roles out) is not granted at once: a pending
    `GrantRequest` is returned, which gives nothing until another administrator approves it
    (`grant_request_approve`). Other roles take effect immediately and a `Membership` is returned.
    """
    _check_may_grant(actor=actor, organization=organization, user=user, role=role)
    if grant_policy.needs_second_approval(role):
        return _grant_request_create(actor=actor, organization=organization, user=user, role=role,
                                     area_scope=area_scope, expires_on=expires_on)
    with transaction.atomic():
        return _membership_write(actor=actor, organization=organization, user=user, role=role,
                                 area_scope=area_scope, expires_on=expires_on)


def _check_may_grant(*, actor: Any, organization: Organization, user: User, role: str) -> None:
    if not has_org_perm(actor, "membership.manage", organization):
        raise PermissionDenied(_("You cannot manage members of this organisation."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError({"username": _("Ask another administrator to change your own roles.")})
    if role == Role.SYSTEM_ADMIN and not has_org_perm(actor, "organization.manage_all", organization):
        raise ValidationError({"role": _("Only a system administrator can make someone a system administrator.")})


def _membership_write(*, actor: Any, organization: Organization | int, user: User, role: str, area_scope: str,
                      expires_on: Any, **audit_detail: Any) -> Membership:
    org_id = organization.pk if isinstance(organization, Organization) else organization
    membership, _created = Membership.objects.update_or_create(
        user=user, organization_id=org_id, role=role,
        defaults={"area_scope": area_scope, "expires_on": expires_on, "is_active": True},
    )
    audit.record(audit.Action.UPDATE, actor=actor, organization=org_id, obj=membership,
                 detail={"user": user.pk, "role": role, "area_scope": area_scope,
                         "expires_on": str(expires_on or ""), **audit_detail})
    return membership


def _grant_request_create(*, actor: Any, organization: Organization, user: User, role: str, area_scope: str,
                          expires_on: Any) -> GrantRequest:
    with transaction.atomic():
        if GrantRequest.objects.filter(user=user, organization=organization, role=role,
                                       status=GrantStatus.PENDING).exists():
            raise ValidationError({"role": _("This role is already waiting for approval for this person.")})
        request = GrantRequest.objects.create(organization=organization, user=user, role=role,
                                              area_scope=area_scope, expires_on=expires_on, requested_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=request,
                     detail={"step": "requested", "user": user.pk, "role": role, "area_scope": area_scope,
                             "expires_on": str(expires_on or "")})
    return request


def _pending_for_decision(*, actor: Any, request_id: int, approving: bool) -> GrantRequest:
    """The pending request, locked, if `actor` may decide on it; otherwise an error and nothing changes.
    Rejecting (or withdrawing) is open to the requester; approving never is."""
    request = (GrantRequest.objects.select_for_update().select_related("organization", "user")
               .filter(pk=request_id, status=GrantStatus.PENDING).first())
    if request is None or not grant_policy.may_decide(actor, request.organization_id):
        raise GrantRequest.DoesNotExist
    if not approving:
        return request
    if actor.pk == request.requested_by_id:
        raise PermissionDenied(_("Another administrator must approve a grant you asked for."))
    if actor.pk == request.user_id:
        raise PermissionDenied(_("Another administrator must decide on a role for you."))
    if request.role == Role.SYSTEM_ADMIN and not grant_policy.is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator can make someone a system administrator."))
    return request


def grant_request_approve(*, actor: Any, request_id: int) -> Membership:
    """Second approval: a different administrator of the organisation, or a system admin, approves.
    Raises GrantRequest.DoesNotExist when the request is not pending or not the actor's to decide."""
    with transaction.atomic():
        request = _pending_for_decision(actor=actor, request_id=request_id, approving=True)
        request.status = GrantStatus.APPROVED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=request.organization_id, obj=request,
                     detail={"step": "approved", "requested_by": request.requested_by_id})
        return _membership_write(actor=actor, organization=request.organization_id, user=request.user,
                                 role=request.role, area_scope=request.area_scope, expires_on=request.expires_on,
                                 grant_request=request.pk, requested_by=request.requested_by_id)


def grant_request_reject(*, actor: Any, request_id: int) -> GrantRequest:
    with transaction.atomic():
        request = _pending_for_decision(actor=actor, request_id=request_id, approving=False)
        request.status = GrantStatus.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=request.organization_id, obj=request,
                     detail={"step": "rejected", "requested_by": request.requested_by_id})
    return request


def membership_revoke(*, actor: Any, membership: Membership) -> None:
    if not has_org_perm(actor, "membership.manage", membership.organization_id):
        raise PermissionDenied(_("You cannot manage members of this organisation."))
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=membership.organization_id, obj=membership,
                     detail={"revoked": True})


def staff_invite(*, actor: Any, organization: Organization, username: str, email: str, request: Any = None) -> User:
    """Create an account for a new colleague and e-mail them a link to choose their password."""
    if not has_org_perm(actor, "membership.manage", organization):
        raise PermissionDenied(_("You cannot manage members of this organisation."))
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("A user with that username already exists.")})
    if not email:
        raise ValidationError({"email": _("A new colleague needs an e-mail address to set their password.")})
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email)  # unusable password until reset
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=user)
        transaction.on_commit(lambda: _send_password_link(user, request))
    return user


def _send_password_link(user: User, request: Any) -> None:
    # Django's PasswordResetForm skips accounts without a usable password, which new ones are.
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    context = {
        "protocol": "https" if request is not None and request.is_secure() else "http",
        "domain": request.get_host() if request is not None else "localhost",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    body = render_to_string("core/password_reset_email.txt", context)
    send_mail(_("Your Reintegra account"), body, None, [user.email])
