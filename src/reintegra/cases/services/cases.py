"""Writes of cases: opening (with the start of the lifecycle), assignment, break-glass access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case, PhaseChange
from reintegra.cases.selectors import case_get_for_break_glass, cases_visible_to
from reintegra.cases.services._access import case_for_write
from reintegra.cases.services.followup import schedule_next
from reintegra.core import audit
from reintegra.core.models import AuditEvent, BreakGlassGrant, Membership, Organization
from reintegra.core.permissions import has_org_perm
from reintegra.people.models import Survivor
from reintegra.people.services import Identity, survivor_register


def case_open(
    *,
    actor: Any,
    organization: Organization,
    identity: Identity,
    case_manager: Any = None,
    admin_area: str = "",
    opened_on: dt.date | None = None,
    **survivor_attributes: Any,
) -> Case:
    """Register a survivor and open their case in `organization` (one transaction, audited)."""
    if not has_org_perm(actor, "case.create", organization):
        raise PermissionDenied(_("You cannot open cases in this organisation."))
    manager = case_manager or actor
    if not Membership.objects.active().filter(user=manager, organization=organization).exists():
        raise ValidationError({"case_manager": _("The case manager must be a member of the organisation.")})
    with transaction.atomic():
        survivor = survivor_register(
            actor=actor, organization=organization, identity=identity, **survivor_attributes
        )
        case = Case.objects.create(
            organization=organization,
            survivor=survivor,
            case_manager=manager,
            admin_area=admin_area or organization.admin_area,
            opened_on=opened_on or timezone.localdate(),
            phase_started_on=opened_on or timezone.localdate(),
        )
        _start_lifecycle(case, actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=case)
    return case


def _start_lifecycle(case: Case, actor: Any) -> None:
    """First phase (crisis) and the first follow-up contact, on the cadence of that phase."""
    PhaseChange.objects.create(organization_id=case.organization_id, case=case, phase=case.phase,
                               started_on=case.phase_started_on, changed_by=actor)
    schedule_next(case, after=case.opened_on)


def case_open_for_survivor(
    *, actor: Any, organization: Organization, survivor: Survivor, case_manager: Any = None
) -> Case:
    # A new case gives its team the person's identity: only for someone who already sees a case of
    # this survivor (out of scope looks like missing).
    if not cases_visible_to(user=actor).filter(survivor=survivor).exists():
        raise Http404("No such survivor.")
    if not has_org_perm(actor, "case.create", organization):
        raise PermissionDenied(_("You cannot open cases in this organisation."))
    with transaction.atomic():
        case = Case.objects.create(
            organization=organization, survivor=survivor, case_manager=case_manager or actor,
            admin_area=organization.admin_area,
        )
        _start_lifecycle(case, actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=case)
    return case


def case_assign(*, actor: Any, case: Case, case_manager: Any, team: list[Any] | None = None) -> Case:
    case_for_write(actor=actor, case=case, perm="case.assign", allow_closed=True)
    members = {case_manager, *(team or [])}
    for member in members:
        if not Membership.objects.active().filter(user=member, organization_id=case.organization_id).exists():
            raise ValidationError({"team": _("Everyone on the team must be a member of the organisation.")})
    with transaction.atomic():
        case.case_manager = case_manager
        case.save(update_fields=["case_manager", "updated_at"])
        if team is not None:
            case.team.set(team)
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=case,
                     detail={"case_manager": case_manager.pk, "team": sorted(u.pk for u in team or [])})
    return case


def case_break_glass(*, actor: Any, case_id: int, reason: str) -> BreakGlassGrant:
    """Grant `actor` temporary access to a case of their organisation outside their assignment.

    Requires the case.break_glass permission in the owner organisation and a written reason;
    shown in the organisation's audit trail. Out-of-scope cases answer 404 like missing ones.
    """
    case = case_get_for_break_glass(case_id=case_id)
    if case is None or not has_org_perm(actor, "case.break_glass", case.organization_id):
        raise Http404("No such case.")
    reason = reason.strip()
    if len(reason) < 15:
        raise ValidationError({"reason": _("Explain in a sentence why you need access (15 characters or more).")})
    if cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise ValidationError({"reason": _("You already have access to this case.")})
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor, organization=case.organization, case=case, reason=reason,
            expires_at=timezone.now() + dt.timedelta(minutes=settings.REINTEGRA_BREAK_GLASS_MINUTES),
        )
        audit.record(audit.Action.BREAK_GLASS, actor=actor, organization=case.organization_id, obj=case,
                     detail={"expires_at": grant.expires_at.isoformat(),
                             **AuditEvent.reason_reference(grant, "reason")})
    return grant
