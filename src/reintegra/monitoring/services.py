"""Every write of monitoring data: plans, KPIs, and the privacy-budget ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.monitoring.models import DataSource, Frequency, MEPlan, PlanKPI, PrivacyBudget, PrivacySpend
from reintegra.monitoring.statistics.library import dimensions, indicator

DEFAULT_EPSILON_BUDGET = 3.0


def plan_create(*, actor: Any, organization: Organization, title: str, objectives: str, responsible: str,
                period_start: dt.date, period_end: dt.date, programme: str = "") -> MEPlan:
    if not has_org_perm(actor, "monitoring.manage_plan", organization):
        raise PermissionDenied(_("You cannot manage M&E plans of this organisation."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end after it starts.")})
    with transaction.atomic():
        plan = MEPlan.objects.create(organization=organization, title=title, objectives=objectives,
                                     responsible=responsible, period_start=period_start, period_end=period_end,
                                     programme=programme, created_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=plan)
    return plan


def kpi_add(*, actor: Any, plan: MEPlan, indicator_code: str, disaggregations: list[str],
            baseline: Decimal | None = None, target: Decimal | None = None,
            data_source: str = DataSource.ADMINISTRATIVE, frequency: str = Frequency.QUARTERLY,
            responsible: str = "") -> PlanKPI:
    if not has_org_perm(actor, "monitoring.manage_plan", plan.organization_id):
        raise PermissionDenied(_("You cannot manage M&E plans of this organisation."))
    errors = {}
    if indicator(indicator_code) is None:
        errors["indicator_code"] = _("Choose an indicator from the library.")
    known = {d.code for d in dimensions()}
    unknown = [d for d in disaggregations if d not in known]
    if unknown:
        errors["disaggregations"] = _("Unknown disaggregation: %(codes)s.") % {"codes": ", ".join(unknown)}
    if data_source not in DataSource.values:
        errors["data_source"] = _("Unknown data source.")
    if frequency not in Frequency.values:
        errors["frequency"] = _("Unknown frequency.")
    if plan.kpis.filter(indicator_code=indicator_code).exists():
        errors["indicator_code"] = _("This indicator is already in the plan.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        kpi = PlanKPI.objects.create(plan=plan, organization_id=plan.organization_id, indicator_code=indicator_code,
                                     disaggregations=list(dict.fromkeys(disaggregations)), baseline=baseline,
                                     target=target, data_source=data_source, frequency=frequency,
                                     responsible=responsible)
        audit.record(audit.Action.UPDATE, actor=actor, organization=plan.organization_id, obj=plan,
                     detail={"kpi_added": indicator_code})
    return kpi


def kpi_remove(*, actor: Any, kpi: PlanKPI) -> None:
    if not has_org_perm(actor, "monitoring.manage_plan", kpi.organization_id):
        raise PermissionDenied(_("You cannot manage M&E plans of this organisation."))
    with transaction.atomic():
        audit.record(audit.Action.UPDATE, actor=actor, organization=kpi.organization_id, obj=kpi.plan,
                     detail={"kpi_removed": kpi.indicator_code})
        kpi.delete()


def export_record(*, actor: Any, what: str, fmt: str, organization_id: int | None, detail: dict) -> None:
    """Audit an export of aggregate figures (exports are never silent)."""
    if not has_any_perm(actor, "monitoring.export") and not has_any_perm(actor, "monitoring.release"):
        raise PermissionDenied(_("You cannot export statistics."))
    audit.record(audit.Action.EXPORT, actor=actor, organization=organization_id, object_type=f"monitoring.{what}",
                 detail={"format": fmt, **detail})


def budget_remaining(dataset: str) -> float:
    budget = PrivacyBudget.objects.filter(dataset=dataset).first()
    if budget is None:
        return DEFAULT_EPSILON_BUDGET
    return budget.epsilon_total - sum(budget.spends.values_list("epsilon", flat=True))


def privacy_spend(*, actor: Any, dataset: str, epsilon: float, description: str,
                  organization_id: int | None = None, actor_label: str = "") -> PrivacySpend:
    """Record ε spent on a public release; refuses when the dataset's budget would be exceeded.

    Call inside the transaction that produces the release, so a refused spend releases nothing.
    """
    if actor is not None and not has_any_perm(actor, "monitoring.release"):
        raise PermissionDenied(_("You cannot publish statistics."))
    if not epsilon > 0:
        raise ValidationError({"epsilon": _("ε must be positive.")})
    with transaction.atomic():
        budget, _created = PrivacyBudget.objects.select_for_update().get_or_create(
            dataset=dataset, defaults={"epsilon_total": DEFAULT_EPSILON_BUDGET})
        spent = sum(budget.spends.values_list("epsilon", flat=True))
        if spent + epsilon > budget.epsilon_total + 1e-9:
            raise ValidationError({"epsilon": _("The privacy budget of %(dataset)s is exhausted: %(left).2f of "
                                                "%(total).2f left.") % {"dataset": dataset,
                                                                          "left": budget.epsilon_total - spent,
                                                                          "total": budget.epsilon_total}})
        spend = PrivacySpend.objects.create(budget=budget, epsilon=epsilon, description=description,
                                            organization_id=organization_id, actor=actor,
                                            actor_label=actor_label or (actor.get_username() if actor else "cli"))
        audit.record(audit.Action.EXPORT, actor=actor, actor_label=spend.actor_label, organization=organization_id,
                     obj=spend, detail={"dataset": dataset, "epsilon": epsilon, "release": description})
    return spend


def _budget_checked(*, organization_id: int, period_start: dt.date, period_end: dt.date, amount: Decimal,
                    currency: str, programme: Any) -> str:
    """The rules every budget entry meets, created or edited; returns the currency code as stored."""
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("The period must end after it starts.")
    if amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    code = (currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        errors["currency"] = _("Give the three-letter ISO 4217 code, for example NPR or EUR.")
    if programme is not None and programme.organization_id != organization_id:
        errors["programme"] = _("The programme must be one the organisation runs.")
    if errors:
        raise ValidationError(errors)
    return code


def _budget_detail(budget: Any) -> dict[str, Any]:
    return {"amount": str(Decimal(budget.amount).quantize(Decimal("0.01"))), "currency": budget.currency,
            "period": f"{budget.period_start}/{budget.period_end}", "programme": budget.programme_id}


def budget_record(*, actor: Any, organization: Organization, period_start: dt.date, period_end: dt.date,
                  amount: Decimal, currency: str, programme: Any = None, note: str = "") -> Any:
    """A programme manager enters what was spent (for value-for-money indicators)."""
    from reintegra.monitoring.models_budget import ProgrammeBudget

    if not has_org_perm(actor, "monitoring.manage_plan", organization):
        raise PermissionDenied(_("You cannot enter budgets of this organisation."))
    code = _budget_checked(organization_id=organization.pk, period_start=period_start, period_end=period_end,
                           amount=amount, currency=currency, programme=programme)
    with transaction.atomic():
        budget = ProgrammeBudget.objects.create(organization=organization, programme=programme,
                                                period_start=period_start, period_end=period_end, amount=amount,
                                                currency=code, note=note.strip(), created_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=budget,
                     detail={"amount": str(amount), "currency": code, "period": f"{period_start}/{period_end}"})
    return budget


def budget_update(*, actor: Any, budget: Any, period_start: dt.date, period_end: dt.date, amount: Decimal,
                  currency: str, programme: Any = None, note: str = "") -> Any:
    """Correct a budget entry of the organisation (same permission as entering one); the audit trail
    keeps the values before and after, so cost figures already reported can be traced."""
    if not has_org_perm(actor, "monitoring.manage_plan", budget.organization_id):
        raise PermissionDenied(_("You cannot change budgets of this organisation."))
    code = _budget_checked(organization_id=budget.organization_id, period_start=period_start,
                           period_end=period_end, amount=amount, currency=currency, programme=programme)
    with transaction.atomic():
        before = _budget_detail(budget)
        budget.period_start, budget.period_end, budget.amount = period_start, period_end, amount
        budget.currency, budget.programme, budget.note = code, programme, note.strip()
        budget.save(update_fields=["period_start", "period_end", "amount", "currency", "programme", "note"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=budget.organization_id, obj=budget,
                     detail={"before": before, "after": _budget_detail(budget)})
    return budget


def budget_delete(*, actor: Any, budget: Any) -> None:
    """Remove a budget entry of the organisation (same permission as entering one); what it held is
    kept in the audit trail."""
    if not has_org_perm(actor, "monitoring.manage_plan", budget.organization_id):
        raise PermissionDenied(_("You cannot delete budgets of this organisation."))
    with transaction.atomic():
        audit.record(audit.Action.DELETE, actor=actor, organization=budget.organization_id, obj=budget,
                     detail=_budget_detail(budget))
        budget.delete()
