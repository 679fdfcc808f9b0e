"""Writes of platform data: accounts, memberships, organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Membership, Organization, Role, Sector, User
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
) -> Membership:
    if not has_org_perm(actor, "membership.manage", organization):
        raise PermissionDenied(_("You cannot manage members of this organisation."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError({"username": _("Ask another administrator to change your own roles.")})
    if role == Role.SYSTEM_ADMIN and not has_org_perm(actor, "organization.manage_all", organization):
        raise ValidationError({"role": _("Only a system administrator can make someone a system administrator.")})
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organization=organization, role=role,
            defaults={"area_scope": area_scope, "expires_on": expires_on, "is_active": True},
        )
        audit.record(audit.Action.UPDATE, actor=actor, organization=organization, obj=membership,
                     detail={"user": user.pk, "role": role, "area_scope": area_scope,
                             "expires_on": str(expires_on or "")})
    return membership


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
