"""Pre-aggregated counting units of the indicators counted from their own records (enrolments,
placements, referrals, phase spells, ...): one row per candidate unit, kept in step with the source
records by statistics/unit_facts.py and read by statistics/unit_cells.py (docs/adr/0004).

A row counts for a reporting period [start, end] and as-of date when
    start <= day, last_day <= end, prev_day is null or < start, next_day is null or > end,
    known_from is null or <= as_of,
which expresses "the first/latest record of the survivor in the period" and "the answer is known by
the as-of date" without reading the other records at query time.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

# Disaggregation columns, named as the dimensions (statistics/units.py and computations.py).
KEY_COLUMNS = ("sex", "age_group", "child", "nationality", "migrant", "disability", "area", "organization",
               "form_of_exploitation", "sector", "provider", "programme", "trade", "wave", "phase")


class UnitFact(models.Model):
    base = models.CharField(max_length=40)  # the units an indicator counts (UnitComputation.base)
    case_id = models.BigIntegerField()  # not a foreign key: refreshed after the case is deleted
    organization_id = models.BigIntegerField()  # of the case, for the scope filter
    admin_area = models.CharField(max_length=100, blank=True)
    day = models.DateField()
    last_day = models.DateField()
    prev_day = models.DateField(null=True)
    next_day = models.DateField(null=True)
    known_from = models.DateField(null=True)
    hit = models.BooleanField(default=False)
    value = models.FloatField(null=True)
    facet = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=24, blank=True)
    age_group = models.CharField(max_length=8, blank=True)
    child = models.CharField(max_length=8, blank=True)
    nationality = models.CharField(max_length=8, blank=True)
    migrant = models.CharField(max_length=8, blank=True)
    disability = models.CharField(max_length=8, blank=True)
    area = models.CharField(max_length=100, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    form_of_exploitation = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=8, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    programme = models.CharField(max_length=200, blank=True)
    trade = models.CharField(max_length=20, blank=True)
    wave = models.CharField(max_length=20, blank=True)
    phase = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["base", "day"], name="unit_fact_base_day"),
                   models.Index(fields=["case_id"], name="unit_fact_case")]

    def __str__(self) -> str:
        return f"{self.base} case {self.case_id} {self.day}"


class UnitFactDirty(models.Model):
    """A case whose source records changed (signals below): the next refresh recomputes its units."""

    case_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"case {self.case_id} to recompute"


class UnitFactState(models.Model):
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"unit facts refreshed {self.refreshed_at}, rebuilt {self.rebuilt_at}"

    @classmethod
    def locked(cls) -> UnitFactState:
        """The one state row, locked until the transaction ends: refreshes, rebuilds and cube builds
        of the unit facts take turns."""
        cls.objects.get_or_create(pk=1)
        return cls.objects.select_for_update().get(pk=1)


class UnitCube(models.Model):
    """The unit cells of one base for one scope and calendar period as of one day, ready to publish
    (statistics/unit_cube.py; docs/adr/0006-unit-cube.md). Kept in step by the refresh of the unit
    facts; rebuilt when asked for another as-of day."""

    scope = models.CharField(max_length=255)  # unit_cube.scope_key
    base = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    as_of = models.DateField()
    data = models.JSONField()
    built_at = models.DateTimeField()
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "base", "start", "end"], name="unit_cube_period")]

    def __str__(self) -> str:
        return f"{self.base} {self.scope} {self.start}..{self.end} as of {self.as_of}"


def mark_dirty(case_ids: object) -> None:
    ids = {int(c) for c in case_ids if c is not None}  # type: ignore[attr-defined]
    if ids:
        UnitFactDirty.objects.bulk_create([UnitFactDirty(case_id=c) for c in sorted(ids)])


# Records that carry the case themselves. Writes that bypass signals (bulk_create, QuerySet.update,
# raw SQL) and renamed organisations wait for the daily rebuild, as the case aggregate does.
_OWN_CASE = ("cases.Case", "cases.ExploitationEpisode", "cases.PhaseChange", "cases.FollowUp",
             "cases.OutcomeAssessment", "training.Enrolment", "employment.Placement", "employment.Enterprise",
             "referrals.Referral")


def _own_case(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty([instance.pk if instance._meta.label == "cases.Case" else getattr(instance, "case_id", None)])


for _label in _OWN_CASE:
    post_save.connect(_own_case, sender=_label, dispatch_uid=f"unit_facts_save_{_label}")
    pre_delete.connect(_own_case, sender=_label, dispatch_uid=f"unit_facts_delete_{_label}")


@receiver(post_save, sender="people.Survivor")
@receiver(pre_delete, sender="people.Survivor")
def _survivor_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty(instance.cases.values_list("id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="employment.RetentionCheck")
@receiver(pre_delete, sender="employment.RetentionCheck")
def _retention_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty(type(instance).placement.field.related_model.objects  # type: ignore[attr-defined]
               .filter(pk=instance.placement_id).values_list("case_id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="employment.ViabilityCheck")
@receiver(pre_delete, sender="employment.ViabilityCheck")
def _viability_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty(type(instance).enterprise.field.related_model.objects  # type: ignore[attr-defined]
               .filter(pk=instance.enterprise_id).values_list("case_id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="referrals.Feedback")
@receiver(pre_delete, sender="referrals.Feedback")
def _feedback_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty(type(instance).referral.field.related_model.objects  # type: ignore[attr-defined]
               .filter(pk=instance.referral_id).values_list("case_id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="employment.EmployerFeedback")
@receiver(pre_delete, sender="employment.EmployerFeedback")
def _employer_feedback_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    if instance.placement_id is not None:  # type: ignore[attr-defined]
        mark_dirty(type(instance).placement.field.related_model.objects  # type: ignore[attr-defined]
                   .filter(pk=instance.placement_id).values_list("case_id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="employment.Employer")
def _employer_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    # Whether its placements are decent work depends on the employer's vetting.
    mark_dirty(instance.placements.values_list("case_id", flat=True))  # type: ignore[attr-defined]


@receiver(post_save, sender="training.Programme")
def _programme_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
    mark_dirty(instance.enrolments.values_list("case_id", flat=True).distinct())  # type: ignore[attr-defined]
