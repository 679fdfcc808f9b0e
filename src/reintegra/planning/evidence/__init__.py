"""Evidence rules: answers the data can propose for checklist items.

A rule is a function registered under one or more checklist item ids. It receives the assessment's
scope (organisations, country, period) and returns a `Proposal` (answer + the figures behind it),
or None when the data cannot say anything. Rules only read. A proposal is shown next to the human
answer and never replaces it; rules run live, so a proposal always reflects the data as it is now.

Which items are covered, how, and which are planned is documented in docs/planning.md.
"""

from __future__ import annotations

from django.conf import settings

from reintegra.core.models import Organization
from reintegra.planning.evidence import (  # noqa: F401  (register rules)
    cases,
    employment,
    monitoring,
    registry,
    training,
)
from reintegra.planning.evidence.base import RULES, Proposal, Scope
from reintegra.planning.models import AssessmentScope, SelfAssessment

__all__ = ["RULES", "Proposal", "Scope", "propose_all", "scope_of"]


def scope_of(assessment: SelfAssessment) -> Scope:
    organization = assessment.organization
    network = assessment.scope == AssessmentScope.NETWORK
    if network:
        ids = tuple(Organization.objects.filter(country=organization.country, is_active=True)
                    .values_list("id", flat=True))
    else:
        ids = (organization.pk,)
    return Scope(ids, organization.country, assessment.period_start, assessment.period_end, network)


# Figures that count survivors or their records (cases, referrals, enrolments, enterprises, checks).
# Counts of providers, programmes, plans or employers are not about people and are shown as they are.
PEOPLE_FIGURES = frozenset({"cases", "with_case_manager", "cases_assessed", "answered", "yes", "referrals",
                            "enterprises", "supported", "checks_due", "checks_done", "enrolments", "transport",
                            "stipend", "childcare"})
# (part, whole): the complement whole - part is on screen too (as a share or in words).
COMPLEMENTS = (("with_case_manager", "cases"), ("yes", "answered"), ("supported", "enterprises"),
               ("checks_done", "checks_due"), ("transport", "enrolments"), ("stipend", "enrolments"),
               ("childcare", "enrolments"))


def _threshold() -> int:
    return int(getattr(settings, "REINTEGRA_SUPPRESSION_THRESHOLD", 5))


def _has_small_cell(figures: dict, t: int) -> bool:
    """True when a count of people, or the complement of one within its total, is below the threshold.

    Proposals are shown to aggregate-only roles (M&E officer, network coordinator) and exported, so
    they follow the same small-cell rule as every other published statistic (ARCHITECTURE §5).
    """
    def small(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < t

    if any(small(value) for name, value in figures.items() if name in PEOPLE_FIGURES):
        return True
    return any(part in figures and whole in figures and small(figures[whole] - figures[part])
               for part, whole in COMPLEMENTS)


def propose_all(assessment: SelfAssessment) -> dict[str, Proposal]:
    """Proposals whose figures pass small-cell suppression; a proposal resting on fewer people than
    the threshold is withheld entirely (its answer and wording would give the small count away)."""
    scope = scope_of(assessment)
    t = _threshold()
    proposals = {}
    for item_id, function in RULES.items():
        proposal = function(scope, item_id)
        if proposal is not None and not _has_small_cell(proposal.figures, t):
            proposals[item_id] = proposal
    return proposals
