"""Employer feedback: recorded by staff holding `employer_feedback.record` (about a placement of a
case they may act on, or about the partnership in their organisation), or given by the employer's
own portal login about its own placements while the survivor's disclosure consent is in force.
The audit trail keeps the rating and what the feedback is about, never the comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.employment.models import Employer, EmployerFeedback, Placement
from reintegra.people.consent import consent_in_force
from reintegra.people.models import ConsentPurpose
from reintegra.skills.policies import can_act_on_case

COMMENT_MAX = 1000


def feedback_errors(*, employer: Employer, placement: Placement | None, given_on: dt.date | None, rating: Any,
                    comment: str, today: dt.date) -> dict[str, str]:
    """The validation rules (pure): a rating on the 1–5 scale, a date not in the future and not before
    the placement started, a placement with this employer, a comment of reasonable length."""
    errors: dict[str, str] = {}
    if not isinstance(rating, int) or isinstance(rating, bool) or rating not in EmployerFeedback.Rating.values:
        errors["rating"] = _("Choose how satisfied the employer is, from 1 (very dissatisfied) to 5 (very satisfied).")
    if given_on is None:
        errors["given_on"] = _("Enter the date the employer gave the feedback.")
    elif given_on > today:
        errors["given_on"] = _("The feedback date cannot be in the future.")
    elif placement is not None and given_on < placement.started_on:
        errors["given_on"] = _("Feedback about a placement cannot be dated before the placement started.")
    if placement is not None and placement.employer_id != employer.pk:
        errors["placement"] = _("This placement is not with this employer.")
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Keep the comment under %(n)d characters.") % {"n": COMMENT_MAX}
    return errors


def _save(*, actor: Any, organization_id: int, employer: Employer, placement: Placement | None, given_on: dt.date,
          rating: int, comment: str, channel: str) -> EmployerFeedback:
    errors = feedback_errors(employer=employer, placement=placement, given_on=given_on, rating=rating,
                             comment=comment, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        feedback = EmployerFeedback.objects.create(
            organization_id=organization_id, employer=employer, placement=placement, given_on=given_on,
            rating=rating, comment=comment.strip(), channel=channel, recorded_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization_id, obj=feedback,
                     detail={"employer": employer.pk, "placement": placement.pk if placement else None,
                             "rating": rating, "channel": channel})
    return feedback


def feedback_record(*, actor: Any, employer: Employer, given_on: dt.date, rating: int, comment: str = "",
                    placement: Placement | None = None, organization: Organization | None = None
                    ) -> EmployerFeedback:
    """Staff record feedback. About a placement: the actor must be able to act on its case with
    `employer_feedback.record` (organisation and area scope). About the partnership: the actor
    needs the permission in `organization`, to which the feedback then belongs."""
    if placement is not None:
        if not can_act_on_case(actor, "employer_feedback.record", placement.case):
            raise PermissionDenied(_("You cannot record employer feedback about this placement."))
        organization_id = placement.organization_id
    else:
        if organization is None or not has_org_perm(actor, "employer_feedback.record", organization):
            raise PermissionDenied(_("You cannot record employer feedback in this organisation."))
        organization_id = organization.pk
    return _save(actor=actor, organization_id=organization_id, employer=employer, placement=placement,
                 given_on=given_on, rating=rating, comment=comment, channel=EmployerFeedback.Channel.STAFF)


def portal_feedback_give(*, actor: Any, given_on: dt.date, rating: int, comment: str = "",
                         placement: Placement | None = None) -> EmployerFeedback:
    """The employer's own login gives feedback: about one of its placements only while the person's
    consent to tell this employer is in force, or about the partnership (owned by the organisation
    that registered the employer)."""
    from reintegra.employment.selectors import employer_account_of

    account = employer_account_of(actor)
    if account is None:
        raise PermissionDenied(_("Only an employer's own login can give feedback here."))
    employer = account.employer
    if placement is not None:
        if placement.employer_id != employer.pk or not consent_in_force(
                survivor=placement.case.survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE, employer=employer.pk):
            raise PermissionDenied(_("No such person."))
        organization_id = placement.organization_id
    else:
        organization_id = employer.organization_id
    return _save(actor=actor, organization_id=organization_id, employer=employer, placement=placement,
                 given_on=given_on, rating=rating, comment=comment, channel=EmployerFeedback.Channel.PORTAL)
