"""Rules on the organisations' own cases: case management, contact person, needs assessments (3b.2, 3c)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reintegra.planning.evidence.base import Proposal, Scope, percent, rule, share_answer
from reintegra.planning.evidence.registry import referrals_of_scope
from reintegra.planning.models import AnswerChoice


def cases_in_period(scope: Scope):
    from reintegra.cases.models import Case

    return Case.objects.filter(organization_id__in=scope.organization_ids, opened_on__lte=scope.period_end).exclude(
        closed_on__lt=scope.period_start)


@rule("3b.2.12")
def case_management_in_use(scope: Scope, item_id: str) -> Proposal:
    """Cases tracked, and referrals sent or received, in the period."""
    cases = cases_in_period(scope).count()
    referrals = referrals_of_scope(scope).count()
    if cases == 0:
        answer = AnswerChoice.NO
    elif referrals:
        answer = AnswerChoice.YES
    else:
        answer = AnswerChoice.PARTLY
    summary = _("%(cases)d cases were tracked and %(referrals)d referrals sent or received in this period.") % {
        "cases": cases, "referrals": referrals}
    return Proposal(item_id, answer, summary, {"cases": cases, "referrals": referrals})


@rule("3b.2.13")
def single_point_of_contact(scope: Scope, item_id: str) -> Proposal | None:
    cases = cases_in_period(scope)
    total = cases.count()
    if total == 0:
        return None
    with_manager = cases.filter(case_manager__isnull=False).count()
    summary = _("%(with)d of %(total)d cases (%(share).0f%%) have a named case manager.") % {
        "with": with_manager, "total": total, "share": percent(with_manager, total)}
    return Proposal(item_id, share_answer(with_manager / total, yes_at=1.0, partly_at=0.5), summary,
                    {"cases": total, "with_case_manager": with_manager})


MOSTLY = 0.9


@rule(*[f"3c.{n}" for n in range(1, 11)])
def needs_assessment_checklist(scope: Scope, item_id: str) -> Proposal | None:
    """The 3c checklist answered per case in needs assessments (latest per case within the period).

    Mostly yes (>= 90 %) gives yes, mostly no (<= 10 % yes) gives no, anything between gives partly.
    """
    from reintegra.cases.models import NeedsAssessment

    number = item_id.rsplit(".", 1)[1]
    latest: dict[int, dict] = {}
    for case_id, checklist in NeedsAssessment.objects.filter(
            case__in=cases_in_period(scope), assessed_on__gte=scope.period_start,
            assessed_on__lte=scope.period_end).order_by("case_id", "assessed_on", "id").values_list(
            "case_id", "checklist"):
        latest[case_id] = checklist or {}
    answers = [value.get(number) for value in latest.values()]
    answered = [a for a in answers if a is not None]
    if not answered:
        return None
    yes = sum(1 for a in answered if a)
    share = yes / len(answered)
    answer = share_answer(share, yes_at=MOSTLY, partly_at=1 - MOSTLY + 1e-9)
    summary = _("In the needs assessments of %(answered)d cases, %(yes)d answered yes (%(share).0f%%).") % {
        "answered": len(answered), "yes": yes, "share": percent(yes, len(answered))}
    return Proposal(item_id, answer, summary, {"cases_assessed": len(answers), "answered": len(answered),
                                               "yes": yes})
