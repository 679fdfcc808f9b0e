"""Writes of self-assessments: opening, answering, action points. Each is one audited transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.planning import reference
from reintegra.planning.models import (
    ActionPoint,
    ActionStatus,
    AnswerChoice,
    AssessmentScope,
    ChecklistAnswer,
    SelfAssessment,
)


def _require_answer_perm(actor: Any, assessment: SelfAssessment) -> None:
    perm = "checklist.answer_network" if assessment.scope == AssessmentScope.NETWORK else "checklist.answer"
    if not has_org_perm(actor, perm, assessment.organization_id):
        if assessment.pk and has_org_perm(actor, "checklist.view", assessment.organization_id):
            raise PermissionDenied(_("You can read this self-assessment but not change it."))
        raise Http404("No such self-assessment.")


def assessment_create(
    *, actor: Any, organization: Organization, period_label: str, period_start: dt.date, period_end: dt.date,
    scope: str = AssessmentScope.ORGANIZATION,
) -> SelfAssessment:
    if scope not in AssessmentScope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    assessment = SelfAssessment(organization=organization, scope=scope, period_label=period_label.strip(),
                                period_start=period_start, period_end=period_end, created_by=actor)
    _require_answer_perm(actor, assessment)
    if not assessment.period_label:
        raise ValidationError({"period_label": _("Name the period, for example 2026.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    try:
        with transaction.atomic():
            assessment.save()
            audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=assessment,
                         detail={"scope": scope, "period": assessment.period_label})
    except IntegrityError:
        raise ValidationError({"period_start": _("An assessment for this period already exists.")}) from None
    return assessment


def answer_record(
    *, actor: Any, assessment: SelfAssessment, item_id: str, answer: str, comment: str = "", evidence: str = "",
    owner: str = "",
) -> ChecklistAnswer:
    """Record (or change) the human answer to one item."""
    _require_answer_perm(actor, assessment)
    if item_id not in reference.checklist_items():
        raise ValidationError({"item_id": _("Unknown checklist item %(item)s.") % {"item": item_id}})
    if answer and answer not in AnswerChoice.values:
        raise ValidationError({"answer": _("Answer yes, partly, no or not applicable.")})
    with transaction.atomic():
        row, created = ChecklistAnswer.objects.select_for_update().get_or_create(
            assessment=assessment, item_id=item_id)
        before = {"answer": row.answer, "owner": row.owner}
        row.answer, row.comment, row.evidence, row.owner = answer, comment.strip(), evidence.strip(), owner.strip()
        row.answered_by, row.answered_at = actor, timezone.now()
        row.save()
        audit.record(audit.Action.CREATE if created else audit.Action.UPDATE, actor=actor,
                     organization=assessment.organization_id, obj=row,
                     detail={"item": item_id, "answer": answer, "before": before})
    return row


def action_points_generate(
    *, actor: Any, assessment: SelfAssessment, due_on: dt.date | None = None, default_owner: str = "",
) -> list[ActionPoint]:
    """Create an action point for every item answered "no" or left unanswered that has none yet."""
    _require_answer_perm(actor, assessment)
    answers = {a.item_id: a for a in assessment.answers.all()}
    existing = set(assessment.action_points.values_list("item_id", flat=True))
    created = []
    with transaction.atomic():
        for item_id, item in reference.checklist_items().items():
            answer = answers.get(item_id)
            value = answer.answer if answer else ""
            if value not in ("", AnswerChoice.NO) or item_id in existing:
                continue
            reason = _("answered no") if value else _("not answered yet")
            created.append(ActionPoint.objects.create(
                assessment=assessment, item_id=item_id,
                description=_("Item %(item)s (%(reason)s): %(text)s") % {
                    "item": item_id, "reason": reason, "text": item.text},
                owner=(answer.owner if answer and answer.owner else default_owner),
                due_on=due_on,
            ))
        audit.record(audit.Action.CREATE, actor=actor, organization=assessment.organization_id,
                     object_type="planning.actionpoint", object_id=assessment.pk,
                     detail={"generated": [a.item_id for a in created]})
    return created


def action_point_update(
    *, actor: Any, action_point: ActionPoint, owner: str, due_on: dt.date | None, status: str,
    description: str | None = None,
) -> ActionPoint:
    _require_answer_perm(actor, action_point.assessment)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        action_point.owner, action_point.due_on, action_point.status = owner.strip(), due_on, status
        if description is not None and description.strip():
            action_point.description = description.strip()
        action_point.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=action_point.assessment.organization_id,
                     obj=action_point, detail={"status": status, "due_on": due_on, "owner": owner})
    return action_point
