"""Intake: duplicate check before opening, identification record, exploitation history, screening."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from reintegra.cases import conf, screening
from reintegra.cases.models import (
    Case,
    ExploitationEpisode,
    FormOfForcedLabour,
    Identification,
    MethodOfControl,
    Protection,
    Screening,
)
from reintegra.cases.selectors import cases_visible_to
from reintegra.cases.services._access import case_for_write
from reintegra.cases.services.protection import protection_save
from reintegra.core import audit, crypto
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.people.duplicates import find_candidates
from reintegra.people.models import Survivor


@dataclass(frozen=True)
class DuplicateMatch:
    survivor_code: str
    score: int  # percent
    exact: bool
    case_id: int | None  # a case the user can open, if any
    name: str  # only when the user may see this person's identity, else ""
    case_manager: str


def intake_duplicates(*, actor: Any, organization: Organization, given_name: str, family_name: str,
                      birth_date: str = "") -> list[DuplicateMatch]:
    """Possible duplicates of a person about to be registered, for the intake warning.

    Exact matches come from the blind indexes, near matches from keyed name tokens. Names are
    shown (and the score refined on them) only for people the user may already see; others are
    reported by survivor code and case manager so the user can ask. Never merges anything.
    """
    if not has_org_perm(actor, "case.create", organization):
        raise PermissionDenied(_("You cannot open cases in this organisation."))
    full_name = " ".join(p for p in (given_name.strip(), family_name.strip()) if p)
    candidates = find_candidates(organization_id=organization.pk, full_name=full_name, birth_date=birth_date)
    survivors = Survivor.objects.in_bulk([c.survivor_id for c in candidates])
    visible = {c.survivor_id: c for c in cases_visible_to(user=actor).filter(
        survivor_id__in=survivors).select_related("case_manager")}
    may_see_identity = has_org_perm(actor, "survivor.view_identity", organization)
    latest: dict[int, Case] = {}
    for other in (Case.objects.filter(survivor_id__in=survivors).select_related("case_manager")
                  .order_by("survivor_id", "-opened_on", "-id")):
        latest.setdefault(other.survivor_id, other)
    matches = []
    for candidate in candidates:
        survivor = survivors[candidate.survivor_id]
        case = visible.get(survivor.pk)
        any_case = case or latest.get(survivor.pk)
        score = candidate.score
        name = ""
        if case is not None and may_see_identity:
            name = survivor.full_name
            refined = fuzz.token_sort_ratio(crypto.normalise(full_name), crypto.normalise(name)) / 100
            score = max(score, refined)
        manager = any_case.case_manager.get_username() if any_case and any_case.case_manager else ""
        matches.append(DuplicateMatch(survivor_code=survivor.code, score=round(score * 100), exact=candidate.exact,
                                      case_id=case.pk if case else None, name=name, case_manager=manager))
    matches.sort(key=lambda m: (not m.exact, -m.score))
    audit.record(audit.Action.SEARCH, actor=actor, organization=organization, object_type="people.survivor",
                 detail={"purpose": "duplicate_check", "candidates": len(matches)})
    return matches


IDENTIFICATION_FIELDS = (
    "identified_by", "identified_on", "trafficking_status", "status_decided_by", "mechanism_stage",
    "reasonable_grounds_on", "conclusive_grounds_on", "referred_in_by", "referred_in_by_other",
    "referred_in_on", "referral_reason", "note",
)


def identification_save(*, actor: Any, case: Case, **fields: Any) -> Identification:
    case_for_write(actor=actor, case=case)
    unknown = set(fields) - set(IDENTIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown identification fields: {sorted(unknown)}")
    record = Identification.objects.filter(case=case).first() or Identification(
        case=case, organization_id=case.organization_id)
    for name, value in fields.items():
        setattr(record, name, value)
    today = timezone.localdate()
    for name in ("identified_on", "reasonable_grounds_on", "conclusive_grounds_on", "referred_in_on"):
        if getattr(record, name) and getattr(record, name) > today:
            raise ValidationError({name: _("The date cannot be in the future.")})
    record.full_clean(exclude=["case", "organization"])
    with transaction.atomic():
        record.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=record,
                     detail={"case": case.pk, "fields": sorted(fields)})
        protection = Protection.objects.filter(case=case, is_migrant=True, reflection_starts_on__isnull=True).first()
        if protection and record.reasonable_grounds_on:
            # A migrant's recovery and reflection period starts with the reasonable-grounds decision.
            protection_save(actor=actor, case=case, reflection_starts_on=record.reasonable_grounds_on)
    return record


def exploitation_add(*, actor: Any, case: Case, form: str, isic_division: str = "", country: str = "",
                     started_on: dt.date | None = None, ended_on: dt.date | None = None,
                     duration_months: int | None = None, methods_of_control: list[str] | None = None,
                     continuum_stage: str = "", recruiter_relationship: str = "", note: str = "",
                     isic_section: str = "") -> ExploitationEpisode:
    case_for_write(actor=actor, case=case)
    errors: dict[str, str] = {}
    if form not in FormOfForcedLabour.values:
        errors["form"] = _("Choose a form of forced labour.")
    if isic_division:
        derived = conf.isic_section_of(isic_division)
        if not derived:
            errors["isic_division"] = _("Unknown ISIC Rev.4 division.")
        elif isic_section and isic_section != derived:
            errors["isic_division"] = _("This division belongs to section %(s)s.") % {"s": derived}
        isic_section = derived or isic_section
    if isic_section and isic_section not in dict(conf.isic_section_choices()):
        errors["isic_section"] = _("Unknown ISIC Rev.4 section.")
    bad = sorted(set(methods_of_control or []) - set(MethodOfControl.values))
    if bad:
        errors["methods_of_control"] = _("Unknown method(s) of control: %(m)s") % {"m": ", ".join(bad)}
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = _("The end cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    if duration_months is None and started_on and ended_on:
        duration_months = max(1, round((ended_on - started_on).days / 30.44))
    episode = ExploitationEpisode(
        organization_id=case.organization_id, case=case, form=form, isic_section=isic_section,
        isic_division=isic_division, country=country.upper(), started_on=started_on, ended_on=ended_on,
        duration_months=duration_months, methods_of_control=sorted(set(methods_of_control or [])),
        continuum_stage=continuum_stage, recruiter_relationship=recruiter_relationship, note=note,
    )
    episode.full_clean(exclude=["case", "organization"])
    with transaction.atomic():
        episode.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=episode,
                     detail={"case": case.pk})
    return episode


def screening_record(*, actor: Any, case: Case, age: int | None, indicators: list[str],
                     presume_minor: bool = True, screened_on: dt.date | None = None) -> Screening:
    """Apply the ICLS 2018 rule and keep the result. Informs the case manager; gates nothing."""
    case_for_write(actor=actor, case=case)
    try:
        result = screening.evaluate(age, indicators, presume_minor_if_unknown=presume_minor)
    except screening.ScreeningError as exc:
        raise ValidationError({"indicators": str(exc)}) from exc
    record = Screening(
        organization_id=case.organization_id, case=case, screened_on=screened_on or timezone.localdate(),
        screened_by=actor, age_at_exploitation=age, presume_minor=presume_minor,
        indicators=result.involuntariness + result.coercion + result.child_rules + result.not_applicable,
        forced_labour=result.forced_labour, child=result.child, result=result.as_dict(),
        catalogue_version=result.catalogue_version,
    )
    with transaction.atomic():
        record.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=record,
                     detail={"case": case.pk, "forced_labour": result.forced_labour})
    return record
