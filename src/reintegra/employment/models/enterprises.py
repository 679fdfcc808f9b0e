"""Self-employment: enterprises with a business plan, start-up support and viability follow-ups;
mentoring, coaching, job-search support and refresher sessions (3g)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class Enterprise(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Business plan in preparation")
        STARTED = "started", _("Trading")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="enterprises")
    name = models.CharField(_("business name"), max_length=200)
    isco_code = models.CharField(_("trade (ISCO-08)"), max_length=4, blank=True)
    isic_section = models.CharField(_("sector (ISIC Rev.4 section)"), max_length=1, blank=True)
    admin_area = models.CharField(_("area"), max_length=100, blank=True)
    business_plan = EncryptedTextField(_("business plan summary"), blank=True)
    plan_approved_on = models.DateField(_("plan approved on"), null=True, blank=True)
    started_on = models.DateField(_("started trading on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNING)
    is_group = models.BooleanField(_("group or cooperative enterprise"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.name


class StartupSupport(models.Model):
    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan")
        CO_FINANCING = "co_financing", _("Co-financing (e.g. 50/50)")
        EQUIPMENT = "equipment", _("Equipment or stock")
        TRAINING = "training", _("Business training")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    amount = models.DecimalField(_("amount given"), max_digits=12, decimal_places=2, default=0)
    own_contribution = models.DecimalField(_("entrepreneur's contribution"), max_digits=12, decimal_places=2,
                                           default=0)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class ViabilityCheck(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="viability_checks")
    checked_on = models.DateField(_("checked on"), default=timezone.localdate)
    trading = models.BooleanField(_("still trading"), default=True)
    monthly_income = models.DecimalField(_("monthly net income"), max_digits=12, decimal_places=2, null=True,
                                         blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["checked_on"]

    def __str__(self) -> str:
        return f"{self.enterprise} on {self.checked_on}"


class SupportSession(models.Model):
    class Kind(models.TextChoices):
        MENTORING = "mentoring", _("Mentoring")
        COACHING = "coaching", _("Coaching")
        JOB_SEARCH = "job_search", _("Job-search support")
        REFRESHER = "refresher", _("Refresher course")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    mentor = EncryptedTextField(_("mentor or coach"), blank=True,
                                help_text=_("May be a peer survivor: stored encrypted."))
    peer_survivor_mentor = models.BooleanField(_("mentor is a peer survivor"), default=False)
    # The registered mentor or coach (optional; older sessions only have the typed name above).
    registered_mentor = models.ForeignKey("employment.Mentor", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="sessions", verbose_name=_("registered mentor or coach"))
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"
