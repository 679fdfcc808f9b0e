"""Individual reintegration plan: goals, actions, reviews and the survivor's agreement."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class GoalArea(models.TextChoices):
    EDUCATION = "education", _("Education")
    WAGE_EMPLOYMENT = "wage_employment", _("Wage employment")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")
    TRAINING = "training", _("Vocational training")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal")
    HEALTH = "health", _("Health and psycho-social")
    FINANCIAL = "financial", _("Financial")
    SOCIAL_CARE = "social_care", _("Social care and family")
    OTHER = "other", _("Other")


# HTCDS 2.0 spl_Type value for each goal area, for interchange.
HTCDS_PLAN_TYPE = {
    "education": "Education", "wage_employment": "Livelihood", "self_employment": "Livelihood",
    "training": "Education", "housing": "SocialCare", "legal": "Legal", "health": "Health",
    "financial": "Financial", "social_care": "SocialCare", "other": "LabourExploitationRehabilitation",
}


class ReintegrationPlan(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    objectives = EncryptedTextField(_("objectives"), blank=True)
    language = models.CharField(_("language of the printed plan"), max_length=8, default="en")
    agreed_by_survivor = models.BooleanField(_("the survivor agrees with the plan"), default=False)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreement_note = EncryptedTextField(_("how the agreement was given"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"plan of case {self.case_id}"


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class PlanGoal(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=20, choices=GoalArea.choices)
    description = EncryptedTextField(_("goal"), max_length=300, validators=[MaxLengthValidator(300)])
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=GoalStatus.choices, default=GoalStatus.PLANNED)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description

    @property
    def htcds_type(self) -> str:
        return HTCDS_PLAN_TYPE[self.area]


class ActionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanAction(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedTextField(_("action"), max_length=300, validators=[MaxLengthValidator(300)])
    responsible_organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = EncryptedTextField(_("responsible person"), max_length=150, blank=True,
                                            validators=[MaxLengthValidator(150)])
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=ActionStatus.choices, default=ActionStatus.TODO)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class PlanReview(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = EncryptedTextField(_("review"))

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"review {self.reviewed_on} of plan {self.plan_id}"
