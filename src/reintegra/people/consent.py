"""Consent per purpose: record decisions and answer "is consent in force?".

Only the cases services call `consent_record` (they check the actor's access to the case first);
any service that discloses or uses survivor data asks `consent_in_force` or `consent_require`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.people.models import Consent, ConsentPurpose, Survivor


class ConsentRequired(PermissionDenied):
    """Raised by a service when the survivor has not consented to what is being done."""


def consent_record(*, actor: Any, survivor: Survivor, organization: Organization, purpose: str, given: bool,
                   shared_with: Organization | None = None, recorded_on: dt.date | None = None,
                   witness: str = "", note: str = "") -> Consent:
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Unknown consent purpose.")})
    if purpose == ConsentPurpose.SHARING and shared_with is None:
        raise ValidationError({"shared_with": _("Name the organisation the data would be shared with.")})
    if purpose != ConsentPurpose.SHARING:
        shared_with = None
    recorded_on = recorded_on or timezone.localdate()
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        consent = Consent.objects.create(
            organization=organization, survivor=survivor, purpose=purpose, shared_with=shared_with,
            given=given, recorded_on=recorded_on, recorded_by=actor, witness=witness.strip(), note=note.strip(),
        )
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=consent,
                     detail={"purpose": purpose, "given": given, "shared_with": getattr(shared_with, "pk", None)})
    return consent


def consent_latest(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None
                   ) -> Consent | None:
    shared_id = shared_with.pk if isinstance(shared_with, Organization) else shared_with
    return (Consent.objects.filter(survivor=survivor, purpose=purpose, shared_with_id=shared_id)
            .order_by("-recorded_on", "-id").first())


def consent_in_force(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None) -> bool:
    latest = consent_latest(survivor=survivor, purpose=purpose, shared_with=shared_with)
    return bool(latest and latest.given)


def consent_require(*, survivor: Survivor, purpose: str, shared_with: Organization | int | None = None) -> None:
    if not consent_in_force(survivor=survivor, purpose=purpose, shared_with=shared_with):
        labels = dict(ConsentPurpose.choices)
        raise ConsentRequired(
            _("The survivor has not consented to: %(purpose)s. Record their consent first.")
            % {"purpose": labels[purpose]}
        )


def consent_overview(*, survivor: Survivor) -> list[Consent]:
    """The decision in force for each purpose (and each organisation for sharing), newest first."""
    seen: set[tuple[str, int | None]] = set()
    current = []
    for consent in survivor.consents.select_related("shared_with", "recorded_by").order_by("-recorded_on", "-id"):
        key = (consent.purpose, consent.shared_with_id)
        if key not in seen:
            seen.add(key)
            current.append(consent)
    return current


def survivors_with_statistics_consent() -> QuerySet[Survivor]:
    """Survivors whose newest statistics decision is "given" (for the monitoring app)."""
    from django.db.models import OuterRef, Subquery

    latest = (Consent.objects.filter(survivor=OuterRef("pk"), purpose=ConsentPurpose.STATISTICS)
              .order_by("-recorded_on", "-id").values("given")[:1])
    return Survivor.objects.annotate(stats_consent=Subquery(latest)).filter(stats_consent=True)
