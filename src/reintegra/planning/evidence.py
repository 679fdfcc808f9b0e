"""Evidence rules: answers the data can propose for checklist items.

A rule is a function registered under a checklist item id. It receives the assessment's scope and
returns a `Proposal` (answer + the figures behind it) or None when the data cannot say anything.
Rules only read; a proposal is shown next to the human answer and never replaces it.
Rules run live, so a proposal always reflects the data as it is now.

Which items are covered, and which are planned once other apps hold the data, is documented in
docs/planning.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from reintegra.core.models import Organization
from reintegra.planning.models import AnswerChoice, AssessmentScope, SelfAssessment


@dataclass(frozen=True)
class Scope:
    """The organisations an assessment speaks for, and its period."""

    organization_ids: tuple[int, ...]
    country: str
    period_start: dt.date
    period_end: dt.date


@dataclass(frozen=True)
class Proposal:
    item_id: str
    answer: str
    summary: str
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def answer_label(self) -> str:
        return str(AnswerChoice(self.answer).label)


Rule = Callable[[Scope], Proposal | None]
RULES: dict[str, Rule] = {}


def rule(item_id: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        if item_id in RULES:
            raise ValueError(f"two evidence rules for {item_id}")
        RULES[item_id] = function
        return function

    return register


def scope_of(assessment: SelfAssessment) -> Scope:
    organization = assessment.organization
    if assessment.scope == AssessmentScope.NETWORK:
        ids = tuple(Organization.objects.filter(country=organization.country, is_active=True)
                    .values_list("id", flat=True))
    else:
        ids = (organization.pk,)
    return Scope(ids, organization.country, assessment.period_start, assessment.period_end)


def propose_all(assessment: SelfAssessment) -> dict[str, Proposal]:
    scope = scope_of(assessment)
    proposals = {}
    for item_id, function in RULES.items():
        proposal = function(scope)
        if proposal is not None:
            proposals[item_id] = proposal
    return proposals


def _share_answer(share: float, *, yes_at: float, partly_at: float) -> str:
    if share >= yes_at:
        return AnswerChoice.YES
    if share >= partly_at:
        return AnswerChoice.PARTLY
    return AnswerChoice.NO


# --- Rules on the organisation registry (core) -------------------------------------------------

PROVIDER_TYPES_FOR_YES = 5


@rule("3b.1.1")
def provider_mapping(scope: Scope) -> Proposal:
    """Other active organisations registered in the same country, by provider type (Table 1)."""
    others = Organization.objects.filter(country=scope.country, is_active=True).exclude(
        id__in=scope.organization_ids if len(scope.organization_ids) == 1 else ())
    count = others.count()
    types = sorted(set(others.values_list("type", flat=True)))
    if count == 0:
        answer = AnswerChoice.NO
    elif len(types) >= PROVIDER_TYPES_FOR_YES:
        answer = AnswerChoice.YES
    else:
        answer = AnswerChoice.PARTLY
    summary = _("%(count)d other organisations of %(types)d provider types are registered in %(country)s.") % {
        "count": count, "types": len(types), "country": scope.country}
    return Proposal("3b.1.1", answer, summary, {"organisations": count, "provider_types": types})


@rule("3b.1.4")
def employers_identified(scope: Scope) -> Proposal:
    employers = Organization.objects.filter(country=scope.country, is_active=True, type="employer").count()
    answer = AnswerChoice.YES if employers else AnswerChoice.NO
    summary = _("%(count)d employers are registered as partners in %(country)s.") % {
        "count": employers, "country": scope.country}
    return Proposal("3b.1.4", answer, summary, {"employers": employers})


# --- Rules on cases (cases, people) ------------------------------------------------------------

def _cases_in_period(scope: Scope):
    from reintegra.cases.models import Case

    return Case.objects.filter(organization_id__in=scope.organization_ids, opened_on__lte=scope.period_end).exclude(
        closed_on__lt=scope.period_start)


@rule("3b.2.12")
def case_management_in_use(scope: Scope) -> Proposal:
    """Cases tracked in Reintegra. Referral activity will lift this to "yes" once referrals exist."""
    count = _cases_in_period(scope).count()
    if count == 0:
        return Proposal("3b.2.12", AnswerChoice.NO, _("No cases were tracked in this period."), {"cases": 0})
    summary = _("%(count)d cases were tracked with a case record in this period; referral activity "
                "is not yet recorded.") % {"count": count}
    return Proposal("3b.2.12", AnswerChoice.PARTLY, summary, {"cases": count})


@rule("3b.2.13")
def single_point_of_contact(scope: Scope) -> Proposal | None:
    cases = _cases_in_period(scope)
    total = cases.count()
    if total == 0:
        return None
    with_manager = cases.filter(case_manager__isnull=False).count()
    share = with_manager / total
    summary = _("%(with)d of %(total)d cases (%(share).0f%%) have a named case manager.") % {
        "with": with_manager, "total": total, "share": share * 100}
    return Proposal("3b.2.13", _share_answer(share, yes_at=1.0, partly_at=0.5), summary,
                    {"cases": total, "with_case_manager": with_manager})


@rule("3h.2")
def gender_and_age_recorded(scope: Scope) -> Proposal | None:
    from reintegra.people.models import Gender

    cases = _cases_in_period(scope)
    total = cases.count()
    if total == 0:
        return None
    recorded = cases.exclude(survivor__gender=Gender.UNKNOWN).filter(survivor__birth_year__isnull=False).count()
    share = recorded / total
    summary = _("Gender and birth year are recorded for %(recorded)d of %(total)d cases (%(share).0f%%).") % {
        "recorded": recorded, "total": total, "share": share * 100}
    return Proposal("3h.2", _share_answer(share, yes_at=0.9, partly_at=0.5), summary,
                    {"cases": total, "gender_and_age_recorded": recorded})
