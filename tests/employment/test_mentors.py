"""The mentor and coach register: validation, audit without the name, sessions linked to a
registered mentor of the case's organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent, Role
from reintegra.employment.models import Mentor, SupportSession
from reintegra.employment.services.enterprises import support_session_add
from reintegra.employment.services.mentors import mentor_create, mentor_errors, mentor_update


@pytest.fixture
def admin(world, make_member):
    return make_member(world.shelter, Role.ORG_ADMIN, username="orgadmin")


def test_rules(world):
    today = world.today
    ok = dict(name="Asha", kind="mentor", trained_on=today, training="Course", today=today)
    assert mentor_errors(**ok) == {}
    assert mentor_errors(**{**ok, "trained_on": None, "training": ""}) == {}  # not trained yet
    assert set(mentor_errors(**{**ok, "name": "  "})) == {"name"}
    assert set(mentor_errors(**{**ok, "kind": "guru"})) == {"kind"}
    assert set(mentor_errors(**{**ok, "trained_on": today + dt.timedelta(days=1)})) == {"trained_on"}
    assert set(mentor_errors(**{**ok, "training": ""})) == {"training"}
    assert set(mentor_errors(**{**ok, "trained_on": None})) == {"trained_on"}


def test_create_and_edit_are_audited_without_the_name(world, admin):
    mentor = mentor_create(actor=admin, organization=world.shelter, name=" Peer Asha ", kind="mentor",
                           peer_survivor=True, trained_on=world.today, training="Peer-support training")
    assert mentor.name == "Peer Asha" and mentor.is_trained
    mentor_update(actor=admin, mentor=mentor, active=False, name="Peer Asha R.")
    mentor.refresh_from_db()
    assert (mentor.name, mentor.active) == ("Peer Asha R.", False)
    events = AuditEvent.objects.filter(object_type__icontains="mentor").order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].detail == {"changed": ["active", "name"]}
    assert "Asha" not in str([e.detail for e in events])
    with pytest.raises(ValidationError):
        mentor_update(actor=admin, mentor=mentor, trained_on=None)  # training kept without a date


def test_only_managers_of_the_organisation(world, admin, make_member):
    for actor in (world.manager, world.liaison, make_member(world.other, Role.ORG_ADMIN)):
        with pytest.raises(PermissionDenied):
            mentor_create(actor=actor, organization=world.shelter, name="X")
    mentor = mentor_create(actor=world.supervisor, organization=world.shelter, name="Coach Omar", kind="coach")
    with pytest.raises(PermissionDenied):
        mentor_update(actor=make_member(world.other, Role.ORG_ADMIN), mentor=mentor, active=False)


def test_sessions_link_a_registered_mentor_of_the_case_organisation(world, admin, make_member):
    mentor = mentor_create(actor=admin, organization=world.shelter, name="Peer Asha", peer_survivor=True,
                           trained_on=world.today, training="Course")
    session = support_session_add(actor=world.liaison, case=world.case, kind="mentoring", held_on=world.today,
                                  registered_mentor=mentor)
    assert session.registered_mentor == mentor and session.peer_survivor_mentor and session.mentor == ""
    foreign = mentor_create(actor=make_member(world.other, Role.ORG_ADMIN), organization=world.other, name="Other")
    with pytest.raises(ValidationError):
        support_session_add(actor=world.liaison, case=world.case, kind="mentoring", held_on=world.today,
                            registered_mentor=foreign)
    mentor_update(actor=admin, mentor=mentor, active=False)
    mentor.refresh_from_db()
    with pytest.raises(ValidationError):
        support_session_add(actor=world.liaison, case=world.case, kind="mentoring", held_on=world.today,
                            registered_mentor=mentor)
    old = SupportSession.objects.create(organization=world.shelter, case=world.case, kind="coaching",
                                        held_on=world.today, mentor="Typed name")  # older rows keep the name
    assert old.registered_mentor is None and old.mentor == "Typed name"


def test_the_case_page_offers_registered_mentors(world, admin, client):
    mentor = mentor_create(actor=admin, organization=world.shelter, name="Coach Omar", kind="coach",
                           trained_on=world.today, training="Course")
    Mentor.objects.create(organization=world.shelter, name="Gone", active=False)
    client.force_login(world.liaison)
    page = client.get(f"/employment/case/{world.case.pk}/").content.decode()
    assert "Coach Omar" in page and "Gone" not in page
    response = client.post(f"/employment/case/{world.case.pk}/", {
        "form": "session", "kind": "coaching", "held_on": world.today.isoformat(), "registered_mentor": mentor.pk})
    assert response.status_code == 302
    assert SupportSession.objects.get(case=world.case).registered_mentor == mentor


def test_register_page_empty_state_list_and_validation(world, admin, client):
    client.force_login(admin)
    assert "No mentor or coach registered yet." in client.get("/employment/mentors/").content.decode()
    response = client.post("/employment/mentors/", {"name": "Peer Asha", "kind": "mentor", "training": "Course",
                                                     "active": "on"})
    assert response.status_code == 400 and "Enter when the training was completed" in response.content.decode()
    response = client.post("/employment/mentors/", {"name": "Peer Asha", "kind": "mentor", "training": "Course",
                                                     "trained_on": world.today.isoformat(), "active": "on"})
    assert response.status_code == 302
    page = client.get("/employment/mentors/").content.decode()
    assert "Peer Asha" in page and "Course" in page
    mentor = Mentor.objects.get()
    assert f"/employment/mentors/{mentor.pk}/edit/" in page
    client.force_login(world.manager)  # views the register, cannot change it
    page = client.get("/employment/mentors/").content.decode()
    assert "Peer Asha" in page and "/edit/" not in page and "mentor-form" not in page
