"""Planning: ILO checklist self-assessments and National Action Plans (NAPs).

Checklist items are reference data (data/checklists.yaml) and are referred to by their id, e.g.
"3b.2.12"; legal references of NAP objectives are ids of data/nap_reference.yaml, e.g. "R203-9(f)".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class AssessmentScope(models.TextChoices):
    ORGANIZATION = "organization", _("Organisation")
    NETWORK = "network", _("Network / country")


class SelfAssessment(models.Model):
    """One organisation's (or one network's) answers to the checklists for one period."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT,
                                     related_name="self_assessments", verbose_name=_("organisation"))
    scope = models.CharField(_("scope"), max_length=20, choices=AssessmentScope.choices,
                             default=AssessmentScope.ORGANIZATION)
    period_label = models.CharField(_("period"), max_length=40)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization_id", "-period_start"]
        verbose_name = _("self-assessment")
        constraints = [
            models.UniqueConstraint(fields=["organization", "scope", "period_start"],
                                    name="assessment_unique_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="assessment_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.period_label}"


class ChecklistAnswer(models.Model):
    """The human answer to one checklist item. Evidence rules never write here."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(_("item"), max_length=12)
    answer = models.CharField(_("answer"), max_length=16, choices=AnswerChoice.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item_id"], name="answer_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer or '-'}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionPoint(models.Model):
    """Follow-up for an item answered "no" or left unanswered."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="action_points")
    item_id = models.CharField(_("item"), max_length=12)
    description = models.TextField(_("description"))
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment_id", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item_id"], name="action_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.description[:40]}"


class Pillar(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIPS = "partnerships", _("Partnerships")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class NationalActionPlan(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="action_plans",
                                     verbose_name=_("coordinating organisation"))
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    long_term_goal = models.TextField(_("long-term goal"))
    goal_year = models.PositiveSmallIntegerField(_("goal to be reached by (year)"), null=True, blank=True)
    geography = models.CharField(_("geographical scope"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("national action plan")
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="plan_period_order")]

    def __str__(self) -> str:
        return self.title


class GuidingPrinciple(models.Model):
    plan = models.ForeignKey(NationalActionPlan, on_delete=models.CASCADE, related_name="principles")
    template_code = models.CharField(_("template"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    """An intermediate outcome of the theory of change, filed under one of the 4Ps."""

    plan = models.ForeignKey(NationalActionPlan, on_delete=models.CASCADE, related_name="objectives")
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices)
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    legal_refs = models.JSONField(_("P029 / R203 references"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Output(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["objective_id", "id"]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    plan = models.ForeignKey(NationalActionPlan, on_delete=models.CASCADE, related_name="activities")
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField("core.Organization", blank=True, related_name="nap_activities",
                                      verbose_name=_("responsible partners"))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    progress_note = models.TextField(_("progress note"), blank=True)
    action_points = models.ManyToManyField(ActionPoint, blank=True, related_name="nap_activities",
                                           verbose_name=_("checklist action points"))

    class Meta:
        ordering = ["plan_id", "output_id", "id"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def tracking(self, today: dt.date | None = None) -> str:
        """"done", "late", "cancelled" or "on_track" on `today`."""
        today = today or timezone.localdate()
        if self.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
            return str(self.status)
        if self.end_on and self.end_on < today:
            return "late"
        return "on_track"


class Indicator(models.Model):
    plan = models.ForeignKey(NationalActionPlan, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    live_indicator_code = models.CharField(_("linked M&E indicator"), max_length=60, blank=True)

    class Meta:
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return self.name

    def latest_value(self) -> Decimal | None:
        latest = self.values.order_by("-measured_on", "-id").first()
        return latest.value if latest else None

    def progress(self) -> float | None:
        """Share of the way from baseline to target reached by the latest value (0..1), or None."""
        latest = self.latest_value()
        if latest is None or self.target_value is None:
            return None
        baseline = self.baseline_value or Decimal(0)
        span = self.target_value - baseline
        if span == 0:
            return 1.0 if latest == self.target_value else 0.0
        return max(0.0, min(1.0, float((latest - baseline) / span)))


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["indicator_id", "measured_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "measured_on"], name="indicator_value_unique_day")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.measured_on}: {self.value}"
