"""Programmes, enrolments of survivors and community trainees, attendance, certification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import Role
from reintegra.training import selectors, services
from reintegra.training.models import Enrolment


def test_full_course_with_certificate(world, programme):
    enrolment = services.enrol_case(actor=world.counsellor, case=world.case, programme=programme, transport=True,
                                    stipend=50)
    assert enrolment.organization_id == world.provider.pk
    assert enrolment.case_organization_id == world.shelter.pk
    day = enrolment.enrolled_on
    services.attendance_record(actor=world.trainer, enrolment=enrolment, on=day, present=True)
    services.attendance_record(actor=world.trainer, enrolment=enrolment, on=day + dt.timedelta(days=1), present=False)
    enrolment.refresh_from_db()
    assert enrolment.status == "attending" and enrolment.attendance_rate == 0.5
    services.enrolment_set_status(actor=world.trainer, enrolment=enrolment, status="completed", on=day)
    with pytest.raises(ValidationError):
        services.enrolment_set_status(actor=world.trainer, enrolment=enrolment, status="certified", on=day)
    services.enrolment_set_status(actor=world.trainer, enrolment=enrolment, status="certified", on=day,
                                  certificate="TVET-2026-001")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.certificate) == ("certified", "TVET-2026-001")


def test_dropout_needs_a_reason_from_the_list_and_keeps_the_note_private(world, programme):
    enrolment = services.enrol_case(actor=world.counsellor, case=world.case, programme=programme)
    for bad in ({}, {"reason": "found work"}, {"category": "bored"}):
        with pytest.raises(ValidationError) as error:
            services.enrolment_set_status(actor=world.counsellor, enrolment=enrolment, status="dropped_out", **bad)
        assert "category" in error.value.message_dict
        assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"
    services.enrolment_set_status(actor=world.counsellor, enrolment=enrolment, status="dropped_out",
                                  category="found_work", reason="job at her cousin's shop")
    saved = Enrolment.objects.get(pk=enrolment.pk)
    assert (saved.dropout_category, saved.dropout_reason) == ("found_work", "job at her cousin's shop")


def test_capacity_and_duplicates(world, programme, make_case):
    services.enrol_case(actor=world.counsellor, case=world.case, programme=programme)
    with pytest.raises(ValidationError):
        services.enrol_case(actor=world.counsellor, case=world.case, programme=programme)
    services.enrol_community_trainee(actor=world.trainer, programme=programme, gender="Feminine", birth_year=1999)
    second = make_case(world.shelter, world.manager)
    with pytest.raises(ValidationError, match="full"):
        services.enrol_case(actor=world.manager, case=second, programme=programme)


def test_community_trainees_only_in_community_programmes(world, programme):
    enrolment = services.enrol_community_trainee(actor=world.trainer, programme=programme)
    assert enrolment.case_id is None and enrolment.community_trainee.code.startswith("T-")
    programme.open_to = "victims"
    programme.save()
    with pytest.raises(ValidationError):
        services.enrol_community_trainee(actor=world.trainer, programme=programme)
    with pytest.raises(PermissionDenied):
        services.enrol_community_trainee(actor=world.counsellor, programme=programme)


def test_provider_roll_does_not_reveal_survivors(world, programme, client):
    services.enrol_case(actor=world.counsellor, case=world.case, programme=programme)
    services.enrol_community_trainee(actor=world.trainer, programme=programme)
    client.force_login(world.trainer)
    page = client.get(f"/training/{programme.pk}/").content.decode()
    assert world.case.survivor.code not in page and "Maya" not in page
    assert page.count("E-") >= 2
    assert client.get(f"/training/case/{world.case.pk}/").status_code == 404


def test_provider_cannot_enrol_a_case_it_cannot_see(world, programme):
    with pytest.raises(PermissionDenied):
        services.enrol_case(actor=world.trainer, case=world.case, programme=programme)


def test_only_provider_staff_create_programmes(world, make_member):
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=world.counsellor, organization=world.provider, name="X", kind="core")
    expired = make_member(world.provider, Role.TRAINER, expired=True)
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=expired, organization=world.provider, name="X", kind="core")
    assert selectors.programmes_visible_to(user=expired).count() == 0
