"""Transfer of case ownership: requested by the owner, effective only when the new owner accepts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.cases.selectors import cases_visible_to
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm, organizations_with
from reintegra.referrals.consent import sharing_consent_given
from reintegra.referrals.models import Transfer, TransferStatus
from reintegra.referrals.notify import notify, staff_with


def transfer_request(*, actor: Any, case: Case, to_organization: Organization, reason: str) -> Transfer:
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not has_org_perm(actor, "referral.transfer", case.organization_id):
        raise PermissionDenied(_("Only a supervisor can transfer a case."))
    if to_organization.pk == case.organization_id:
        raise ValidationError({"to_organization": _("The case already belongs to this organisation.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case should move.")})
    if Transfer.objects.filter(case=case, status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("A transfer of this case is already waiting for an answer."))
    if not sharing_consent_given(case=case, recipient=to_organization):
        raise PermissionDenied(_("The survivor has not consented to sharing with %(org)s.")
                               % {"org": to_organization.name})
    with transaction.atomic():
        transfer = Transfer.objects.create(organization_id=case.organization_id, case=case,
                                           to_organization=to_organization, reason=reason.strip(),
                                           requested_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=transfer,
                     detail={"case": case.pk, "to": to_organization.pk})
        notify(users=staff_with("referral.transfer", to_organization.pk), organization_id=to_organization.pk,
               message=_("%(org)s asks you to take over a case (transfer T-%(id)s).")
               % {"org": case.organization.name, "id": transfer.pk}, url=reverse("referrals:transfers"))
    return transfer


def transfers_incoming(*, user: Any) -> QuerySet[Transfer]:
    return Transfer.objects.filter(to_organization_id__in=organizations_with(user, "referral.transfer")
                                   ).select_related("organization", "to_organization")


def transfers_outgoing(*, user: Any) -> QuerySet[Transfer]:
    visible = cases_visible_to(user=user).values("id")
    return Transfer.objects.filter(case_id__in=visible, organization_id__in=organizations_with(
        user, "referral.transfer")).select_related("organization", "to_organization")


def _incoming(actor: Any, transfer_id: int) -> Transfer:
    transfer = transfers_incoming(user=actor).filter(pk=transfer_id, status=TransferStatus.REQUESTED).first()
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def transfer_accept(*, actor: Any, transfer_id: int) -> Transfer:
    """The new owner takes the case: the acceptor becomes case manager; the old team loses access."""
    transfer = _incoming(actor, transfer_id)
    # Consent is checked again on acceptance: the survivor may have withdrawn it since the request.
    if not sharing_consent_given(case=transfer.case, recipient=transfer.to_organization):
        raise ValidationError(_("This transfer can no longer be accepted: consent to share the case with "
                                "your organisation is not in force. Contact the referring organisation."))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=transfer.case_id)
        previous = case.organization_id
        case.organization_id = transfer.to_organization_id
        case.case_manager = actor
        case.save(update_fields=["organization", "case_manager", "updated_at"])
        case.team.clear()
        transfer.status, transfer.responded_by, transfer.responded_at = TransferStatus.ACCEPTED, actor, timezone.now()
        transfer.save(update_fields=["status", "responded_by", "responded_at"])
        for org in (previous, transfer.to_organization_id):
            audit.record(audit.Action.UPDATE, actor=actor, organization=org, obj=case,
                         detail={"transfer": transfer.pk, "from": previous, "to": transfer.to_organization_id})
        notify(users=staff_with("referral.transfer", previous), organization_id=previous,
               message=_("Transfer T-%(id)s was accepted by %(org)s.")
               % {"id": transfer.pk, "org": transfer.to_organization.name})
    return transfer


def transfer_decline(*, actor: Any, transfer_id: int, reason: str) -> Transfer:
    transfer = _incoming(actor, transfer_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you cannot take the case.")})
    with transaction.atomic():
        transfer.status, transfer.decline_reason = TransferStatus.DECLINED, reason.strip()
        transfer.responded_by, transfer.responded_at = actor, timezone.now()
        transfer.save(update_fields=["status", "decline_reason", "responded_by", "responded_at"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=transfer.organization_id, obj=transfer,
                     detail={"declined": True})
        notify(users=staff_with("referral.transfer", transfer.organization_id),
               organization_id=transfer.organization_id,
               message=_("Transfer T-%(id)s was declined by %(org)s.")
               % {"id": transfer.pk, "org": transfer.to_organization.name})
    return transfer
