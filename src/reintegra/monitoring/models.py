"""M&E plans, their key performance indicators, and the privacy-budget ledger of public releases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The disaggregations the guidelines single out (3h checklist item 2).
REQUIRED_DISAGGREGATIONS = ("sex", "age_group")


class DataSource(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative records (Reintegra)")
    SURVEY = "survey", _("Survey or questionnaire")
    INTERVIEW = "interview", _("Interviews")
    FINANCIAL = "financial", _("Financial records")
    FEEDBACK = "feedback", _("Anonymous feedback")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class MEPlan(models.Model):
    """A monitoring and evaluation plan for one programme of one organisation (3h)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="me_plans",
                                     verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200, blank=True,
                                 help_text=_("Empty means the organisation's whole reintegration work."))
    objectives = models.TextField(_("objectives"))
    responsible = models.CharField(_("responsible person"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("M&E plan")
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="meplan_period_order")]

    def __str__(self) -> str:
        return self.title

    def missing_disaggregations(self) -> dict[str, list[str]]:
        """KPI indicator code -> required disaggregations it lacks (empty when compliant)."""
        gaps = {}
        for kpi in self.kpis.all():
            missing = [d for d in REQUIRED_DISAGGREGATIONS if d not in (kpi.disaggregations or [])]
            if missing:
                gaps[kpi.indicator_code] = missing
        return gaps

    @property
    def is_flagged(self) -> bool:
        """3h checklist item 2: the plan must track gender and age group for every KPI."""
        return not self.kpis.exists() or bool(self.missing_disaggregations())


class PlanKPI(models.Model):
    plan = models.ForeignKey(MEPlan, on_delete=models.CASCADE, related_name="kpis")
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField(_("indicator"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=20, choices=DataSource.choices,
                                   default=DataSource.ADMINISTRATIVE)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices,
                                 default=Frequency.QUARTERLY)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("key performance indicator")
        constraints = [models.UniqueConstraint(fields=["plan", "indicator_code"], name="plankpi_unique_indicator")]

    def __str__(self) -> str:
        return self.indicator_code


class PrivacyBudget(models.Model):
    """The total ε that may be spent on public releases of one dataset."""

    dataset = models.CharField(_("dataset"), max_length=120, unique=True)
    epsilon_total = models.FloatField(_("total ε"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"{self.dataset} (ε {self.epsilon_total})"


class PrivacySpend(models.Model):
    """One public release: ε spent from a dataset's budget (append-only)."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    epsilon = models.FloatField(_("ε spent"))
    description = models.CharField(_("release"), max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.budget.dataset}: ε {self.epsilon} ({self.description})"


# --- Pre-aggregated case statistics (statistics/aggregate.py keeps them in step with the cases). ---

class StatisticsGroup(models.Model):
    """One combination of the grouping keys every disaggregation is derived from."""

    gender = models.CharField(max_length=24)
    age_group = models.CharField(max_length=8)  # at opening, see statistics.cube.AGE_GROUPS
    nationality = models.CharField(max_length=2, blank=True)
    disability = models.BooleanField()
    organization_id = models.BigIntegerField()
    area = models.CharField(max_length=100, blank=True)
    # Of the case's first recorded exploitation episode (as statistics.units), "unknown" without one.
    form_of_exploitation = models.CharField(max_length=20, default="unknown")
    sector = models.CharField(max_length=8, default="unknown")  # ISIC Rev.4 section

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["organization_id", "area", "gender", "age_group", "nationality", "disability",
                    "form_of_exploitation", "sector"],
            name="statistics_group_all_keys")]

    def __str__(self) -> str:
        return (f"{self.organization_id}/{self.area}/{self.gender}/{self.age_group}/{self.nationality}/"
                f"{self.disability}/{self.form_of_exploitation}/{self.sector}")


class CaseFact(models.Model):
    """What the aggregate counts for one case, so a later change can be subtracted exactly.

    `case_id` is deliberately not a foreign key: the row outlives a deleted case until the next
    refresh takes its contribution back out.
    """

    case_id = models.BigIntegerField(primary_key=True)
    survivor_id = models.BigIntegerField()
    group = models.ForeignKey(StatisticsGroup, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True)
    days_open = models.IntegerField(null=True)  # closed_on - opened_on
    long_engaged = models.BooleanField()  # still open, or closed more than a year after opening
    # Closed before it opened (bad data): counted by the direct queries, never by the aggregate.
    irregular = models.BooleanField()
    # The case was deleted (signal below); the next refresh takes its contribution out.
    removed = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Cover the partial-month reads (index-only scans).
            models.Index(fields=["opened_on", "group", "long_engaged", "irregular"], name="case_fact_opened"),
            models.Index(fields=["closed_on", "group", "days_open", "irregular"], name="case_fact_closed"),
            models.Index(fields=["irregular"], name="case_fact_irregular",
                         condition=models.Q(irregular=True)),
            models.Index(fields=["removed"], name="case_fact_removed", condition=models.Q(removed=True)),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}"


class OpeningMonth(models.Model):
    """Cases opened in one calendar month, per group (irregular cases excluded)."""

    group = models.ForeignKey(StatisticsGroup, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # first day of the month
    opened = models.IntegerField()
    long_engaged = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "group"], name="opening_month_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} group {self.group_id}: {self.opened}"


class ClosureDays(models.Model):
    """Cases closed in one calendar month after `days` days open, per group (a day histogram)."""

    group = models.ForeignKey(StatisticsGroup, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    days = models.IntegerField()
    closed = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "group", "days"], name="closure_days_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} group {self.group_id}: {self.closed} after {self.days} days"


class AggregateState(models.Model):
    """The single row recording how far the aggregate has read the cases."""

    high_water = models.DateTimeField(null=True)  # cases updated at or after this may be unread
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"aggregate refreshed {self.refreshed_at}, rebuilt {self.rebuilt_at}"


class StaleCase(models.Model):
    """A case whose grouping keys changed without its `updated_at` moving: an exploitation episode
    was added, edited or deleted (signals below). The next refresh recounts the case and deletes the
    marks it read; a mark committed meanwhile is a new row, so it waits for the refresh after."""

    case_id = models.BigIntegerField()  # not a foreign key: the case may be deleted meanwhile

    def __str__(self) -> str:
        return f"case {self.case_id} to recount"


from reintegra.monitoring.models_budget import ProgrammeBudget  # noqa: E402,F401
from reintegra.monitoring.models_units import UnitCube, UnitFact, UnitFactDirty, UnitFactState  # noqa: E402,F401


@receiver(post_delete, sender="cases.Case")
def _case_deleted(sender: type, instance: models.Model, **kwargs: object) -> None:
    # Mark, don't recount: finding deletions by comparing a million ids on every refresh is what
    # this avoids. A deletion that bypasses signals (raw SQL) waits for the daily rebuild.
    CaseFact.objects.filter(case_id=instance.pk).update(removed=True)


@receiver(post_save, sender="cases.ExploitationEpisode")
@receiver(post_delete, sender="cases.ExploitationEpisode")
def _episode_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    # The first episode decides a case's form of exploitation and sector. Bulk writes that bypass
    # signals (bulk_create, QuerySet.update) wait for the daily rebuild.
    StaleCase.objects.create(case_id=instance.case_id)  # type: ignore[attr-defined]
