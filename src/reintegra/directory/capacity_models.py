"""Provider capacity assessments (section 3b.2): one per provider and date, scored item by item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CapacityAssessment(models.Model):
    provider = models.ForeignKey("directory.Provider", on_delete=models.CASCADE, related_name="assessments")
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     help_text=_("Organisation that carried out the assessment."))
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["provider", "-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} · {self.assessed_on}"


class CapacityAnswer(models.Model):
    assessment = models.ForeignKey(CapacityAssessment, on_delete=models.CASCADE, related_name="answers")
    item_code = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    action_point = models.TextField(_("action point"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item_code"], name="capacity_answer_unique")]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.score}"
