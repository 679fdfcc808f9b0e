"""Protection flags: child presumption, reflection period, safety, contact restrictions, non-punishment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from reintegra.cases import conf
from reintegra.cases.models import Case, Identification, Protection
from reintegra.cases.services._access import case_for_write
from reintegra.core import audit

PROTECTION_FIELDS = (
    "age_uncertain", "presumed_minor", "guardian_name", "guardian_contact", "is_migrant",
    "reflection_jurisdiction", "reflection_days", "reflection_starts_on", "safety_risk", "safety_note",
    "non_punishment_note",
)


def protection_for(case: Case) -> Protection:
    return Protection.objects.filter(case=case).first() or Protection(case=case,
                                                                      organization_id=case.organization_id)


def survivor_age(case: Case, today: dt.date | None = None) -> int | None:
    survivor = case.survivor
    today = today or timezone.localdate()
    if survivor.birth_date:
        born = dt.date.fromisoformat(survivor.birth_date)
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if survivor.birth_year:
        return today.year - survivor.birth_year
    return None


def is_child(case: Case) -> bool:
    """Under 18 by the recorded age, or presumed a child while age is uncertain (R203 §10c)."""
    protection = Protection.objects.filter(case=case).first()
    if protection and protection.age_uncertain:
        return protection.presumed_minor
    age = survivor_age(case)
    return age is not None and age < 18


def protection_save(*, actor: Any, case: Case, **fields: Any) -> Protection:
    """Save the protection flags. When age is uncertain, minority is presumed unless the form says
    otherwise; the reflection period ends `days` after it starts (days per jurisdiction by default)."""
    case_for_write(actor=actor, case=case)
    unknown = set(fields) - set(PROTECTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown protection fields: {sorted(unknown)}")
    protection = protection_for(case)
    for name, value in fields.items():
        setattr(protection, name, value)
    if protection.age_uncertain:
        protection.presumed_minor = fields.get("presumed_minor", True)
    else:
        protection.presumed_minor = False
    if protection.is_migrant and not protection.reflection_starts_on:
        # The period starts with the reasonable-grounds decision when one is on record.
        protection.reflection_starts_on = Identification.objects.filter(case=case).values_list(
            "reasonable_grounds_on", flat=True).first()
    if protection.is_migrant and protection.reflection_starts_on:
        protection.reflection_jurisdiction = (protection.reflection_jurisdiction
                                              or case.organization.country).upper()
        protection.reflection_days = protection.reflection_days or conf.reflection_days(
            protection.reflection_jurisdiction)
        protection.reflection_ends_on = protection.reflection_starts_on + dt.timedelta(
            days=protection.reflection_days)
    else:
        protection.reflection_ends_on = None
    protection.updated_by = actor
    protection.full_clean(exclude=["case", "organization"])
    with transaction.atomic():
        protection.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=protection,
                     detail={"case": case.pk, "fields": sorted(fields)})
    return protection


def survivor_contact_update(*, actor: Any, case: Case, do_not_contact: bool,
                            safe_contact_instructions: str) -> None:
    """"Do not contact" and safe-contact instructions live on the survivor and apply everywhere."""
    case_for_write(actor=actor, case=case)
    survivor = case.survivor
    survivor.do_not_contact = do_not_contact
    survivor.safe_contact_instructions = safe_contact_instructions.strip()
    with transaction.atomic():
        survivor.save(update_fields=["do_not_contact", "safe_contact_instructions"])
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=survivor,
                     detail={"case": case.pk, "do_not_contact": do_not_contact})
