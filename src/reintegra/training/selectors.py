"""Reads of training data. Programmes are public within the network; enrolments are survivor data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from reintegra.cases.models import Case
from reintegra.core.permissions import has_any_perm, organizations_with
from reintegra.training.models import Enrolment, Programme
from reintegra.training.policies import can_manage_enrolment, is_provider_staff

ACTIVE = ("enrolled", "attending")


def programmes_visible_to(*, user: Any) -> QuerySet[Programme]:
    if not has_any_perm(user, "training.view"):
        return Programme.objects.none()
    return Programme.objects.filter(is_active=True).select_related("organization").annotate(
        active_enrolments=Count("enrolments", filter=Q(enrolments__status__in=ACTIVE)))


def programme_get(*, user: Any, programme_id: Any) -> Programme:
    try:
        return programmes_visible_to(user=user).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404("No such programme.") from None


def programme_for_editing(*, user: Any, programme_id: Any) -> Programme:
    """A programme (active or not) of an organisation where `user` manages training, else Http404."""
    programme = Programme.objects.select_related("organization", "service").filter(
        pk=programme_id, organization_id__in=organizations_with(user, "training.manage")).first() \
        if str(programme_id).isdigit() else None
    if programme is None:
        raise Http404("No such programme.")
    return programme


def managed_organizations(*, user: Any) -> list[int]:
    return organizations_with(user, "training.manage")


def provider_enrolments(*, user: Any, programme: Programme) -> QuerySet[Enrolment]:
    """The provider's roll: enrolments by trainee reference only (select no case data)."""
    if not is_provider_staff(user, programme.organization_id):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(programme=programme).only(
        "id", "status", "enrolled_on", "completed_on", "certified_on", "certificate", "programme_id",
        "organization_id", "community_trainee_id", "case_id")


def case_enrolments(*, case: Case) -> QuerySet[Enrolment]:
    """Enrolments of a case the caller already obtained through pathway_case_get."""
    return Enrolment.objects.filter(case=case).select_related("programme", "programme__organization")


def enrolment_get(*, user: Any, enrolment_id: Any) -> Enrolment:
    enrolment = Enrolment.objects.select_related("programme", "case").filter(pk=enrolment_id).first() \
        if str(enrolment_id).isdigit() else None
    if enrolment is None or not can_manage_enrolment(user, enrolment):
        raise Http404("No such enrolment.")
    return enrolment


def seats_left(programme: Programme, intake: Any = None) -> int:
    capacity = (intake.capacity if intake is not None and intake.capacity else programme.capacity)
    taken = Enrolment.objects.filter(programme=programme, status__in=ACTIVE)
    if intake is not None:
        taken = taken.filter(intake=intake)
    return capacity - taken.count()
