"""Writes of training: programmes, intakes, enrolments (survivors and community trainees),
attendance, status with certification or dropout, support packages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case
from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.skills.policies import can_act_on_case
from reintegra.training import rules_enrolment
from reintegra.training.models import Attendance, CommunityTrainee, DropoutReason, Enrolment, Intake, Programme
from reintegra.training.policies import can_manage_enrolment, is_provider_staff
from reintegra.training.selectors import ACTIVE, seats_left

SUPPORT_FIELDS = ("stipend", "transport", "childcare", "catch_up_classes", "tools", "other_support")


def _check_programme(programme: Programme) -> None:
    """Rules beyond the columns' own: no negative cost, at least one place, and a directory entry
    only from a service listed under the programme's own organisation."""
    if programme.cost is not None and programme.cost < 0:
        raise ValidationError({"cost": _("The cost cannot be negative.")})
    if not programme.capacity:
        raise ValidationError({"capacity": _("A programme has at least one place.")})
    service = programme.service
    if service is None:
        return
    member_id = service.provider.member_id if service.provider is not None else None
    if member_id != programme.organization_id:
        raise ValidationError({"service": _("Choose a directory service listed under your organisation.")})


def programme_create(*, actor: Any, organization: Organization, **fields: Any) -> Programme:
    if not has_org_perm(actor, "training.manage", organization):
        raise PermissionDenied(_("You cannot manage programmes of this organisation."))
    with transaction.atomic():
        programme = Programme(organization=organization, **fields)
        programme.full_clean()
        _check_programme(programme)
        programme.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=programme)
    return programme


EDITABLE_FIELDS = ("name", "kind", "foundational_subject", "format", "delivery", "isco_code", "duration_weeks",
                   "schedule", "location", "admin_area", "language", "cost", "funding", "qualification",
                   "awarding_body", "open_to", "capacity", "is_active", "service")


def programme_update(*, actor: Any, programme: Programme, **fields: Any) -> Programme:
    """Change a programme's description. Refused as a whole (nothing saved) if any value is wrong."""
    if not has_org_perm(actor, "training.manage", programme.organization_id):
        raise PermissionDenied(_("You cannot manage programmes of this organisation."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
        for name in changed:
            setattr(current, name, fields[name])
        current.full_clean()
        _check_programme(current)
        if "capacity" in changed and current.capacity < _active_count(current):
            raise ValidationError({"capacity": _("More people are enrolled than this number of places.")})
        if "open_to" in changed and current.open_to == Programme.OpenTo.VICTIMS and \
                Enrolment.objects.filter(programme=current, community_trainee__isnull=False,
                                         status__in=ACTIVE).exists():
            raise ValidationError({"open_to": _("Community trainees are enrolled: the programme must stay open "
                                                "to the whole community until they finish.")})
        if changed:
            current.save(update_fields=changed)
            audit.record(audit.Action.UPDATE, actor=actor, organization=current.organization_id, obj=current,
                         detail={"changed": changed})
    return current


def _active_count(programme: Programme) -> int:
    return Enrolment.objects.filter(programme=programme, status__in=ACTIVE).count()


def intake_add(*, actor: Any, programme: Programme, starts_on: dt.date, ends_on: dt.date | None = None,
               capacity: int | None = None) -> Intake:
    if not has_org_perm(actor, "training.manage", programme.organization_id):
        raise PermissionDenied(_("You cannot manage programmes of this organisation."))
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The intake cannot end before it starts.")})
    with transaction.atomic():
        intake = Intake.objects.create(programme=programme, organization_id=programme.organization_id,
                                       starts_on=starts_on, ends_on=ends_on, capacity=capacity)
        audit.record(audit.Action.CREATE, actor=actor, organization=programme.organization_id, obj=intake)
    return intake


def _check_room(programme: Programme, intake: Intake | None) -> None:
    if not programme.is_active:
        raise ValidationError({"programme": _("This programme is not taking enrolments.")})
    if intake is not None and intake.programme_id != programme.pk:
        raise ValidationError({"intake": _("This intake belongs to another programme.")})
    if seats_left(programme, intake) <= 0:
        raise ValidationError({"programme": _("The programme is full.")})


def enrol_case(*, actor: Any, case: Case, programme: Programme, intake: Intake | None = None,
               enrolled_on: dt.date | None = None, **support: Any) -> Enrolment:
    if not can_act_on_case(actor, "training.enrol", case):
        raise PermissionDenied(_("You cannot enrol this person."))
    if set(support) - set(SUPPORT_FIELDS):
        raise ValidationError(_("Unknown support fields."))
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        _check_room(programme, intake)
        if Enrolment.objects.filter(case=case, programme=programme, status__in=ACTIVE).exists():
            raise ValidationError({"programme": _("The person is already enrolled in this programme.")})
        enrolment = Enrolment.objects.create(
            organization_id=programme.organization_id, programme=programme, intake=intake, case=case,
            case_organization_id=case.organization_id, enrolled_on=enrolled_on or timezone.localdate(),
            created_by=actor, **support)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=enrolment,
                     detail={"programme": programme.pk, "provider": programme.organization_id})
    return enrolment


def enrol_from_referral(*, actor: Any, referral: Any, programme: Programme) -> Enrolment:
    """Enrol the referred person when the provider accepts a referral to one of its programmes.

    The accepted referral is the authority: the provider's staff cannot see the case itself. At
    most one enrolment per referral (unique column); a person already enrolled in the programme
    keeps that enrolment, which is linked to the referral instead of doubled.
    """
    if referral.status != "accepted" or not has_org_perm(actor, "referral.respond", referral.recipient_id):
        raise PermissionDenied(_("Only the provider accepting the referral enrols the person."))
    if programme.organization_id != referral.recipient_id:
        raise ValidationError({"programme": _("This programme is run by another organisation than the one "
                                              "accepting the referral.")})
    case = referral.case
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        existing = Enrolment.objects.filter(referral=referral).first()
        if existing is not None:
            return existing
        current = Enrolment.objects.filter(case=case, programme=programme, status__in=ACTIVE).first()
        if current is not None:
            if current.referral_id is None:
                current.referral = referral
                current.save(update_fields=["referral"])
                audit.record(audit.Action.UPDATE, actor=actor, organization=case.organization_id, obj=current,
                             detail={"referral": referral.pk})
            return current
        _check_room(programme, None)
        enrolment = Enrolment.objects.create(
            organization_id=programme.organization_id, programme=programme, case=case,
            case_organization_id=case.organization_id, referral=referral, created_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=case.organization_id, obj=enrolment,
                     detail={"programme": programme.pk, "provider": programme.organization_id,
                             "referral": referral.pk})
    return enrolment


def enrol_community_trainee(*, actor: Any, programme: Programme, gender: str = "", birth_year: int | None = None,
                            intake: Intake | None = None) -> Enrolment:
    """A non-victim trainee: no identity, only what the comparison group needs."""
    if not is_provider_staff(actor, programme.organization_id):
        raise PermissionDenied(_("Only the provider enrols community trainees."))
    if programme.open_to != Programme.OpenTo.COMMUNITY:
        raise ValidationError({"programme": _("This programme is for victims only.")})
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        _check_room(programme, intake)
        trainee = CommunityTrainee.objects.create(organization_id=programme.organization_id, gender=gender,
                                                  birth_year=birth_year)
        enrolment = Enrolment.objects.create(organization_id=programme.organization_id, programme=programme,
                                             intake=intake, community_trainee=trainee, created_by=actor)
        audit.record(audit.Action.CREATE, actor=actor, organization=programme.organization_id, obj=enrolment,
                     detail={"community": True})
    return enrolment


def _require(actor: Any, enrolment: Enrolment) -> None:
    if not can_manage_enrolment(actor, enrolment):
        raise PermissionDenied(_("You cannot manage this enrolment."))


def attendance_record(*, actor: Any, enrolment: Enrolment, on: dt.date, present: bool, note: str = "") -> Attendance:
    _require(actor, enrolment)
    if enrolment.status in rules_enrolment.FINAL:
        raise ValidationError({"on": _("This enrolment is closed.")})
    if on < enrolment.enrolled_on:
        raise ValidationError({"on": _("The date is before the enrolment date.")})
    if len(note) > 200:
        raise ValidationError({"note": _("Keep the note under 200 characters.")})
    try:
        with transaction.atomic():
            row, _created = Attendance.objects.update_or_create(
                enrolment=enrolment, on=on,
                defaults={"organization_id": enrolment.organization_id, "present": present, "note": note})
            if enrolment.status == Enrolment.Status.ENROLLED and present:
                enrolment.status = Enrolment.Status.ATTENDING
                enrolment.started_on = on
                enrolment.save(update_fields=["status", "started_on"])
            audit.record(audit.Action.UPDATE, actor=actor, organization=enrolment.organization_id, obj=enrolment,
                         detail={"attendance": str(on), "present": present})
    except IntegrityError as exc:  # pragma: no cover - two clerks saving the same day at once
        raise ValidationError({"on": _("Attendance for this day was just recorded.")}) from exc
    return row


def enrolment_set_status(*, actor: Any, enrolment: Enrolment, status: str, on: dt.date | None = None,
                         certificate: str = "", category: str = "", reason: str = "") -> Enrolment:
    _require(actor, enrolment)
    on = on or timezone.localdate()
    errors = rules_enrolment.status_errors(current=enrolment.status, new=status, on=on,
                                           enrolled_on=enrolment.enrolled_on, certificate=certificate,
                                           category=category, categories=tuple(DropoutReason.values))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enrolment.status = status
        if status == Enrolment.Status.ATTENDING:
            enrolment.started_on = on
        elif status == Enrolment.Status.COMPLETED:
            enrolment.completed_on = on
        elif status == Enrolment.Status.CERTIFIED:
            enrolment.completed_on = enrolment.completed_on or on
            enrolment.certified_on = on
            enrolment.certificate = certificate.strip()
        else:
            enrolment.dropped_out_on = on
            enrolment.dropout_category = category
            enrolment.dropout_reason = reason.strip()
        enrolment.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=enrolment.organization_id, obj=enrolment,
                     detail={"status": status, **({"category": category} if category else {})})
    return enrolment


def support_package_set(*, actor: Any, enrolment: Enrolment, **support: Any) -> Enrolment:
    _require(actor, enrolment)
    if set(support) - set(SUPPORT_FIELDS):
        raise ValidationError(_("Unknown support fields."))
    with transaction.atomic():
        for name, value in support.items():
            setattr(enrolment, name, value)
        enrolment.save(update_fields=list(support))
        audit.record(audit.Action.UPDATE, actor=actor, organization=enrolment.organization_id, obj=enrolment,
                     detail={"support": sorted(support)})
    return enrolment
