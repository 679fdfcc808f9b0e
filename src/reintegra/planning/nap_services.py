"""Writes of National Action Plans. Only members with nap.change in the coordinating organisation
may change a plan; every write is one audited transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.planning import live_indicators, reference
from reintegra.planning.models import (
    ActionPoint,
    Activity,
    ActivityStatus,
    GuidingPrinciple,
    Indicator,
    IndicatorValue,
    NationalActionPlan,
    Objective,
    Output,
    Pillar,
    PlanStatus,
)
from reintegra.planning.selectors import action_points_visible_to


def _require_change(actor: Any, organization_id: int) -> None:
    if not has_org_perm(actor, "nap.change", organization_id):
        raise PermissionDenied(_("Only the plan's coordinators can change it."))


def _record(actor: Any, plan: NationalActionPlan, obj: Any, action: str = audit.Action.CREATE, **detail: Any) -> None:
    audit.record(action, actor=actor, organization=plan.organization_id, obj=obj, detail={"plan": plan.pk, **detail})


def plan_create(
    *, actor: Any, organization: Organization, title: str, country: str, period_start: dt.date,
    period_end: dt.date, long_term_goal: str, goal_year: int | None = None, geography: str = "",
) -> NationalActionPlan:
    _require_change(actor, organization.pk)
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the plan a title.")
    if len(country) != 2 or not country.isalpha():
        errors["country"] = _("Use the two-letter ISO 3166 country code.")
    if period_end < period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if not long_term_goal.strip():
        errors["long_term_goal"] = _("State the long-term goal.")
    if goal_year is not None and goal_year < period_start.year:
        errors["goal_year"] = _("The goal year cannot be before the plan starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = NationalActionPlan.objects.create(
            organization=organization, title=title.strip(), country=country.upper(), period_start=period_start,
            period_end=period_end, long_term_goal=long_term_goal.strip(), goal_year=goal_year,
            geography=geography.strip(), created_by=actor)
        _record(actor, plan, plan)
    return plan


def plan_set_status(*, actor: Any, plan: NationalActionPlan, status: str) -> NationalActionPlan:
    _require_change(actor, plan.organization_id)
    if status not in PlanStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
        _record(actor, plan, plan, audit.Action.UPDATE, status=status)
    return plan


def principle_add(
    *, actor: Any, plan: NationalActionPlan, template_code: str = "", title: str = "", text: str = "",
) -> GuidingPrinciple:
    """Add a guiding principle, from a template (which the coordinator may reword) or from scratch."""
    _require_change(actor, plan.organization_id)
    if template_code:
        template = next((t for t in reference.guiding_principle_templates() if t["code"] == template_code), None)
        if template is None:
            raise ValidationError({"template_code": _("Unknown template.")})
        title, text = title or template["title"], text or template["text"]
    if not title.strip() or not text.strip():
        raise ValidationError({"text": _("A principle needs a title and a text.")})
    with transaction.atomic():
        principle = GuidingPrinciple.objects.create(plan=plan, template_code=template_code, title=title.strip(),
                                                    text=text.strip(), position=plan.principles.count())
        _record(actor, plan, principle, template=template_code)
    return principle


def objective_add(
    *, actor: Any, plan: NationalActionPlan, pillar: str, title: str, code: str = "", description: str = "",
    legal_refs: list[str] | None = None,
) -> Objective:
    _require_change(actor, plan.organization_id)
    refs = list(dict.fromkeys(legal_refs or []))
    unknown = [ref for ref in refs if ref not in reference.legal_references()]
    if pillar not in Pillar.values:
        raise ValidationError({"pillar": _("Choose prevention, protection, prosecution or partnerships.")})
    if unknown:
        raise ValidationError({"legal_refs": _("Unknown references: %(refs)s") % {"refs": ", ".join(unknown)}})
    if not title.strip():
        raise ValidationError({"title": _("Give the objective a title.")})
    with transaction.atomic():
        objective = Objective.objects.create(plan=plan, pillar=pillar, code=code.strip(), title=title.strip(),
                                             description=description.strip(), legal_refs=refs,
                                             position=plan.objectives.count())
        _record(actor, plan, objective, pillar=pillar, legal_refs=refs)
    return objective


def output_add(*, actor: Any, objective: Objective, title: str, description: str = "") -> Output:
    plan = objective.plan
    _require_change(actor, plan.organization_id)
    if not title.strip():
        raise ValidationError({"title": _("Give the output a title.")})
    with transaction.atomic():
        output = Output.objects.create(objective=objective, title=title.strip(), description=description.strip())
        _record(actor, plan, output, objective=objective.pk)
    return output


def _check_activity(budget: Decimal | None, currency: str, start_on: dt.date | None, end_on: dt.date | None) -> None:
    errors = {}
    if budget is not None and budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if budget is not None and len(currency) != 3:
        errors["currency"] = _("Give the three-letter currency code of the budget.")
    if start_on and end_on and end_on < start_on:
        errors["end_on"] = _("The activity cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def activity_add(
    *, actor: Any, output: Output, title: str, partners: list[Organization] | None = None,
    budget: Decimal | None = None, currency: str = "", start_on: dt.date | None = None,
    end_on: dt.date | None = None, description: str = "",
) -> Activity:
    plan = output.objective.plan
    _require_change(actor, plan.organization_id)
    if not title.strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    _check_activity(budget, currency, start_on, end_on)
    with transaction.atomic():
        activity = Activity.objects.create(plan=plan, output=output, title=title.strip(), budget=budget,
                                           currency=currency.upper(), start_on=start_on, end_on=end_on,
                                           description=description.strip())
        activity.partners.set(partners or [])
        _record(actor, plan, activity, partners=[p.pk for p in partners or []])
    return activity


def activity_update_progress(*, actor: Any, activity: Activity, status: str, progress_note: str = "") -> Activity:
    plan = activity.plan
    _require_change(actor, plan.organization_id)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        activity.status, activity.progress_note = status, progress_note.strip()
        activity.save(update_fields=["status", "progress_note"])
        _record(actor, plan, activity, audit.Action.UPDATE, status=status)
    return activity


def activity_attach_action_point(*, actor: Any, activity: Activity, action_point: ActionPoint) -> Activity:
    """Attach a checklist action point the actor can see to a plan activity."""
    plan = activity.plan
    _require_change(actor, plan.organization_id)
    if not action_points_visible_to(user=actor).filter(pk=action_point.pk).exists():
        raise ValidationError({"action_point": _("No such action point.")})
    with transaction.atomic():
        activity.action_points.add(action_point)
        _record(actor, plan, activity, audit.Action.UPDATE, attached_action_point=action_point.pk)
    return activity


def indicator_add(
    *, actor: Any, plan: NationalActionPlan, name: str, objective: Objective | None = None, unit: str = "",
    baseline_value: Decimal | None = None, baseline_year: int | None = None, target_value: Decimal | None = None,
    target_year: int | None = None, live_indicator_code: str = "",
) -> Indicator:
    _require_change(actor, plan.organization_id)
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the indicator.")
    if objective is not None and objective.plan_id != plan.pk:
        errors["objective"] = _("The objective belongs to another plan.")
    if baseline_year and target_year and target_year < baseline_year:
        errors["target_year"] = _("The target year cannot be before the baseline year.")
    if live_indicator_code.strip() and not live_indicators.is_live(live_indicator_code.strip()):
        errors["live_indicator_code"] = _("Not a live M&E indicator.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        indicator = Indicator.objects.create(
            plan=plan, objective=objective, name=name.strip(), unit=unit.strip(), baseline_value=baseline_value,
            baseline_year=baseline_year, target_value=target_value, target_year=target_year,
            live_indicator_code=live_indicator_code.strip())
        _record(actor, plan, indicator, objective=objective.pk if objective else None)
    return indicator


def indicator_refresh_live(*, actor: Any, indicator: Indicator, today: dt.date | None = None
                           ) -> IndicatorValue | None:
    """Record today's value of the linked live M&E indicator (None when unknown or suppressed)."""
    plan = indicator.plan
    _require_change(actor, plan.organization_id)
    with transaction.atomic():
        row = live_indicators.record(indicator, today, actor=actor)
        if row is not None:
            _record(actor, plan, row, audit.Action.UPDATE, indicator=indicator.pk, live=indicator.live_indicator_code,
                    value=row.value)
    return row


def indicator_value_record(
    *, actor: Any, indicator: Indicator, measured_on: dt.date, value: Decimal, note: str = "",
) -> IndicatorValue:
    """Record a measurement (replacing an earlier one of the same day)."""
    plan = indicator.plan
    _require_change(actor, plan.organization_id)
    with transaction.atomic():
        row, created = IndicatorValue.objects.update_or_create(
            indicator=indicator, measured_on=measured_on,
            defaults={"value": value, "note": note.strip(), "recorded_by": actor})
        _record(actor, plan, row, audit.Action.CREATE if created else audit.Action.UPDATE,
                indicator=indicator.pk, value=value, measured_on=measured_on)
    return row
