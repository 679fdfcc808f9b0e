"""Editing a programme: the service validates and audits, the page is for the provider's managers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent, Role
from reintegra.training.models import Programme
from reintegra.training.services import enrol_case, enrol_community_trainee, programme_update
from tests.directory.factories import make_provider, make_service


def test_update_changes_only_what_differs_and_audits(world, programme):
    updated = programme_update(actor=world.trainer, programme=programme, name="Tailoring and design",
                               capacity=10, kind="vocational")
    assert (updated.name, updated.capacity) == ("Tailoring and design", 10)
    programme.refresh_from_db()
    assert programme.name == "Tailoring and design"
    event = AuditEvent.objects.filter(object_type="training.programme", object_id=str(programme.pk),
                                      action="update").get()
    assert event.detail == {"changed": ["capacity", "name"]}
    programme_update(actor=world.trainer, programme=programme, name="Tailoring and design")  # no change, no entry
    assert AuditEvent.objects.filter(object_type="training.programme", action="update").count() == 1


@pytest.mark.parametrize("fields, field", [
    ({"name": ""}, "name"),
    ({"kind": "astrology"}, "kind"),
    ({"duration_weeks": -1}, "duration_weeks"),
    ({"cost": -5}, "cost"),
])
def test_bad_values_change_nothing(world, programme, fields, field):
    with pytest.raises(ValidationError) as caught:
        programme_update(actor=world.trainer, programme=programme, capacity=9, **fields)
    assert field in caught.value.message_dict
    programme.refresh_from_db()
    assert programme.capacity == 2 and programme.name == "Tailoring"
    assert not AuditEvent.objects.filter(object_type="training.programme", action="update").exists()


def test_capacity_cannot_fall_below_active_enrolments(world, programme):
    enrol_case(actor=world.manager, case=world.case, programme=programme)
    enrol_community_trainee(actor=world.trainer, programme=programme, gender="F", birth_year=1999)
    with pytest.raises(ValidationError) as caught:
        programme_update(actor=world.trainer, programme=programme, capacity=1)
    assert "capacity" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:  # community trainees are on the roll
        programme_update(actor=world.trainer, programme=programme, open_to="victims")
    assert "open_to" in caught.value.message_dict


def test_unknown_fields_and_foreign_services_are_refused(world, programme):
    with pytest.raises(ValidationError):
        programme_update(actor=world.trainer, programme=programme, organization=world.shelter)
    foreign = make_service(make_provider("Elsewhere", member=world.other), "Sewing")
    with pytest.raises(ValidationError) as caught:
        programme_update(actor=world.trainer, programme=programme, service=foreign)
    assert "service" in caught.value.message_dict
    own = make_service(make_provider("TVET Institute", member=world.provider), "Tailoring course")
    assert programme_update(actor=world.trainer, programme=programme, service=own).service == own


def test_only_managers_of_the_provider_may_update(world, programme, make_member):
    outsider = make_member(world.shelter, Role.SUPERVISOR)  # manages training, but in another organisation
    for actor in (world.manager, world.counsellor, outsider):
        with pytest.raises(PermissionDenied):
            programme_update(actor=actor, programme=programme, name="Hijacked")
    programme.refresh_from_db()
    assert programme.name == "Tailoring"


def _form_data(programme: Programme, **changes):
    data = {"name": programme.name, "kind": programme.kind, "foundational_subject": "", "format": programme.format,
            "delivery": programme.delivery, "isco_code": programme.isco_code, "duration_weeks": 12,
            "schedule": programme.schedule, "location": "", "admin_area": programme.admin_area, "language": "",
            "cost": "0", "funding": "", "qualification": programme.qualification,
            "awarding_body": programme.awarding_body, "open_to": programme.open_to, "capacity": programme.capacity,
            "is_active": "on"}
    data.update(changes)
    return data


def test_edit_page(world, programme, client):
    client.force_login(world.trainer)
    url = f"/training/{programme.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="Tailoring"' in page.content.decode()
    assert f'href="{url}"' in client.get(f"/training/{programme.pk}/").content.decode()
    bad = client.post(url, _form_data(programme, duration_weeks="-3", name="Changed"))
    assert bad.status_code == 400
    programme.refresh_from_db()
    assert programme.name == "Tailoring"
    response = client.post(url, _form_data(programme, name="Tailoring II", capacity=15, schedule="evenings"))
    assert response.status_code == 302 and response.url == f"/training/{programme.pk}/"
    programme.refresh_from_db()
    assert (programme.name, programme.capacity, programme.schedule) == ("Tailoring II", 15, "evenings")


def test_edit_page_can_retire_a_programme_and_bring_it_back(world, programme, client):
    client.force_login(world.trainer)
    data = _form_data(programme)
    del data["is_active"]
    assert client.post(f"/training/{programme.pk}/edit/", data).status_code == 302
    programme.refresh_from_db()
    assert not programme.is_active
    assert client.get(f"/training/{programme.pk}/edit/").status_code == 200  # still editable by its provider
    assert client.post(f"/training/{programme.pk}/edit/", _form_data(programme)).status_code == 302
    programme.refresh_from_db()
    assert programme.is_active
