"""Consent decisions recorded on a case, and sharing of case sections that depends on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case, CaseShare, Section
from reintegra.cases.services._access import case_for_write
from reintegra.core import audit
from reintegra.core.models import AuditEvent, Organization
from reintegra.core.permissions import has_org_perm
from reintegra.people.consent import consent_in_force, consent_record, consent_require
from reintegra.people.models import Consent, ConsentPurpose

MIN_OVERRIDE_REASON = 15


def case_consent_record(*, actor: Any, case: Case, purpose: str, given: bool,
                        shared_with: Organization | None = None, recorded_on: dt.date | None = None,
                        witness: str = "", note: str = "") -> Consent:
    """Record the survivor's decision. Withdrawing consent to share with an organisation ends every
    active share of this case with it, in the same transaction."""
    case_for_write(actor=actor, case=case, perm="consent.record", allow_closed=True)
    with transaction.atomic():
        consent = consent_record(actor=actor, survivor=case.survivor, organization=case.organization,
                                 purpose=purpose, given=given, shared_with=shared_with, recorded_on=recorded_on,
                                 witness=witness, note=note)
        if purpose == ConsentPurpose.SHARING and not given:
            for share in CaseShare.objects.filter(case__survivor=case.survivor, shared_with=shared_with,
                                                  ended_on__isnull=True):
                _end(share, actor=actor, reason=_("consent withdrawn"))
    return consent


def case_share(*, actor: Any, case: Case, shared_with: Organization, sections: list[str], purpose: str,
               override_reason: str = "") -> CaseShare:
    """Share sections of the case with a named organisation. Refused without the survivor's consent
    to share with that organisation, unless a supervisor overrides with a written reason (audited)."""
    case_for_write(actor=actor, case=case, perm="case.share")
    if shared_with.pk == case.organization_id:
        raise ValidationError({"shared_with": _("The case already belongs to this organisation.")})
    sections = sorted(set(sections))
    if not sections or set(sections) - set(Section.values):
        raise ValidationError({"sections": _("Choose at least one section to share.")})
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say why the data is shared.")})
    override_reason = override_reason.strip()
    if not consent_in_force(survivor=case.survivor, purpose=ConsentPurpose.SHARING, shared_with=shared_with):
        if not override_reason:
            consent_require(survivor=case.survivor, purpose=ConsentPurpose.SHARING, shared_with=shared_with)
        if not has_org_perm(actor, "consent.override", case.organization_id):
            raise PermissionDenied(_("Only a supervisor can share without consent."))
        if len(override_reason) < MIN_OVERRIDE_REASON:
            raise ValidationError({"override_reason": _("Explain in a sentence why consent cannot be "
                                                        "obtained (15 characters or more).")})
    else:
        override_reason = ""
    with transaction.atomic():
        share = CaseShare.objects.create(organization_id=case.organization_id, case=case, shared_with=shared_with,
                                         sections=sections, purpose=purpose.strip(),
                                         consent_override_reason=override_reason, created_by=actor)
        reference = AuditEvent.reason_reference(share, "consent_override_reason") if override_reason else {}
        audit.record(audit.Action.BREAK_GLASS if override_reason else audit.Action.UPDATE, actor=actor,
                     organization=case.organization_id, obj=share,
                     detail={"case": case.pk, "shared_with": shared_with.pk, "sections": sections,
                             "consent_override": bool(override_reason), **reference})
    return share


def _end(share: CaseShare, *, actor: Any, reason: str) -> None:
    share.ended_on, share.ended_reason = timezone.localdate(), reason
    share.save(update_fields=["ended_on", "ended_reason"])
    audit.record(audit.Action.UPDATE, actor=actor, organization=share.organization_id, obj=share,
                 detail={"ended": True})  # the reason stays on the share, encrypted


def case_share_end(*, actor: Any, share: CaseShare, reason: str = "") -> CaseShare:
    case_for_write(actor=actor, case=share.case, perm="case.share", allow_closed=True)
    if share.ended_on:
        raise ValidationError(_("This share has already ended."))
    with transaction.atomic():
        _end(share, actor=actor, reason=reason.strip() or _("ended by the case manager"))
    return share
