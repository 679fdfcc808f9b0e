"""Notices about referrals and transfers: in-app and e-mail, never with survivor identity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from reintegra.core.models import Membership
from reintegra.core.permissions import roles_with
from reintegra.referrals.models import Notification


def staff_with(perm: str, organization_id: int, admin_area: str | None = None) -> list[Any]:
    """Active staff of the organisation holding `perm`; with `admin_area`, only those whose membership
    reaches that area (area-limited staff are not told of cases they could not open)."""
    memberships = Membership.objects.active().filter(organization_id=organization_id, role__in=roles_with(perm))
    if admin_area is not None:
        memberships = memberships.filter(Q(area_scope="") | Q(area_scope=admin_area))
    return list({m.user for m in memberships.select_related("user")})


def notify(*, users: list[Any], organization_id: int, message: str, url: str = "") -> None:
    """`message` must name no survivor: a reference number, organisations, dates only."""
    Notification.objects.bulk_create([Notification(user=u, organization_id=organization_id, message=message[:300],
                                                   url=url) for u in users])
    recipients = [u.email for u in users if u.email]
    if recipients:
        subject = f"Reintegra: {message[:80]}"
        body = f"{message}\n\nSign in to Reintegra to see the details."
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients,
                                                fail_silently=True))
