"""The case: one survivor's journey with one owner organisation, its phases and closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class CaseStatus(models.TextChoices):
    """HTCDS 2.0 cas_Status value names."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (transferred)")


class Phase(models.TextChoices):
    """Phases of case study 1 (Different & Equal, Albania), plus follow-up after exit."""

    CRISIS = "crisis", _("Crisis intervention (months 1–6)")
    STABILISATION = "stabilisation", _("Stabilisation and transition (months 7–12)")
    INCLUSION = "inclusion", _("Social inclusion (months 13–36)")
    POST_EXIT = "post_exit", _("Follow-up after exit (up to 5 years)")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Reintegration goals met")
    FOLLOW_UP_ENDED = "follow_up_ended", _("Follow-up period ended")
    SURVIVOR_DECLINED = "survivor_declined", _("Survivor chose to stop")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    MOVED_AWAY = "moved_away", _("Moved out of the area")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


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
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.CRISIS)
    phase_started_on = models.DateField(_("phase started on"), default=timezone.localdate)
    exited_on = models.DateField(_("left the programme on"), null=True, blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=30, choices=ClosureReason.choices,
                                      blank=True)
    closure_note = EncryptedTextField(_("closure note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "-opened_on"], name="case_org_status"),
            models.Index(fields=["case_manager", "status"], name="case_manager_status"),
            # Read by the statistics refresh (changed cases); first created by monitoring 0004, hence the name.
            models.Index(fields=["updated_at"], name="monitoring_case_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.survivor.code} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP)


class PhaseChange(models.Model):
    """History of phases: one row each time the case moves to a phase."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    started_on = models.DateField(_("started on"))
    note = EncryptedTextField(_("note"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.phase} from {self.started_on}"


class CaseEvent(models.Model):
    """Closures and reopenings, with the reason, shown in the case history."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField(default=timezone.localdate)
    reason = models.CharField(max_length=30, blank=True)
    note = EncryptedTextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.on}"
