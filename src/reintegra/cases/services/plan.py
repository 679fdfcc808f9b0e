"""Individual reintegration plan: the plan, its goals and actions, reviews, and agreement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import (
    ActionStatus,
    Case,
    GoalStatus,
    PlanAction,
    PlanGoal,
    PlanReview,
    ReintegrationPlan,
)
from reintegra.cases.services._access import case_for_write
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.people.consent import consent_require
from reintegra.people.models import ConsentPurpose


def plan_save(*, actor: Any, case: Case, objectives: str = "", language: str = "en",
              agreed_by_survivor: bool = False, agreed_on: dt.date | None = None,
              agreement_note: str = "") -> ReintegrationPlan:
    """Create or update the plan. Needs the survivor's consent to receive services."""
    case_for_write(actor=actor, case=case)
    consent_require(survivor=case.survivor, purpose=ConsentPurpose.SERVICES)
    if agreed_by_survivor and not agreed_on:
        agreed_on = timezone.localdate()
    if agreed_on and agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date cannot be in the future.")})
    plan = ReintegrationPlan.objects.filter(case=case).first() or ReintegrationPlan(
        case=case, organization_id=case.organization_id)
    plan.objectives, plan.language = objectives.strip(), language or "en"
    plan.agreed_by_survivor = agreed_by_survivor
    plan.agreed_on = agreed_on if agreed_by_survivor else None
    plan.agreement_note = agreement_note.strip()
    plan.full_clean(exclude=["case", "organization"])
    with transaction.atomic():
        created = plan.pk is None
        plan.save()
        audit.record(audit.Action.CREATE if created else audit.Action.UPDATE, actor=actor,
                     organization=case.organization_id, obj=plan,
                     detail={"case": case.pk, "agreed": agreed_by_survivor})
    return plan


def _plan_of(case: Case) -> ReintegrationPlan:
    plan = ReintegrationPlan.objects.filter(case=case).first()
    if plan is None:
        raise ValidationError(_("Write the plan's objectives first."))
    return plan


def plan_goal_add(*, actor: Any, case: Case, area: str, description: str,
                  target_on: dt.date | None = None) -> PlanGoal:
    case_for_write(actor=actor, case=case)
    plan = _plan_of(case)
    goal = PlanGoal(organization_id=case.organization_id, plan=plan, area=area, description=description.strip(),
                    target_on=target_on)
    goal.full_clean(exclude=["plan", "organization"])
    with transaction.atomic():
        goal.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=goal,
                     detail={"case": case.pk})
    return goal


def plan_action_add(*, actor: Any, case: Case, goal: PlanGoal, description: str,
                    responsible_organization: Organization | None = None, responsible_person: str = "",
                    due_on: dt.date | None = None) -> PlanAction:
    case_for_write(actor=actor, case=case)
    if goal.plan.case_id != case.pk:
        raise ValidationError({"goal": _("This goal belongs to another case.")})
    action = PlanAction(organization_id=case.organization_id, goal=goal, description=description.strip(),
                        responsible_organization=responsible_organization,
                        responsible_person=responsible_person.strip(), due_on=due_on)
    action.full_clean(exclude=["goal", "organization"])
    with transaction.atomic():
        action.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=action,
                     detail={"case": case.pk})
    return action


def plan_action_set_status(*, actor: Any, case: Case, action: PlanAction, status: str) -> PlanAction:
    case_for_write(actor=actor, case=case)
    if action.goal.plan.case_id != case.pk:
        raise ValidationError({"action": _("This action belongs to another case.")})
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        action.status = status
        action.save(update_fields=["status"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=action,
                     detail={"case": case.pk, "status": status})
    return action


def plan_goal_set_status(*, actor: Any, case: Case, goal: PlanGoal, status: str) -> PlanGoal:
    case_for_write(actor=actor, case=case)
    if goal.plan.case_id != case.pk:
        raise ValidationError({"goal": _("This goal belongs to another case.")})
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        goal.status = status
        goal.save(update_fields=["status"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=goal,
                     detail={"case": case.pk, "status": status})
    return goal


def plan_review_add(*, actor: Any, case: Case, note: str, reviewed_on: dt.date | None = None) -> PlanReview:
    case_for_write(actor=actor, case=case)
    plan = _plan_of(case)
    if not note.strip():
        raise ValidationError({"note": _("Write what the review found.")})
    review = PlanReview(organization_id=case.organization_id, plan=plan, note=note.strip(), reviewed_by=actor,
                        reviewed_on=reviewed_on or timezone.localdate())
    with transaction.atomic():
        review.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=review,
                     detail={"case": case.pk})
    return review
