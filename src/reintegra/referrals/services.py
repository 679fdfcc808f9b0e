"""Writes of referrals: create, send (consent checked here), respond, progress, close, feedback.

Every transition is checked against models.TRANSITIONS, recorded as a ReferralEvent and audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.selectors import cases_visible_to
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.referrals.consent import section_choices, sharing_consent_given
from reintegra.referrals.models import TRANSITIONS, Feedback, Outcome, Referral, ReferralEvent, Status, Urgency
from reintegra.referrals.notify import notify, staff_with
from reintegra.referrals.selectors import referrals_incoming
from reintegra.referrals.signals import referral_accepted

DEFAULT_RESPONSE_DAYS: dict[str, int] = {Urgency.ROUTINE: 10, Urgency.PRIORITY: 5, Urgency.URGENT: 2}


def _transition(referral: Referral, to_status: str, *, actor: Any, note: str = "", **fields: Any) -> Referral:
    if to_status not in TRANSITIONS.get(referral.status, set()):
        raise ValidationError(_("A referral that is %(status)s cannot become %(to)s.")
                              % {"status": referral.get_status_display(), "to": Status(to_status).label})
    previous = referral.status
    referral.status = to_status
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    ReferralEvent.objects.create(organization_id=referral.organization_id, referral=referral, from_status=previous,
                                 to_status=to_status, actor=actor, note=note)
    audit.record(audit.Action.UPDATE, actor=actor, organization=referral.organization_id, obj=referral,
                 detail={"from": previous, "to": to_status, "recipient": referral.recipient_id})
    return referral


def _require_sender(actor: Any, referral: Referral) -> None:
    if not has_org_perm(actor, "referral.create", referral.organization_id) or \
            not cases_visible_to(user=actor).filter(pk=referral.case_id).exists():
        raise Http404("No such referral.")


def _require_recipient(actor: Any, referral: Referral) -> None:
    # The selector applies the responder's area scope, as the pages and the API do.
    if referral.status == Status.DRAFT or not referrals_incoming(user=actor).filter(pk=referral.pk).exists():
        raise Http404("No such referral.")


def referral_create(*, actor: Any, case: Any, recipient: Organization, reason: str, sections: list[str],
                    urgency: str = Urgency.ROUTINE, service: Any = None,
                    response_due: dt.date | None = None) -> Referral:
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not has_org_perm(actor, "referral.create", case.organization_id):
        raise PermissionDenied(_("You cannot refer cases of this organisation."))
    if recipient.pk == case.organization_id:
        raise ValidationError({"recipient": _("Refer to another organisation; this one owns the case.")})
    sections = sorted(set(sections))
    known = {code for code, _label in section_choices()}
    if not sections or set(sections) - known:
        raise ValidationError({"sections": _("Choose the sections the provider needs (at least one).")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the person needs from this provider.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    if service is not None and service.provider is not None and service.provider.member_id not in (None, recipient.pk):
        raise ValidationError({"service": _("This service is run by another organisation.")})
    due = response_due or timezone.localdate() + dt.timedelta(days=DEFAULT_RESPONSE_DAYS[urgency])
    if due < timezone.localdate():
        raise ValidationError({"response_due": _("The answer date cannot be in the past.")})
    with transaction.atomic():
        referral = Referral.objects.create(organization_id=case.organization_id, case=case, recipient=recipient,
                                           service=service, reason=reason.strip(), urgency=urgency,
                                           shared_sections=sections, response_due=due, created_by=actor)
        ReferralEvent.objects.create(organization_id=case.organization_id, referral=referral,
                                     to_status=Status.DRAFT, actor=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=referral,
                     detail={"case": case.pk, "recipient": recipient.pk, "sections": sections})
    return referral


def referral_send(*, actor: Any, referral: Referral) -> Referral:
    """Send to the provider. Refused unless the survivor consented to share with that organisation."""
    _require_sender(actor, referral)
    if not sharing_consent_given(case=referral.case, recipient=referral.recipient):
        raise PermissionDenied(_("The survivor has not consented to sharing with %(org)s. Record their consent "
                                 "on the case first.") % {"org": referral.recipient.name})
    with transaction.atomic():
        _transition(referral, Status.SENT, actor=actor, sent_at=timezone.now())
        notify(users=staff_with("referral.respond", referral.recipient_id, referral.case.admin_area),
               organization_id=referral.recipient_id,
               message=_("New referral R-%(id)s from %(org)s; please answer by %(due)s.")
               % {"id": referral.pk, "org": referral.organization.name, "due": referral.response_due.isoformat()},
               url=reverse("referrals:detail", args=[referral.pk]))
    return referral


def _tell_sender(referral: Referral, message: str) -> None:
    users = [u for u in staff_with("referral.create", referral.organization_id)
             if u == referral.created_by or u == referral.case.case_manager]
    notify(users=users, organization_id=referral.organization_id, message=message,
           url=reverse("referrals:detail", args=[referral.pk]))


def referral_accept(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    _require_recipient(actor, referral)
    with transaction.atomic():
        _transition(referral, Status.ACCEPTED, actor=actor, note=note, responded_at=timezone.now())
        referral_accepted.send(sender=Referral, referral=referral, actor=actor)
        _tell_sender(referral, _("Referral R-%(id)s was accepted by %(org)s.")
                     % {"id": referral.pk, "org": referral.recipient.name})
    return referral


def referral_decline(*, actor: Any, referral: Referral, reason: str) -> Referral:
    _require_recipient(actor, referral)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined, so the case manager can look "
                                           "elsewhere.")})
    with transaction.atomic():
        _transition(referral, Status.DECLINED, actor=actor, note=reason.strip(), decline_reason=reason.strip(),
                    responded_at=timezone.now(), closed_at=timezone.now())
        _tell_sender(referral, _("Referral R-%(id)s was declined by %(org)s.")
                     % {"id": referral.pk, "org": referral.recipient.name})
    return referral


def referral_start(*, actor: Any, referral: Referral) -> Referral:
    _require_recipient(actor, referral)
    with transaction.atomic():
        return _transition(referral, Status.IN_PROGRESS, actor=actor)


def referral_complete(*, actor: Any, referral: Referral, outcome: str, note: str = "") -> Referral:
    _require_recipient(actor, referral)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    with transaction.atomic():
        _transition(referral, Status.COMPLETED, actor=actor, note=note.strip(), outcome=outcome,
                    outcome_note=note.strip(), closed_at=timezone.now())
        _tell_sender(referral, _("Referral R-%(id)s was completed by %(org)s.")
                     % {"id": referral.pk, "org": referral.recipient.name})
    return referral


def referral_cancel(*, actor: Any, referral: Referral, reason: str) -> Referral:
    _require_sender(actor, referral)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is cancelled.")})
    with transaction.atomic():
        _transition(referral, Status.CANCELLED, actor=actor, note=reason.strip(), cancel_reason=reason.strip(),
                    closed_at=timezone.now())
        if referral.sent_at:
            notify(users=staff_with("referral.respond", referral.recipient_id, referral.case.admin_area),
                   organization_id=referral.recipient_id,
                   message=_("Referral R-%(id)s was cancelled by %(org)s.")
                   % {"id": referral.pk, "org": referral.organization.name})
    return referral


def referrals_expire(*, today: dt.date | None = None) -> int:
    """Sent referrals not answered by their date expire (run daily by the scheduler)."""
    today = today or timezone.localdate()
    count = 0
    for referral in Referral.objects.filter(status=Status.SENT, response_due__lt=today).select_related(
            "organization", "recipient", "case"):
        with transaction.atomic():
            _transition(referral, Status.EXPIRED, actor=None, note="no answer by the due date",
                        closed_at=timezone.now())
            _tell_sender(referral, _("Referral R-%(id)s expired without an answer from %(org)s.")
                         % {"id": referral.pk, "org": referral.recipient.name})
        count += 1
    return count


def feedback_record(*, actor: Any, referral: Referral, rating: int, comment: str = "",
                    anonymous: bool = True) -> Feedback:
    _require_sender(actor, referral)
    if not has_org_perm(actor, "referral.feedback", referral.organization_id):
        raise PermissionDenied(_("You cannot record feedback."))
    if referral.status not in {Status.IN_PROGRESS, Status.COMPLETED, Status.ACCEPTED}:
        raise ValidationError(_("Feedback is about a service received: the referral must have been accepted."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    with transaction.atomic():
        feedback = Feedback.objects.create(organization_id=referral.organization_id, referral=referral,
                                           rating=int(rating), comment=comment.strip(), anonymous=anonymous,
                                           recorded_by=None if anonymous else actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=referral.organization_id, obj=feedback,
                     detail={"referral": referral.pk, "anonymous": anonymous})
    return feedback
