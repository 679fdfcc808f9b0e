"""Market and entrepreneurial opportunity appraisals per area (3b.3, Figure 6), shared across
providers: community profiles, sector studies, consumer demand and market opportunity assessments,
with the trades found to be in demand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MarketAppraisal(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_PROFILE = "community_profile", _("Community profile")
        SECTOR_STUDY = "sector_study", _("Sector study")
        CONSUMER_DEMAND = "consumer_demand", _("Consumer demand study")
        MARKET_OPPORTUNITY = "market_opportunity", _("Market opportunity assessment")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("recorded by"))
    admin_area = models.CharField(_("area"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    conducted_on = models.DateField(_("conducted on"))
    summary = models.TextField(_("findings"), blank=True)
    feasibility_notes = models.TextField(_("feasibility notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["admin_area", "-conducted_on"]

    def __str__(self) -> str:
        return self.title


class TradeInDemand(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    appraisal = models.ForeignKey(MarketAppraisal, on_delete=models.CASCADE, related_name="trades")
    isco_code = models.CharField(_("trade (ISCO-08)"), max_length=4)
    evidence = models.CharField(_("evidence"), max_length=300)
    observed_on = models.DateField(_("observed on"), default=timezone.localdate)
    for_self_employment = models.BooleanField(_("opportunity for self-employment"), default=False)

    def __str__(self) -> str:
        return self.isco_code
