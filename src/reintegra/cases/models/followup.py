"""Follow-up contacts scheduled by phase, and reminders produced by the daily background run."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.cases.models.case import Phase
from reintegra.core.fields import EncryptedTextField


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Home or community visit")
    MEETING = "meeting", _("Meeting at the office")
    MESSAGE = "message", _("Message")


class EmploymentStatus(models.TextChoices):
    NOT_WORKING = "not_working", _("Not working, looking for work")
    WAGE_EMPLOYED = "wage_employed", _("In wage employment")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    IN_TRAINING = "in_training", _("In training or apprenticeship")
    STUDYING = "studying", _("In education")
    NOT_AVAILABLE = "not_available", _("Not available for work")


class FollowUp(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=ContactMethod.choices, blank=True)
    employment_status = models.CharField(_("employment"), max_length=20, choices=EmploymentStatus.choices,
                                         blank=True)
    monthly_income = models.DecimalField(_("monthly income"), max_digits=12, decimal_places=2, null=True,
                                         blank=True)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    has_debt = models.BooleanField(_("has debt"), null=True, blank=True)
    debt_amount = models.DecimalField(_("debt"), max_digits=12, decimal_places=2, null=True, blank=True)
    wellbeing = models.PositiveSmallIntegerField(_("wellbeing (1–5)"), null=True, blank=True,
                                                 validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organization", "done_on", "due_on"], name="followup_due")]

    def __str__(self) -> str:
        return f"follow-up of case {self.case_id} due {self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class Reminder(models.Model):
    """An alert for the case manager; it names the survivor code only, never identity."""

    class Kind(models.TextChoices):
        FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
        REFLECTION_ENDING = "reflection_ending", _("Reflection period ends soon")
        REFLECTION_ENDED = "reflection_ended", _("Reflection period has ended")
        OUTCOME_DUE = "outcome_due", _("Outcome scores due")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "due_on"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} case {self.case_id} {self.due_on}"
