"""Protection flags of a case: child, migrant reflection period, safety, non-punishment; shares."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class SafetyRisk(models.TextChoices):
    NONE = "none", _("No known risk")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High — act now")


class Protection(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="protection")
    # Child (R203 §10c: presume a child when age is uncertain and there are reasons to believe so)
    age_uncertain = models.BooleanField(_("age is uncertain"), default=False)
    presumed_minor = models.BooleanField(_("presumed to be a child"), default=False)
    guardian_name = EncryptedTextField(_("guardian"), blank=True)
    guardian_contact = EncryptedTextField(_("guardian contact"), blank=True)
    # Migrant: recovery and reflection period (R203 §11a)
    is_migrant = models.BooleanField(_("migrant"), default=False)
    reflection_jurisdiction = models.CharField(_("jurisdiction of the reflection period"), max_length=2,
                                               blank=True)
    reflection_days = models.PositiveSmallIntegerField(_("reflection period (days)"), null=True, blank=True)
    reflection_starts_on = models.DateField(_("reflection period starts (reasonable grounds)"), null=True,
                                            blank=True)
    reflection_ends_on = models.DateField(_("reflection period ends"), null=True, blank=True)
    # Safety and non-punishment (P029 Art. 4(2))
    safety_risk = models.CharField(_("safety risk"), max_length=10, choices=SafetyRisk.choices,
                                   default=SafetyRisk.NONE)
    safety_note = EncryptedTextField(_("safety measures"), blank=True)
    non_punishment_note = EncryptedTextField(
        _("non-punishment note"), blank=True,
        help_text=_("Offences the person was compelled to commit while exploited, and steps taken so they are "
                    "not punished for them (Protocol P029, Art. 4(2))."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["reflection_ends_on"], name="protection_reflection_end")]

    def __str__(self) -> str:
        return f"protection of case {self.case_id}"

    def reflection_days_left(self, today=None) -> int | None:
        if not self.reflection_ends_on:
            return None
        return (self.reflection_ends_on - (today or timezone.localdate())).days


class Section(models.TextChoices):
    """Parts of a case that can be shared with another organisation."""

    SUMMARY = "summary", _("Summary and phase")
    CONTACT = "contact", _("Contact details")
    NEEDS = "needs", _("Needs assessment")
    PLAN = "plan", _("Reintegration plan")
    SCREENING = "screening", _("Screening and exploitation history")
    FOLLOW_UPS = "follow_ups", _("Follow-ups")


class CaseShare(models.Model):
    """A disclosure of sections of a case to a named organisation, backed by consent or an override."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shares")
    shared_with = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("shared with"))
    sections = models.JSONField(_("sections"), default=list)
    purpose = EncryptedTextField(_("purpose"), max_length=200, validators=[MaxLengthValidator(200)])
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = EncryptedTextField(max_length=200, blank=True, validators=[MaxLengthValidator(200)])
    consent_override_reason = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["case", "ended_on"], name="share_case_active")]

    def __str__(self) -> str:
        return f"case {self.case_id} → {self.shared_with_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
