"""Programme budgets entered by managers, for value for money (3h: "monitor funding and use of
resources … to assess value for money and opportunity cost"). Imported at the end of models.py."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgrammeBudget(models.Model):
    """Money spent on reintegration by one organisation in one period, for all its work or for one
    training programme. Costs per survivor and per outcome divide it by the survivors it supported."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    programme = models.ForeignKey("training.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("training programme"),
                                  help_text=_("Leave empty for the organisation's whole reintegration work."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = models.DecimalField(_("amount spent"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        app_label = "monitoring"
        ordering = ["-period_start", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="budget_period_ordered"),
                       models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_amount_not_negative")]
        indexes = [models.Index(fields=["organization", "period_start"], name="budget_org_period")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} {self.period_start}–{self.period_end}"
