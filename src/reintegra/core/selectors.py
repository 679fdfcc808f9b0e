"""Reads of platform data that need scoping: the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from reintegra.core.models import AuditEvent, Membership
from reintegra.core.permissions import organizations_with


def audit_events_visible_to(*, user: Any) -> QuerySet[AuditEvent]:
    """Events of the organisations where `user` holds audit.view, plus logins of their members."""
    org_ids = organizations_with(user, "audit.view")
    if not org_ids:
        return AuditEvent.objects.none()
    member_ids = Membership.objects.filter(organization_id__in=org_ids).values("user_id")
    return AuditEvent.objects.filter(
        Q(organization_id__in=org_ids) | Q(organization__isnull=True, actor_id__in=member_ids)
    ).select_related("organization")
