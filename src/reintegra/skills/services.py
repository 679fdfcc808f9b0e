"""Writes of the skills profile, coded skills and occupations, qualifications, RPL and guidance.

Nothing is coded automatically: `coded_item_confirm` stores a code only when a user confirms it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.skills import coding, rpl
from reintegra.skills.models import (
    CodedItem,
    GuidanceChecklistAnswer,
    GuidanceGoal,
    Qualification,
    RplRecord,
    SkillsProfile,
)
from reintegra.skills.policies import can_act_on_case

PROFILE_FIELDS = ("literacy", "numeracy", "languages", "work_experience", "interests", "constraints",
                  "preferred_areas", "max_hours_per_week", "matching_consent_on")


def _require(actor: Any, case: Case, perm: str = "skills.change") -> None:
    if not can_act_on_case(actor, perm, case):
        raise PermissionDenied(_("You cannot change this case's economic pathway."))


def profile_save(*, actor: Any, case: Case, **fields: Any) -> SkillsProfile:
    _require(actor, case)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        profile, created = SkillsProfile.objects.get_or_create(
            case=case, defaults={"organization_id": case.organization_id})
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
        audit.record(audit.Action.CREATE if created else audit.Action.UPDATE, actor=actor,
                     organization=case.organization_id, obj=profile, detail={"fields": sorted(fields)})
    return profile


def _profile(case: Case) -> SkillsProfile:
    profile, _created = SkillsProfile.objects.get_or_create(
        case=case, defaults={"organization_id": case.organization_id})
    return profile


def coded_item_confirm(
    *, actor: Any, case: Case, kind: str, code: str, source_text: str = "", years: Any = None
) -> CodedItem:
    """Store a code the user has chosen (from the suggestions or directly); the label comes from the standard."""
    _require(actor, case)
    if kind not in CodedItem.Kind.values:
        raise ValidationError({"kind": _("Unknown kind.")})
    if kind == CodedItem.Kind.SKILL:
        labels = {lb.code: lb.display for lb in coding.skill_labels()}
        if code not in labels:
            raise ValidationError({"code": _("This is not an ESCO skill.")})
        label = labels[code]
    else:
        group = coding.isco_groups().get(code)
        if group is None or group.level != "unit":
            raise ValidationError({"code": _("Choose an ISCO-08 unit group (four digits).")})
        label = group.title
    with transaction.atomic():
        item, _created = CodedItem.objects.update_or_create(
            profile=_profile(case), kind=kind, code=code,
            defaults={"organization_id": case.organization_id, "label": label[:200], "source_text": source_text[:300],
                      "years": years, "confirmed_by": actor, "confirmed_at": timezone.now()},
        )
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=item,
                     detail={"kind": kind, "code": code})
    return item


def coded_item_remove(*, actor: Any, item: CodedItem) -> None:
    _require(actor, item.profile.case)
    with transaction.atomic():
        audit.record(audit.Action.DELETE, actor=actor, organization=item.organization_id, obj=item,
                     detail={"kind": item.kind, "code": item.code})
        item.delete()


def qualification_add(*, actor: Any, case: Case, **fields: Any) -> Qualification:
    _require(actor, case)
    with transaction.atomic():
        qualification = Qualification(profile=_profile(case), organization_id=case.organization_id, **fields)
        qualification.full_clean()
        qualification.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=qualification)
    return qualification


def rpl_start(*, actor: Any, case: Case, subject: str, on: dt.date, isco_code: str = "") -> RplRecord:
    _require(actor, case)
    if not subject.strip():
        raise ValidationError({"subject": _("Name the skill or qualification to be recognised.")})
    with transaction.atomic():
        record = RplRecord.objects.create(profile=_profile(case), organization_id=case.organization_id,
                                          subject=subject.strip(), isco_code=isco_code, information_on=on)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=record)
    return record


def rpl_advance(
    *, actor: Any, record: RplRecord, stage: str, on: dt.date, result: str = "", assessor: str = "",
    awarding_body: str = "", evidence: str = "", gaps: str = "",
) -> RplRecord:
    _require(actor, record.profile.case)
    dates = {s: getattr(record, f) for s, f in rpl.DATE_FIELDS.items()}
    errors = rpl.transition_errors(current=record.stage, dates=dates, new_stage=stage, on=on, result=result,
                                   previous_result=record.result)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record.stage = stage
        setattr(record, rpl.DATE_FIELDS[stage], on)
        if stage == "certification":
            record.result = result
        for name, value in (("assessor", assessor), ("awarding_body", awarding_body), ("evidence", evidence),
                            ("gaps", gaps)):
            if value:
                setattr(record, name, value)
        record.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=record.organization_id, obj=record,
                     detail={"stage": stage, "result": record.result})
    return record


def goal_add(
    *, actor: Any, case: Case, kind: str, description: str, isco_code: str = "", non_traditional: bool = False,
    non_traditional_discussed: bool = False, target_date: dt.date | None = None,
) -> GuidanceGoal:
    _require(actor, case)
    if isco_code and isco_code not in coding.isco_groups():
        raise ValidationError({"isco_code": _("Unknown ISCO-08 code.")})
    with transaction.atomic():
        goal = GuidanceGoal(case=case, organization_id=case.organization_id, kind=kind, description=description,
                            isco_code=isco_code, non_traditional=non_traditional,
                            non_traditional_discussed=non_traditional_discussed or non_traditional,
                            target_date=target_date, created_by=actor)
        goal.full_clean()
        goal.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=goal,
                     detail={"kind": kind})
    return goal


def goal_set_status(*, actor: Any, goal: GuidanceGoal, status: str) -> GuidanceGoal:
    _require(actor, goal.case)
    if status not in GuidanceGoal.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        goal.status = status
        goal.save(update_fields=["status"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=goal.organization_id, obj=goal,
                     detail={"status": status})
    return goal


def checklist_answer(*, actor: Any, case: Case, item_id: str, answer: str, note: str = "") -> GuidanceChecklistAnswer:
    from reintegra.planning.reference import checklist_items

    _require(actor, case)
    if not item_id.startswith("3d.") or item_id not in checklist_items():
        raise ValidationError({"item_id": _("Not an item of checklist 3d.")})
    if answer not in GuidanceChecklistAnswer.Answer.values:
        raise ValidationError({"answer": _("Unknown answer.")})
    with transaction.atomic():
        row, _created = GuidanceChecklistAnswer.objects.update_or_create(
            case=case, item_id=item_id,
            defaults={"organization_id": case.organization_id, "answer": answer, "note": note[:300],
                      "answered_by": actor, "answered_at": timezone.now()},
        )
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=row,
                     detail={"item": item_id, "answer": answer})
    return row
