"""Personalised needs assessment (section 3c) and outcome assessment."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedJSONField, EncryptedTextField


class Readiness(models.TextChoices):
    NOT_YET = "not_yet", _("Not ready yet")
    PREPARING = "preparing", _("Getting ready")
    READY = "ready", _("Ready to start")


class NeedsAssessment(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="needs_assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # {dimension code: {"level": none|some|priority, "note": "..."}} — codes in data/needs_assessment.yaml
    dimensions = EncryptedJSONField(default=dict, blank=True)
    # {"1": true|false|null, ...} — checklist 3c
    checklist = models.JSONField(default=dict, blank=True)
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    needs_transport = models.BooleanField(_("needs transport"), default=False)
    schedule_constraints = models.BooleanField(_("has schedule constraints"), default=False)
    constraints_note = EncryptedTextField(_("constraints"), blank=True)
    aspirations = EncryptedTextField(_("aspirations, in the person's own words"), blank=True)
    readiness = models.CharField(_("readiness"), max_length=10, choices=Readiness.choices,
                                 default=Readiness.NOT_YET)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"needs assessment {self.pk} of case {self.case_id}"


class Horizon(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate")
    INTERMEDIATE = "intermediate", _("Intermediate")
    LONG_TERM = "long_term", _("Long-term")


class Need(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="needs")
    horizon = models.CharField(_("horizon"), max_length=15, choices=Horizon.choices)
    dimension = models.CharField(_("dimension"), max_length=30, blank=True)
    description = EncryptedTextField(_("need"), max_length=300, validators=[MaxLengthValidator(300)])
    met = models.BooleanField(_("met"), default=False)

    class Meta:
        ordering = ["horizon", "id"]

    def __str__(self) -> str:
        return self.description


class Timepoint(models.TextChoices):
    INTAKE = "intake", _("Intake")
    MONTH_6 = "month_6", _("6 months")
    YEAR_1 = "year_1", _("Year 1")
    YEAR_2 = "year_2", _("Year 2")
    YEAR_3 = "year_3", _("Year 3")
    YEAR_4 = "year_4", _("Year 4")
    YEAR_5 = "year_5", _("Year 5")


OUTCOME_DOMAINS = [
    ("safety", _("Safety")),
    ("legal_protection", _("Legal protection")),
    ("mental_wellbeing", _("Mental wellbeing")),
    ("economic_empowerment", _("Economic empowerment and education")),
    ("social_support", _("Social support")),
    ("physical_wellbeing", _("Physical wellbeing")),
]
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class OutcomeAssessment(models.Model):
    """Scores 1 (very poor) to 5 (very good) per domain, at intake, 6 months, then yearly."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="outcomes")
    timepoint = models.CharField(_("time point"), max_length=10, choices=Timepoint.choices)
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    safety = models.PositiveSmallIntegerField(_("Safety"), validators=SCORE)
    legal_protection = models.PositiveSmallIntegerField(_("Legal protection"), validators=SCORE)
    mental_wellbeing = models.PositiveSmallIntegerField(_("Mental wellbeing"), validators=SCORE)
    economic_empowerment = models.PositiveSmallIntegerField(_("Economic empowerment and education"),
                                                            validators=SCORE)
    social_support = models.PositiveSmallIntegerField(_("Social support"), validators=SCORE)
    physical_wellbeing = models.PositiveSmallIntegerField(_("Physical wellbeing"), validators=SCORE)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "timepoint"], name="outcome_once_per_timepoint")]

    def __str__(self) -> str:
        return f"outcomes {self.timepoint} of case {self.case_id}"

    def scores(self) -> dict[str, int]:
        return {code: getattr(self, code) for code, _label in OUTCOME_DOMAINS}
