"""Evidence rules: answers the data can propose for checklist items.

A rule is a function registered under one or more checklist item ids. It receives the assessment's
scope (organisations, country, period) and returns a `Proposal` (answer + the figures behind it),
or None when the data cannot say anything. Rules only read. A proposal is shown next to the human
answer and never replaces it; rules run live, so a proposal always reflects the data as it is now.

Which items are covered, how, and which are planned is documented in docs/planning.md.
"""

from __future__ import annotations

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


def propose_all(assessment: SelfAssessment) -> dict[str, Proposal]:
    scope = scope_of(assessment)
    proposals = {}
    for item_id, function in RULES.items():
        proposal = function(scope, item_id)
        if proposal is not None:
            proposals[item_id] = proposal
    return proposals
