"""Opportunities offered by employers, placements of survivors and their retention checks (3g)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField

RETENTION_MONTHS = (1, 3, 6, 12)


class Schedule(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    SHIFTS = "shifts", _("Shifts")
    FLEXIBLE = "flexible", _("Flexible")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SEASONAL = "seasonal", _("Seasonal")
    TRAINING = "training", _("Training agreement")
    NONE = "none", _("No written contract")


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        INTERNSHIP = "internship", _("Internship")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        ON_THE_JOB = "on_the_job", _("On-the-job training")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("employment.Employer", on_delete=models.PROTECT, related_name="opportunities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.JOB)
    title = models.CharField(_("title"), max_length=200)
    isco_code = models.CharField(_("occupation (ISCO-08)"), max_length=4)
    skills = models.TextField(_("skills wanted (ESCO URIs, one a line)"), blank=True)
    admin_area = models.CharField(_("area"), max_length=100)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), default=40)
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.FULL_TIME)
    monthly_wage = models.DecimalField(_("monthly wage"), max_digits=10, decimal_places=2, null=True, blank=True)
    contract_type = models.CharField(_("contract"), max_length=12, choices=ContractType.choices,
                                     default=ContractType.PERMANENT)
    min_literacy = models.CharField(_("literacy needed"), max_length=12, blank=True)
    suits_early_stage = models.BooleanField(
        _("suits someone early in reintegration (simple tasks, supportive supervisor)"), default=False)
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    deadline = models.DateField(_("apply by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "admin_area", "isco_code"], name="opportunity_open_area_isco")]

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    @property
    def skill_codes(self) -> set[str]:
        return {line.strip() for line in self.skills.splitlines() if line.strip()}


class IndexVersion(models.Model):
    """One row counting changes to opportunities and employers, so matching processes know when
    their in-memory index of opportunities is stale."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.version)


class Placement(models.Model):
    class Kind(models.TextChoices):
        WAGE = "wage", _("Wage employment")
        INTERNSHIP = "internship", _("Internship")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        SELF = "self", _("Self-employment")

    class EndReason(models.TextChoices):
        CONTRACT_ENDED = "contract_ended", _("Contract ended")
        RESIGNED_BETTER = "resigned_better", _("Left for a better job")
        RESIGNED = "resigned", _("Resigned")
        DISMISSED = "dismissed", _("Dismissed")
        ABUSE = "abuse", _("Left because of abuse or unsafe conditions")
        HEALTH = "health", _("Health or care duties")
        OTHER = "other", _("Other")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="placements")
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="placements")
    employer = models.ForeignKey("employment.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="placements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WAGE)
    job_title = models.CharField(_("job title"), max_length=200)
    isco_code = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    started_on = models.DateField(_("started on"))
    monthly_wage = models.DecimalField(_("monthly wage"), max_digits=10, decimal_places=2, null=True, blank=True)
    contract_type = models.CharField(_("contract"), max_length=12, choices=ContractType.choices,
                                     default=ContractType.PERMANENT)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=16, choices=EndReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["organization", "started_on"], name="placement_org_started")]

    def __str__(self) -> str:
        return f"{self.job_title} from {self.started_on}"


class RetentionCheck(models.Model):
    """A follow-up at 1, 3, 6 or 12 months after a placement starts, created with the placement."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="retention_checks")
    month = models.PositiveSmallIntegerField(_("month"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still in the job"), null=True)
    monthly_wage = models.DecimalField(_("monthly wage now"), max_digits=10, decimal_places=2, null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied with the work"), null=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["placement", "month"], name="retention_once_per_month")]
        indexes = [models.Index(fields=["organization", "done_on", "due_on"], name="retention_due")]

    def __str__(self) -> str:
        return f"{self.month}-month check due {self.due_on}"
