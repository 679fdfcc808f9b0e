"""Employers, their vetting against decent-work criteria and public registers of employers found
using forced labour (3b.3, 3b.4, 3g.2), awareness sessions and employer accounts. The survivor's consent
to tell an employer about their status lives with every other consent, in `people.Consent`
(purpose `employer_disclosure`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The decent-work criteria checked when vetting (field name -> label).
DECENT_WORK_CRITERIA = {
    "written_contracts": _("Gives written contracts"),
    "minimum_wage": _("Pays at least the minimum wage"),
    "safety_health": _("Safe and healthy workplace"),
    "freedom_of_association": _("Respects freedom of association"),
    "no_recruitment_fees": _("Charges workers no recruitment fees"),
}


class Employer(models.Model):
    class Size(models.TextChoices):
        MICRO = "micro", _("Micro (1–9)")
        SMALL = "small", _("Small (10–49)")
        MEDIUM = "medium", _("Medium (50–249)")
        LARGE = "large", _("Large (250+)")

    class Partnership(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ENGAGED = "engaged", _("Engaged")
        PARTNER = "partner", _("Partner (agreement signed)")
        SUSPENDED = "suspended", _("Suspended")

    class Vetting(models.TextChoices):
        NOT_VETTED = "not_vetted", _("Not vetted")
        APPROVED = "approved", _("Approved")
        CONDITIONS = "conditions", _("Approved with conditions")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("recorded by"))
    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(_("tax or registration number"), max_length=40, blank=True)
    isic_section = models.CharField(_("sector (ISIC Rev.4 section)"), max_length=1, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    admin_area = models.CharField(_("area"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    partnership = models.CharField(_("partnership"), max_length=10, choices=Partnership.choices,
                                   default=Partnership.PROSPECT)
    written_contracts = models.BooleanField(DECENT_WORK_CRITERIA["written_contracts"], default=False)
    minimum_wage = models.BooleanField(DECENT_WORK_CRITERIA["minimum_wage"], default=False)
    safety_health = models.BooleanField(DECENT_WORK_CRITERIA["safety_health"], default=False)
    freedom_of_association = models.BooleanField(DECENT_WORK_CRITERIA["freedom_of_association"], default=False)
    no_recruitment_fees = models.BooleanField(DECENT_WORK_CRITERIA["no_recruitment_fees"], default=False)
    vetting = models.CharField(_("vetting"), max_length=12, choices=Vetting.choices, default=Vetting.NOT_VETTED)
    vetted_on = models.DateField(_("vetted on"), null=True, blank=True)
    vetted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    vetting_notes = models.TextField(_("vetting notes"), blank=True)
    register_hit = models.ForeignKey("employment.RegisterEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("listed in a forced-labour register"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["admin_area", "vetting"], name="employer_area_vetting")]

    def __str__(self) -> str:
        return self.name

    @property
    def criteria_met(self) -> list[str]:
        return [name for name in DECENT_WORK_CRITERIA if getattr(self, name)]

    @property
    def meets_decent_work(self) -> bool:
        return len(self.criteria_met) == len(DECENT_WORK_CRITERIA)

    @property
    def can_receive_placements(self) -> bool:
        return self.register_hit_id is None and self.vetting in (self.Vetting.APPROVED, self.Vetting.CONDITIONS)


class RegisterEntry(models.Model):
    """One employer listed in a public register of employers found using forced labour
    (for example Brazil's "Cadastro de Empregadores"), imported from CSV."""

    source = models.CharField(_("register"), max_length=200)
    name = models.CharField(_("employer name"), max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True)
    tax_id = models.CharField(_("tax number"), max_length=40, blank=True, db_index=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.source})"


class AwarenessSession(models.Model):
    """An awareness or de-stigmatisation session held with an employer's staff (3g.2)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="awareness_sessions")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)

    def __str__(self) -> str:
        return f"{self.employer} · {self.held_on}"


class EmployerAccount(models.Model):
    """Links a login to an employer, for the employer's own view (which never shows case data)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_account")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="accounts")

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer}"
