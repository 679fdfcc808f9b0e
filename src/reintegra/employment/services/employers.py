"""Employers: registration (screened against forced-labour registers), vetting against the
decent-work criteria, awareness sessions, employer accounts, the survivor's disclosure consent,
and opportunities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.employment.models import (
    DECENT_WORK_CRITERIA,
    AwarenessSession,
    Employer,
    EmployerAccount,
    IndexVersion,
    Opportunity,
)
from reintegra.people.consent import consent_record
from reintegra.people.models import Consent, ConsentPurpose
from reintegra.skills import coding
from reintegra.skills.policies import can_act_on_case

EMPLOYER_FIELDS = ("name", "tax_id", "isic_section", "size", "admin_area", "contact_name", "contact_phone",
                   "contact_email", "partnership")


def bump_index() -> None:
    """Tell every process that opportunities or employers changed (the matching index reloads)."""
    updated = IndexVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        IndexVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _require(actor: Any, perm: str, organization_id: int) -> None:
    if not has_org_perm(actor, perm, organization_id):
        raise PermissionDenied(_("You are not allowed to do this in this organisation."))


def employer_create(*, actor: Any, organization: Organization, **fields: Any) -> Employer:
    from reintegra.employment.services.registers import find_register_hit

    _require(actor, "employer.manage", organization.pk)
    if set(fields) - set(EMPLOYER_FIELDS):
        raise ValidationError(_("Unknown employer fields."))
    with transaction.atomic():
        employer = Employer(organization=organization, **fields)
        employer.register_hit = find_register_hit(name=employer.name, tax_id=employer.tax_id)
        if employer.register_hit is not None:
            employer.vetting = Employer.Vetting.REJECTED
        employer.full_clean()
        employer.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=employer,
                     detail={"register_hit": employer.register_hit_id})
        bump_index()
    return employer


def vetting_errors(*, criteria: dict[str, bool], decision: str, register_listed: bool, notes: str) -> dict[str, str]:
    """The vetting rules (pure; property-tested)."""
    errors: dict[str, str] = {}
    if decision not in Employer.Vetting.values:
        return {"vetting": _("Unknown decision.")}
    met = all(criteria.get(name, False) for name in DECENT_WORK_CRITERIA)
    if register_listed and decision in (Employer.Vetting.APPROVED, Employer.Vetting.CONDITIONS):
        errors["vetting"] = _("This employer is listed in a register of employers found using forced labour.")
    elif decision == Employer.Vetting.APPROVED and not met:
        errors["vetting"] = _("Approval needs every decent-work criterion met; approve with conditions instead.")
    elif decision == Employer.Vetting.CONDITIONS and not notes.strip():
        errors["vetting_notes"] = _("Write down the conditions and when they will be checked.")
    return errors


def employer_vet(*, actor: Any, employer: Employer, decision: str, notes: str = "",
                 on: dt.date | None = None, **criteria: bool) -> Employer:
    _require(actor, "employer.manage", employer.organization_id)
    if set(criteria) - set(DECENT_WORK_CRITERIA):
        raise ValidationError(_("Unknown criteria."))
    errors = vetting_errors(criteria=criteria, decision=decision, register_listed=employer.register_hit_id is not None,
                            notes=notes)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name in DECENT_WORK_CRITERIA:
            setattr(employer, name, bool(criteria.get(name, False)))
        employer.vetting = decision
        employer.vetting_notes = notes
        employer.vetted_on = on or timezone.localdate()
        employer.vetted_by = actor
        employer.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=employer.organization_id, obj=employer,
                     detail={"vetting": decision, "criteria": employer.criteria_met})
        bump_index()
    return employer


def awareness_session_add(*, actor: Any, employer: Employer, held_on: dt.date, topic: str,
                          participants: int = 0) -> AwarenessSession:
    _require(actor, "employer.manage", employer.organization_id)
    with transaction.atomic():
        session = AwarenessSession.objects.create(organization_id=employer.organization_id, employer=employer,
                                                  held_on=held_on, topic=topic, participants=participants)
        audit.record(audit.Action.CREATE, actor=actor, organization=employer.organization_id, obj=session)
    return session


class LinkMoveNeedsConfirmation(ValidationError):
    """The login is already linked to another employer: moving it needs an explicit confirmation."""

    def __init__(self, current: Employer) -> None:
        super().__init__(_("This account is already linked to %(employer)s. Confirm to move it.")
                         % {"employer": current.name}, code="confirm_move")
        self.current = current


def employer_login_refusal(user: Any) -> str:
    """Why `user` cannot be an employer's login ("" when it can). The network has no employer role:
    an employer login is an active account with no membership in any organisation and no staff
    rights, so linking can never hand the portal to (or case data from) a staff account."""
    from reintegra.core.models import Membership

    if user is None or not user.is_active:
        return _("No active account with that username.")
    if user.is_staff or user.is_superuser or Membership.objects.filter(user=user).exists():
        return _("This account belongs to someone working in the network; an employer needs its own login.")
    return ""


def employer_account_link(*, actor: Any, employer: Employer, user: Any, confirm_move: bool = False
                          ) -> EmployerAccount:
    """Link `user` to `employer`. Refuses staff accounts, and refuses to move a link from another
    employer unless `confirm_move` (and the actor may manage that employer too)."""
    _require(actor, "employer.manage", employer.organization_id)
    refusal = employer_login_refusal(user)
    if refusal:
        raise ValidationError({"username": refusal})
    with transaction.atomic():
        current = EmployerAccount.objects.select_for_update().select_related("employer").filter(user=user).first()
        if current is not None and current.employer_id == employer.pk:
            return current
        if current is not None:
            if not confirm_move:
                raise LinkMoveNeedsConfirmation(current.employer)
            _require(actor, "employer.manage", current.employer.organization_id)
            previous = current.employer_id
            current.employer = employer
            current.save(update_fields=["employer"])
            audit.record(audit.Action.UPDATE, actor=actor, organization=employer.organization_id, obj=current,
                         detail={"user": user.pk, "moved_from_employer": previous, "employer": employer.pk})
            return current
        account = EmployerAccount.objects.create(user=user, employer=employer)
        audit.record(audit.Action.CREATE, actor=actor, organization=employer.organization_id, obj=account,
                     detail={"user": user.pk, "employer": employer.pk})
    return account


def _disclosure(*, actor: Any, case: Case, employer: Employer | None, given: bool, on: dt.date | None,
                witness: str, note: str) -> Consent:
    if not can_act_on_case(actor, "placement.manage", case):
        raise PermissionDenied(_("You cannot record consent for this case."))
    return consent_record(actor=actor, survivor=case.survivor, organization=case.organization,
                          purpose=ConsentPurpose.EMPLOYER_DISCLOSURE, given=given, employer=employer,
                          recorded_on=on, witness=witness, note=note)


def disclosure_consent_record(*, actor: Any, case: Case, employer: Employer, given_on: dt.date | None = None,
                              witness: str = "", note: str = "") -> Consent:
    """The survivor agrees that `employer` may know they are supported by the programme. Stored in
    the one consent store (people.Consent), so the case's consent history shows it and a withdrawal
    recorded on the case ends it."""
    return _disclosure(actor=actor, case=case, employer=employer, given=True, on=given_on, witness=witness,
                       note=note)


def disclosure_consent_withdraw(*, actor: Any, case: Case, employer: Employer | None,
                                on: dt.date | None = None, witness: str = "", note: str = "") -> Consent:
    """Withdraw from `employer`, or from every employer when `employer` is None."""
    return _disclosure(actor=actor, case=case, employer=employer, given=False, on=on, witness=witness, note=note)


OPPORTUNITY_FIELDS = ("kind", "title", "isco_code", "skills", "admin_area", "hours_per_week", "schedule",
                      "monthly_wage", "contract_type", "min_literacy", "suits_early_stage", "openings", "deadline")


def opportunity_create(*, actor: Any, organization: Organization, employer: Employer, **fields: Any) -> Opportunity:
    _require(actor, "opportunity.manage", organization.pk)
    if set(fields) - set(OPPORTUNITY_FIELDS):
        raise ValidationError(_("Unknown opportunity fields."))
    if employer.register_hit_id is not None or employer.vetting == Employer.Vetting.REJECTED:
        raise ValidationError({"employer": _("Opportunities from a rejected employer cannot be offered.")})
    group = coding.isco_groups().get(fields.get("isco_code", ""))
    if group is None or group.level != "unit":
        raise ValidationError({"isco_code": _("Choose an ISCO-08 unit group (four digits).")})
    with transaction.atomic():
        opportunity = Opportunity(organization=organization, employer=employer, **fields)
        opportunity.full_clean()
        opportunity.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=opportunity)
        bump_index()
    return opportunity


def opportunity_update(*, actor: Any, opportunity: Opportunity, employer: Employer | None = None,
                       **fields: Any) -> Opportunity:
    """Change an opportunity's details (only in the organisation that recorded it). The audit trail
    names the fields changed."""
    _require(actor, "opportunity.manage", opportunity.organization_id)
    if set(fields) - set(OPPORTUNITY_FIELDS):
        raise ValidationError(_("Unknown opportunity fields."))
    employer = employer or opportunity.employer
    if employer.register_hit_id is not None or employer.vetting == Employer.Vetting.REJECTED:
        raise ValidationError({"employer": _("Opportunities from a rejected employer cannot be offered.")})
    isco_code = fields.get("isco_code", opportunity.isco_code)
    group = coding.isco_groups().get(isco_code)
    if group is None or group.level != "unit":
        raise ValidationError({"isco_code": _("Choose an ISCO-08 unit group (four digits).")})
    changed = sorted(name for name, value in fields.items() if getattr(opportunity, name) != value)
    if employer.pk != opportunity.employer_id:
        changed.append("employer")
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        locked.employer = employer
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=locked.organization_id, obj=locked,
                     detail={"changed": changed})
        bump_index()
    return locked


def opportunity_set_status(*, actor: Any, opportunity: Opportunity, status: str) -> Opportunity:
    _require(actor, "opportunity.manage", opportunity.organization_id)
    if status not in Opportunity.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        opportunity.status = status
        opportunity.save(update_fields=["status", "updated_at"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=opportunity.organization_id, obj=opportunity,
                     detail={"status": status})
        bump_index()
    return opportunity
