"""The case: one survivor's journey with one owner organisation. (Minimal shell; the lifecycle
— screening, needs, plan, phases, follow-ups — is built on top of it.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """HTCDS 2.0 cas_Status value names."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (transferred)")


class Case(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="cases", verbose_name=_("owner organisation")
    )
    survivor = models.ForeignKey("people.Survivor", on_delete=models.PROTECT, related_name="cases")
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="managed_cases", verbose_name=_("case manager"),
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="team_cases")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    admin_area = models.CharField(_("administrative area"), max_length=100, blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "-opened_on"], name="case_org_status"),
            models.Index(fields=["case_manager", "status"], name="case_manager_status"),
        ]

    def __str__(self) -> str:
        return f"{self.survivor.code} ({self.get_status_display()})"
