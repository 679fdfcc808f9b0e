"""Rules on monitoring and evaluation: M&E plans and what the data records (3h)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reintegra.planning.evidence.base import Proposal, Scope, percent, rule, share_answer
from reintegra.planning.evidence.cases import cases_in_period
from reintegra.planning.models import AnswerChoice


def plans_in_period(scope: Scope):
    from reintegra.monitoring.models import MEPlan

    return MEPlan.objects.filter(organization_id__in=scope.organization_ids, period_start__lte=scope.period_end,
                                 period_end__gte=scope.period_start).prefetch_related("kpis")


@rule("3h.1")
def me_plan_exists(scope: Scope, item_id: str) -> Proposal:
    plans = list(plans_in_period(scope))
    with_kpis = sum(1 for plan in plans if plan.kpis.all())
    if with_kpis:
        answer = AnswerChoice.YES
    elif plans:
        answer = AnswerChoice.PARTLY
    else:
        answer = AnswerChoice.NO
    summary = _("%(plans)d M&E plans cover this period; %(kpis)d of them define KPIs.") % {
        "plans": len(plans), "kpis": with_kpis}
    return Proposal(item_id, answer, summary, {"plans": len(plans), "plans_with_kpis": with_kpis})


@rule("3h.2")
def gender_and_age_tracked(scope: Scope, item_id: str) -> Proposal | None:
    """From the M&E plans (every KPI disaggregated by sex and age group) and, without a plan, from
    how completely gender and birth year are recorded for the period's cases."""
    from reintegra.people.models import Gender

    cases = cases_in_period(scope)
    total = cases.count()
    recorded = cases.exclude(survivor__gender=Gender.UNKNOWN).filter(survivor__birth_year__isnull=False).count()
    figures = {"cases": total, "gender_and_age_recorded": recorded}
    plans = list(plans_in_period(scope))
    if plans:
        compliant = sum(1 for plan in plans if not plan.is_flagged)
        figures.update(plans=len(plans), plans_tracking_gender_and_age=compliant)
        summary = _("%(ok)d of %(plans)d M&E plans break every KPI down by sex and age group; gender and birth "
                    "year are recorded for %(recorded)d of %(total)d cases.") % {
            "ok": compliant, "plans": len(plans), "recorded": recorded, "total": total}
        return Proposal(item_id, share_answer(compliant / len(plans), yes_at=1.0, partly_at=1e-9), summary, figures)
    if total == 0:
        return None
    summary = _("No M&E plan covers this period; gender and birth year are recorded for %(recorded)d of "
                "%(total)d cases (%(share).0f%%).") % {"recorded": recorded, "total": total,
                                                       "share": percent(recorded, total)}
    return Proposal(item_id, share_answer(recorded / total, yes_at=0.9, partly_at=0.5), summary, figures)
