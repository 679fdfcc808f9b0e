"""Consent per purpose: record decisions and answer "is consent in force?".

Only the cases services and the employment disclosure services call `consent_record` (they check
the actor's access to the case first); any service that discloses or uses survivor data asks
`consent_in_force` or `consent_require`.

Telling an employer (purpose `employer_disclosure`) is decided per employer. A withdrawal that
names no employer withdraws from every employer: for employer X the decision in force is the
newest row naming X or naming no employer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.people.models import Consent, ConsentPurpose, Survivor


class ConsentRequired(PermissionDenied):
    """Raised by a service when the survivor has not consented to what is being done."""


def consent_record(*, actor: Any, survivor: Survivor, organization: Organization, purpose: str, given: bool,
                   shared_with: Organization | None = None, recorded_on: dt.date | None = None,
                   witness: str = "", note: str = "", employer: Any = None) -> Consent:
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Unknown consent purpose.")})
    if purpose == ConsentPurpose.SHARING and shared_with is None:
        raise ValidationError({"shared_with": _("Name the organisation the data would be shared with.")})
    if purpose == ConsentPurpose.EMPLOYER_DISCLOSURE and given and employer is None:
        raise ValidationError({"employer": _("Name the employer who may be told.")})
    if purpose != ConsentPurpose.SHARING:
        shared_with = None
    if purpose != ConsentPurpose.EMPLOYER_DISCLOSURE:
        employer = None
    recorded_on = recorded_on or timezone.localdate()
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        consent = Consent.objects.create(
            organization=organization, survivor=survivor, purpose=purpose, shared_with=shared_with,
            given=given, recorded_on=recorded_on, recorded_by=actor, witness=witness.strip(), note=note.strip(),
            employer=employer,
        )
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=consent,
                     detail={"purpose": purpose, "given": given, "shared_with": getattr(shared_with, "pk", None),
                             "employer": getattr(employer, "pk", None)})
    return consent


def _pk(value: Any) -> int | None:
    return value if value is None or isinstance(value, int) else value.pk


def _decisions(purpose: str, shared_with: Any = None, employer: Any = None) -> Q:
    """The rows that decide `purpose` (for the named organisation or employer)."""
    if purpose == ConsentPurpose.EMPLOYER_DISCLOSURE:
        employer_id = _pk(employer)
        if employer_id is None:
            raise ValueError("Employer disclosure is decided per employer: pass employer=.")
        return Q(purpose=purpose) & (Q(employer_id=employer_id) | Q(employer__isnull=True))
    return Q(purpose=purpose, shared_with_id=_pk(shared_with))


def consent_latest(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None,
                   employer: Any = None) -> Consent | None:
    return (Consent.objects.filter(_decisions(purpose, shared_with, employer), survivor=survivor)
            .order_by("-recorded_on", "-id").first())


def consent_in_force(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None,
                     employer: Any = None) -> bool:
    latest = consent_latest(survivor=survivor, purpose=purpose, shared_with=shared_with, employer=employer)
    return bool(latest and latest.given)


def survivors_consenting(*, purpose: str, shared_with: Organization | int | None = None,
                         employer: Any = None) -> QuerySet[Survivor]:
    """Survivors whose decision in force for `purpose` is "given" — the same rule as
    `consent_in_force`, as one query."""
    latest = (Consent.objects.filter(_decisions(purpose, shared_with, employer), survivor=OuterRef("pk"))
              .order_by("-recorded_on", "-id").values("given")[:1])
    return Survivor.objects.annotate(consent_given=Subquery(latest)).filter(consent_given=True)


def consent_require(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None,
                    employer: Any = None) -> None:
    if not consent_in_force(survivor=survivor, purpose=purpose, shared_with=shared_with, employer=employer):
        labels = dict(ConsentPurpose.choices)
        raise ConsentRequired(
            _("The survivor has not consented to: %(purpose)s. Record their consent first.")
            % {"purpose": labels[purpose]}
        )


def consent_overview(*, survivor: Survivor) -> list[Consent]:
    """The decision in force for each purpose (and each organisation for sharing, each employer for
    disclosure), newest first. A withdrawal from every employer hides older employer decisions."""
    seen: set[tuple[str, int | None, int | None]] = set()
    current = []
    for consent in (survivor.consents.select_related("shared_with", "employer", "recorded_by")
                    .order_by("-recorded_on", "-id")):
        key = (consent.purpose, consent.shared_with_id, consent.employer_id)
        if key in seen or (consent.purpose == ConsentPurpose.EMPLOYER_DISCLOSURE
                           and (consent.purpose, None, None) in seen):
            continue
        seen.add(key)
        current.append(consent)
    return current


def survivors_with_statistics_consent() -> QuerySet[Survivor]:
    """Survivors whose newest statistics decision is "given" (for the monitoring app)."""
    latest = (Consent.objects.filter(survivor=OuterRef("pk"), purpose=ConsentPurpose.STATISTICS)
              .order_by("-recorded_on", "-id").values("given")[:1])
    return Survivor.objects.annotate(stats_consent=Subquery(latest)).filter(stats_consent=True)
