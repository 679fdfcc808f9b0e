"""Personalised needs assessment (3c) and outcome assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases import conf
from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    Case,
    Horizon,
    Need,
    NeedsAssessment,
    OutcomeAssessment,
    Reminder,
)
from reintegra.cases.services._access import case_for_write
from reintegra.core import audit
from reintegra.people.consent import consent_require
from reintegra.people.models import ConsentPurpose


def _check_dimensions(dimensions: dict[str, Any]) -> dict[str, dict[str, str]]:
    known = {d["code"] for d in conf.needs_dimensions()}
    levels = set(conf.needs_levels())
    clean: dict[str, dict[str, str]] = {}
    for code, value in dimensions.items():
        if code not in known:
            raise ValidationError({"dimensions": _("Unknown dimension %(c)s.") % {"c": code}})
        level, note = value.get("level", ""), str(value.get("note", "")).strip()
        if level and level not in levels:
            raise ValidationError({"dimensions": _("Unknown level %(l)s.") % {"l": level}})
        if level or note:
            clean[code] = {"level": level, "note": note}
    return clean


def needs_assessment_record(*, actor: Any, case: Case, dimensions: dict[str, Any] | None = None,
                            checklist: dict[str, Any] | None = None,
                            needs: list[dict[str, str]] | None = None, needs_childcare: bool = False,
                            needs_transport: bool = False, schedule_constraints: bool = False,
                            constraints_note: str = "", aspirations: str = "", readiness: str = "not_yet",
                            assessed_on: dt.date | None = None) -> NeedsAssessment:
    """A new assessment (earlier ones stay as history). Needs the survivor's consent to services."""
    case_for_write(actor=actor, case=case)
    consent_require(survivor=case.survivor, purpose=ConsentPurpose.SERVICES)
    numbers = {str(item["number"]) for item in conf.needs_checklist()}
    answers = {str(k): v for k, v in (checklist or {}).items() if v is not None}
    if set(answers) - numbers or any(not isinstance(v, bool) for v in answers.values()):
        raise ValidationError({"checklist": _("Checklist answers must be yes or no for items 1–10.")})
    assessment = NeedsAssessment(
        organization_id=case.organization_id, case=case, assessed_on=assessed_on or timezone.localdate(),
        assessed_by=actor, dimensions=_check_dimensions(dimensions or {}), checklist=answers,
        needs_childcare=needs_childcare, needs_transport=needs_transport,
        schedule_constraints=schedule_constraints, constraints_note=constraints_note.strip(),
        aspirations=aspirations.strip(), readiness=readiness,
    )
    assessment.full_clean(exclude=["case", "organization"])
    rows = []
    for need in needs or []:
        if not need.get("description", "").strip():
            continue
        if need.get("horizon") not in Horizon.values:
            raise ValidationError({"needs": _("Each need must be immediate, intermediate or long-term.")})
        rows.append(Need(organization_id=case.organization_id, horizon=need["horizon"],
                         dimension=need.get("dimension", ""), description=need["description"].strip()[:300]))
    with transaction.atomic():
        assessment.save()
        for row in rows:
            row.assessment = assessment
        Need.objects.bulk_create(rows)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=assessment,
                     detail={"case": case.pk, "needs": len(rows)})
    return assessment


def need_set_status(*, actor: Any, case: Case, need: Need, status: str) -> Need:
    """Mark a need as met ("met") or still open ("open")."""
    case_for_write(actor=actor, case=case)
    if need.assessment.case_id != case.pk:
        raise ValidationError({"need": _("This need belongs to another case.")})
    if status not in ("open", "met"):
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        need.met = status == "met"
        need.save(update_fields=["met"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=need,
                     detail={"case": case.pk, "met": need.met})
    return need


def outcome_record(*, actor: Any, case: Case, timepoint: str, scores: dict[str, int],
                   assessed_on: dt.date | None = None, note: str = "") -> OutcomeAssessment:
    case_for_write(actor=actor, case=case, allow_closed=False)
    missing = [code for code, _label in OUTCOME_DOMAINS if code not in scores]
    if missing:
        raise ValidationError({"scores": _("Score every domain (missing: %(m)s).") % {"m": ", ".join(missing)}})
    outcome = OutcomeAssessment(organization_id=case.organization_id, case=case, timepoint=timepoint,
                                assessed_on=assessed_on or timezone.localdate(), assessed_by=actor, note=note,
                                **{code: scores[code] for code, _label in OUTCOME_DOMAINS})
    outcome.full_clean(exclude=["case", "organization"], validate_constraints=False)
    try:
        with transaction.atomic():
            outcome.save()
            Reminder.objects.filter(case=case, kind=Reminder.Kind.OUTCOME_DUE, dismissed_at__isnull=True).update(
                dismissed_at=timezone.now())
            audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=outcome,
                         detail={"case": case.pk, "timepoint": timepoint})
    except IntegrityError:
        raise ValidationError({"timepoint": _("Scores for this time point are already recorded.")}) from None
    return outcome
