"""Reads of self-assessments, scoped to the acting user (forbidden looks like missing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from reintegra.core.permissions import organizations_with
from reintegra.planning import evidence, reference
from reintegra.planning.models import ActionPoint, AnswerChoice, ChecklistAnswer, SelfAssessment

SCORES: dict[str, float] = {AnswerChoice.YES.value: 1.0, AnswerChoice.PARTLY.value: 0.5, AnswerChoice.NO.value: 0.0}


def assessments_visible_to(*, user: Any) -> QuerySet[SelfAssessment]:
    org_ids = organizations_with(user, "checklist.view")
    return SelfAssessment.objects.filter(organization_id__in=org_ids).select_related("organization")


def assessment_get(*, user: Any, assessment_id: Any) -> SelfAssessment:
    try:
        return assessments_visible_to(user=user).get(pk=int(assessment_id))
    except (SelfAssessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such self-assessment.") from None


def action_points_visible_to(*, user: Any) -> QuerySet[ActionPoint]:
    return ActionPoint.objects.filter(assessment__in=assessments_visible_to(user=user)).select_related(
        "assessment__organization")


@dataclass
class ItemRow:
    item: reference.ChecklistItem
    answer: ChecklistAnswer | None
    proposal: evidence.Proposal | None
    action_point: ActionPoint | None

    @property
    def human_answer(self) -> str:
        return self.answer.answer if self.answer else ""

    @property
    def disagrees(self) -> bool:
        """True when a person answered and the data proposes something else."""
        return bool(self.proposal and self.human_answer and self.human_answer != AnswerChoice.NOT_APPLICABLE
                    and self.proposal.answer != self.human_answer)

    @property
    def needs_action(self) -> bool:
        return self.human_answer in ("", AnswerChoice.NO)


def assessment_rows(assessment: SelfAssessment) -> list[tuple[reference.ChecklistSection, list[ItemRow]]]:
    answers = {a.item_id: a for a in assessment.answers.all()}
    actions = {a.item_id: a for a in assessment.action_points.all()}
    proposals = evidence.propose_all(assessment)
    return [
        (section, [ItemRow(item, answers.get(item.id), proposals.get(item.id), actions.get(item.id))
                   for item in section.items])
        for section in reference.checklist_sections()
    ]


def section_scores(assessment: SelfAssessment) -> dict[str, dict[str, Any]]:
    """Per section: items, answered, and score (yes = 1, partly = 0.5, no = 0; n/a left out)."""
    answers = dict(assessment.answers.values_list("item_id", "answer"))
    result = {}
    for section in reference.checklist_sections():
        values = [answers.get(item.id, "") for item in section.items]
        scored = [SCORES[v] for v in values if v in SCORES]
        result[section.code] = {
            "items": len(values),
            "answered": sum(1 for v in values if v),
            "score": round(sum(scored) / len(scored), 2) if scored else None,
        }
    return result


def progress_over_periods(*, user: Any, assessment: SelfAssessment) -> list[dict[str, Any]]:
    """The same organisation's assessments (same scope), oldest first, with their section scores."""
    history = assessments_visible_to(user=user).filter(
        organization_id=assessment.organization_id, scope=assessment.scope).order_by("period_start")
    rows = []
    for item in history:
        scores = section_scores(item)
        scored = [s["score"] for s in scores.values() if s["score"] is not None]
        rows.append({"assessment": item, "sections": scores,
                     "overall": round(sum(scored) / len(scored), 2) if scored else None,
                     "answered": sum(s["answered"] for s in scores.values())})
    return rows
