"""Placements with retention checks at 1, 3, 6 and 12 months created with the placement; ends."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.employment.models import RETENTION_MONTHS, Employer, Opportunity, Placement, RetentionCheck
from reintegra.employment.services.employers import bump_index
from reintegra.skills.policies import can_act_on_case


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require(actor: Any, case: Case) -> None:
    if not can_act_on_case(actor, "placement.manage", case):
        raise PermissionDenied(_("You cannot record placements for this case."))


def placement_create(
    *, actor: Any, case: Case, job_title: str, started_on: dt.date, kind: str = Placement.Kind.WAGE,
    opportunity: Opportunity | None = None, employer: Employer | None = None, monthly_wage: Decimal | None = None,
    contract_type: str = "permanent", hours_per_week: int | None = None, isco_code: str = "",
) -> Placement:
    _require(actor, case)
    if opportunity is not None:
        employer = employer or opportunity.employer
        isco_code = isco_code or opportunity.isco_code
        if opportunity.status != Opportunity.Status.OPEN:
            raise ValidationError({"opportunity": _("This opportunity is no longer open.")})
    if kind != Placement.Kind.SELF:
        if employer is None:
            raise ValidationError({"employer": _("Choose the employer.")})
        if not employer.can_receive_placements:
            raise ValidationError({"employer": _("This employer has not passed vetting, or is listed in a register "
                                                 "of employers found using forced labour.")})
    with transaction.atomic():
        placement = Placement(
            organization_id=case.organization_id, case=case, opportunity=opportunity, employer=employer, kind=kind,
            job_title=job_title, isco_code=isco_code, started_on=started_on, monthly_wage=monthly_wage,
            contract_type=contract_type, hours_per_week=hours_per_week, created_by=actor)
        placement.full_clean()
        placement.save()
        RetentionCheck.objects.bulk_create([
            RetentionCheck(organization_id=case.organization_id, placement=placement, month=month,
                           due_on=add_months(started_on, month))
            for month in RETENTION_MONTHS
        ])
        if opportunity is not None:
            Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
            if opportunity.placements.count() >= opportunity.openings:
                opportunity.status = Opportunity.Status.FILLED
                opportunity.save(update_fields=["status", "updated_at"])
                bump_index()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=placement,
                     detail={"kind": kind, "employer": employer.pk if employer else None,
                             "retention_checks": list(RETENTION_MONTHS)})
    return placement


def retention_check_record(
    *, actor: Any, check: RetentionCheck, done_on: dt.date, still_employed: bool, monthly_wage: Decimal | None = None,
    satisfied: bool | None = None, note: str = "", end_reason: str = "",
) -> RetentionCheck:
    placement = check.placement
    _require(actor, placement.case)
    if done_on < placement.started_on:
        raise ValidationError({"done_on": _("The check cannot be before the placement started.")})
    if not still_employed and placement.ended_on is None and end_reason not in Placement.EndReason.values:
        raise ValidationError({"end_reason": _("The person has left: record why.")})
    with transaction.atomic():
        check.done_on, check.still_employed, check.monthly_wage = done_on, still_employed, monthly_wage
        check.satisfied, check.note, check.recorded_by = satisfied, note, actor
        check.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=check.organization_id, obj=check,
                     detail={"month": check.month, "still_employed": still_employed})
        if not still_employed and placement.ended_on is None:
            placement_end(actor=actor, placement=placement, ended_on=done_on, reason=end_reason)
    return check


def placement_end(*, actor: Any, placement: Placement, ended_on: dt.date, reason: str) -> Placement:
    _require(actor, placement.case)
    if reason not in Placement.EndReason.values:
        raise ValidationError({"end_reason": _("Choose why the placement ended.")})
    if ended_on < placement.started_on:
        raise ValidationError({"ended_on": _("A placement cannot end before it starts.")})
    with transaction.atomic():
        placement.ended_on, placement.end_reason = ended_on, reason
        placement.save(update_fields=["ended_on", "end_reason"])
        dropped = list(placement.retention_checks.filter(done_on__isnull=True, due_on__gt=ended_on)
                       .values_list("month", flat=True))
        placement.retention_checks.filter(done_on__isnull=True, due_on__gt=ended_on).delete()
        audit.record(audit.Action.UPDATE, actor=actor, organization=placement.organization_id, obj=placement,
                     detail={"ended": str(ended_on), "reason": reason, "checks_cancelled": dropped})
    return placement


def retention_checks_due(*, organization_ids: list[int], on: dt.date | None = None):
    """Checks due and not done (for the daily reminder command and the overdue list)."""
    return RetentionCheck.objects.filter(organization_id__in=organization_ids, done_on__isnull=True,
                                         due_on__lte=on or timezone.localdate()).select_related("placement")
