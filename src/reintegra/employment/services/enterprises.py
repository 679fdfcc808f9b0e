"""Enterprises, start-up support, viability follow-ups, mentoring/coaching sessions, and the
market appraisals shared across providers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.employment.models import (
    Enterprise,
    MarketAppraisal,
    Mentor,
    StartupSupport,
    SupportSession,
    TradeInDemand,
    ViabilityCheck,
)
from reintegra.skills import coding
from reintegra.skills.policies import can_act_on_case


def _require(actor: Any, perm: str, case: Case) -> None:
    if not can_act_on_case(actor, perm, case):
        raise PermissionDenied(_("You cannot do this for this case."))


def enterprise_create(*, actor: Any, case: Case, name: str, business_plan: str = "", isco_code: str = "",
                      isic_section: str = "", admin_area: str = "", is_group: bool = False) -> Enterprise:
    _require(actor, "enterprise.manage", case)
    with transaction.atomic():
        enterprise = Enterprise(organization_id=case.organization_id, case=case, name=name,
                                business_plan=business_plan, isco_code=isco_code, isic_section=isic_section,
                                admin_area=admin_area or case.admin_area, is_group=is_group)
        enterprise.full_clean()
        enterprise.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=enterprise)
    return enterprise


ENTERPRISE_FIELDS = ("name", "isco_code", "isic_section", "admin_area", "business_plan", "is_group")


def enterprise_update(*, actor: Any, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """Edit the enterprise and its business plan. The audit trail names the fields changed, not
    their content (the plan may describe the person)."""
    _require(actor, "enterprise.manage", enterprise.case)
    if set(fields) - set(ENTERPRISE_FIELDS):
        raise ValidationError(_("Unknown enterprise fields."))
    if "isco_code" in fields and fields["isco_code"]:
        group = coding.isco_groups().get(fields["isco_code"])
        if group is None:
            raise ValidationError({"isco_code": _("Choose an ISCO-08 code.")})
    if (enterprise.status != Enterprise.Status.PLANNING and "business_plan" in fields
            and not str(fields["business_plan"]).strip()):
        raise ValidationError({"business_plan": _("A trading enterprise keeps its business plan.")})
    changed = sorted(name for name, value in fields.items() if getattr(enterprise, name) != value)
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=locked.organization_id, obj=locked,
                     detail={"changed": changed})
    return locked


def enterprise_start(*, actor: Any, enterprise: Enterprise, started_on: dt.date,
                     plan_approved_on: dt.date | None = None) -> Enterprise:
    _require(actor, "enterprise.manage", enterprise.case)
    if not enterprise.business_plan.strip():
        raise ValidationError({"business_plan": _("Write the business plan before the enterprise starts.")})
    with transaction.atomic():
        enterprise.started_on = started_on
        enterprise.plan_approved_on = plan_approved_on or enterprise.plan_approved_on or started_on
        enterprise.status = Enterprise.Status.STARTED
        enterprise.save(update_fields=["started_on", "plan_approved_on", "status"])  # never a stale plan
        audit.record(audit.Action.UPDATE, actor=actor, organization=enterprise.organization_id, obj=enterprise,
                     detail={"started_on": str(started_on)})
    return enterprise


def startup_support_add(*, actor: Any, enterprise: Enterprise, kind: str, amount: Decimal,
                        own_contribution: Decimal = Decimal(0), given_on: dt.date | None = None,
                        provider: str = "") -> StartupSupport:
    _require(actor, "enterprise.manage", enterprise.case)
    if kind == StartupSupport.Kind.CO_FINANCING and own_contribution <= 0:
        raise ValidationError({"own_contribution": _("Co-financing needs the entrepreneur's own contribution.")})
    if amount < 0 or own_contribution < 0:
        raise ValidationError({"amount": _("Amounts cannot be negative.")})
    with transaction.atomic():
        support = StartupSupport(organization_id=enterprise.organization_id, enterprise=enterprise, kind=kind,
                                 amount=amount, own_contribution=own_contribution, provider=provider)
        if given_on:
            support.given_on = given_on
        support.full_clean()
        support.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=enterprise.organization_id, obj=support,
                     detail={"kind": kind, "amount": str(amount)})
    return support


def viability_check_add(*, actor: Any, enterprise: Enterprise, checked_on: dt.date, trading: bool,
                        monthly_income: Decimal | None = None, note: str = "") -> ViabilityCheck:
    _require(actor, "enterprise.manage", enterprise.case)
    with transaction.atomic():
        check = ViabilityCheck.objects.create(organization_id=enterprise.organization_id, enterprise=enterprise,
                                              checked_on=checked_on, trading=trading, monthly_income=monthly_income,
                                              note=note, recorded_by=actor)
        if not trading and enterprise.status != Enterprise.Status.CLOSED:
            enterprise.status = Enterprise.Status.CLOSED
            enterprise.save(update_fields=["status"])
        audit.record(audit.Action.CREATE, actor=actor, organization=enterprise.organization_id, obj=check,
                     detail={"trading": trading})
    return check


def support_session_add(*, actor: Any, case: Case, kind: str, held_on: dt.date, mentor: str = "",
                        peer_survivor_mentor: bool = False, notes: str = "",
                        registered_mentor: Mentor | None = None) -> SupportSession:
    """A session; `registered_mentor` (from the case organisation's register) makes it count for the
    trained-mentor indicators, and carries its peer-survivor flag over."""
    _require(actor, "mentoring.record", case)
    if registered_mentor is not None:
        if registered_mentor.organization_id != case.organization_id:
            raise ValidationError({"registered_mentor": _("Choose a mentor or coach registered by this organisation.")})
        if not registered_mentor.active:
            raise ValidationError({"registered_mentor": _("This mentor or coach is no longer active.")})
        peer_survivor_mentor = peer_survivor_mentor or registered_mentor.peer_survivor
    with transaction.atomic():
        session = SupportSession(organization_id=case.organization_id, case=case, kind=kind, held_on=held_on,
                                 mentor=mentor, peer_survivor_mentor=peer_survivor_mentor, notes=notes,
                                 recorded_by=actor, registered_mentor=registered_mentor)
        session.full_clean()
        session.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=session,
                     detail={"kind": kind, "mentor": registered_mentor.pk if registered_mentor else None})
    return session


def appraisal_create(*, actor: Any, organization: Organization, admin_area: str, kind: str, title: str,
                     conducted_on: dt.date, summary: str = "", feasibility_notes: str = "") -> MarketAppraisal:
    if not has_org_perm(actor, "market.manage", organization):
        raise PermissionDenied(_("You cannot record market appraisals for this organisation."))
    with transaction.atomic():
        appraisal = MarketAppraisal(organization=organization, admin_area=admin_area, kind=kind, title=title,
                                    conducted_on=conducted_on, summary=summary, feasibility_notes=feasibility_notes,
                                    created_by=actor)
        appraisal.full_clean()
        appraisal.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=appraisal)
    return appraisal


def trade_add(*, actor: Any, appraisal: MarketAppraisal, isco_code: str, evidence: str,
              observed_on: dt.date | None = None, for_self_employment: bool = False) -> TradeInDemand:
    if not has_org_perm(actor, "market.manage", appraisal.organization_id):
        raise PermissionDenied(_("You cannot change this appraisal."))
    group = coding.isco_groups().get(isco_code)
    if group is None or group.level != "unit":
        raise ValidationError({"isco_code": _("Choose an ISCO-08 unit group (four digits).")})
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say what shows the trade is in demand.")})
    with transaction.atomic():
        trade = TradeInDemand(organization_id=appraisal.organization_id, appraisal=appraisal, isco_code=isco_code,
                              evidence=evidence, for_self_employment=for_self_employment)
        if observed_on:
            trade.observed_on = observed_on
        trade.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=appraisal.organization_id, obj=trade)
    return trade
