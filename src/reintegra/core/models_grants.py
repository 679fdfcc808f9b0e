"""Requests for a role that needs a second administrator's approval (see core.grants).

A request gives no permission by itself: permissions come only from `Membership` rows, and the
membership is written when another administrator approves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class GrantRequest(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="grant_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_requests")
    role = models.CharField(_("role"), max_length=30)
    area_scope = models.CharField(_("area scope"), max_length=100, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("role grant request")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], condition=models.Q(status="pending"),
                                    name="grantrequest_one_pending_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization_id} · {self.role} · {self.status}"

    @property
    def role_label(self) -> str:
        from reintegra.core.models import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role
