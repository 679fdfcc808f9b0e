"""Employer feedback: validation, audit without the comment, the staff page (list, empty state,
area scope) and the employer portal (only placements whose disclosure consent is in force)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.core.models import AuditEvent, Role
from reintegra.employment.models import EmployerFeedback
from reintegra.employment.services.employers import (
    disclosure_consent_record,
    disclosure_consent_withdraw,
    employer_account_link,
    employer_create,
)
from reintegra.employment.services.feedback import feedback_errors, feedback_record, portal_feedback_give
from reintegra.employment.services.placements import placement_create


@pytest.fixture
def placed(world, employer):
    return placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                            started_on=world.today - dt.timedelta(days=60))


@pytest.fixture
def employer_user(world, employer, make_user):
    user = make_user("boss")
    employer_account_link(actor=world.liaison, employer=employer, user=user)
    return user


def test_rules(world, employer, placed):
    today = world.today
    ok = dict(employer=employer, placement=placed, given_on=today, rating=4, comment="", today=today)
    assert feedback_errors(**ok) == {}
    assert set(feedback_errors(**{**ok, "rating": 6})) == {"rating"}
    assert set(feedback_errors(**{**ok, "rating": 0})) == {"rating"}
    assert set(feedback_errors(**{**ok, "rating": True})) == {"rating"}
    assert set(feedback_errors(**{**ok, "given_on": today + dt.timedelta(days=1)})) == {"given_on"}
    assert set(feedback_errors(**{**ok, "given_on": placed.started_on - dt.timedelta(days=1)})) == {"given_on"}
    assert set(feedback_errors(**{**ok, "given_on": None})) == {"given_on"}
    assert set(feedback_errors(**{**ok, "comment": "x" * 1001})) == {"comment"}
    other = employer_create(actor=world.liaison, organization=world.shelter, name="Another Ltd")
    assert set(feedback_errors(**{**ok, "employer": other})) == {"placement"}
    assert feedback_errors(**{**ok, "placement": None, "given_on": today - dt.timedelta(days=999)}) == {}


def test_staff_record_is_audited_without_the_comment(world, employer, placed):
    feedback = feedback_record(actor=world.liaison, employer=employer, placement=placed, given_on=world.today,
                               rating=5, comment="Maya is very reliable")
    assert feedback.organization_id == world.shelter.pk and feedback.satisfied
    assert feedback.channel == EmployerFeedback.Channel.STAFF and feedback.recorded_by == world.liaison
    event = AuditEvent.objects.filter(action="create", object_type__icontains="employerfeedback").get()
    assert event.detail == {"employer": employer.pk, "placement": placed.pk, "rating": 5, "channel": "staff"}
    assert "reliable" not in str(event.detail)


def test_staff_without_the_permission_or_scope_cannot_record(world, employer, placed, make_member):
    with pytest.raises(PermissionDenied):
        feedback_record(actor=world.manager, employer=employer, placement=placed, given_on=world.today, rating=3)
    south = make_member(world.shelter, Role.SUPERVISOR, area_scope="South")  # sees the South cases only
    with pytest.raises(PermissionDenied):
        feedback_record(actor=south, employer=employer, placement=placed, given_on=world.today, rating=3)
    other = make_member(world.other, Role.EMPLOYER_LIAISON)
    with pytest.raises(PermissionDenied):
        feedback_record(actor=other, employer=employer, placement=placed, given_on=world.today, rating=3)
    with pytest.raises(PermissionDenied):  # partnership feedback belongs to an organisation the actor serves
        feedback_record(actor=other, employer=employer, organization=world.shelter, given_on=world.today, rating=3)
    assert not EmployerFeedback.objects.exists()


def test_validation_messages_reach_the_page(world, employer, placed, client):
    client.force_login(world.liaison)
    url = f"/employment/employers/{employer.pk}/feedback/"
    response = client.post(url, {"placement": placed.pk, "given_on": (world.today + dt.timedelta(days=3)).isoformat(),
                                 "rating": "4"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    response = client.post(url, {"placement": "", "given_on": world.today.isoformat(), "rating": "9"})
    assert response.status_code == 400 and not EmployerFeedback.objects.exists()


def test_page_empty_state_then_list(world, employer, placed, client):
    client.force_login(world.liaison)
    url = f"/employment/employers/{employer.pk}/feedback/"
    assert "No feedback from this employer yet." in client.get(url).content.decode()
    response = client.post(url, {"placement": placed.pk, "given_on": world.today.isoformat(), "rating": "2",
                                 "comment": "Often late"})
    assert response.status_code == 302
    response = client.post(url, {"placement": "", "given_on": world.today.isoformat(), "rating": "5"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert world.case.survivor.code in page and "Often late" in page and "The partnership" in page
    assert "1 of 2 responses satisfied." in page
    assert AuditEvent.objects.filter(action="read", detail__placements=[placed.pk]).exists()
    assert f"/employment/employers/{employer.pk}/feedback/" in client.get(
        f"/employment/employers/{employer.pk}/").content.decode()


def test_the_list_respects_organisation_and_area(world, employer, placed, client, make_member):
    feedback_record(actor=world.liaison, employer=employer, placement=placed, given_on=world.today, rating=2,
                    comment="About Maya")
    feedback_record(actor=world.liaison, employer=employer, organization=world.shelter, given_on=world.today,
                    rating=4, comment="Good partnership")
    url = f"/employment/employers/{employer.pk}/feedback/"
    client.force_login(make_member(world.other, Role.EMPLOYER_LIAISON))
    page = client.get(url).content.decode()
    assert "About Maya" not in page and "Good partnership" not in page and "No feedback" in page
    south = make_member(world.shelter, Role.SUPERVISOR, area_scope="South")
    client.force_login(south)
    page = client.get(url).content.decode()
    assert "About Maya" not in page and world.case.survivor.code not in page and "Good partnership" in page


def test_portal_feedback_only_about_consenting_people(world, employer, placed, employer_user, client):
    client.force_login(employer_user)
    assert "/employment/portal/feedback/" in client.get("/employment/portal/").content.decode()
    page = client.get("/employment/portal/feedback/").content.decode()
    assert world.case.survivor.code not in page  # no consent: the person is not offered
    response = client.post("/employment/portal/feedback/", {"placement": placed.pk, "given_on": world.today.isoformat(),
                                                            "rating": "5"})
    assert response.status_code == 400 and not EmployerFeedback.objects.exists()
    with pytest.raises(PermissionDenied):
        portal_feedback_give(actor=employer_user, placement=placed, given_on=world.today, rating=5)

    disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer)
    assert world.case.survivor.code in client.get("/employment/portal/feedback/").content.decode()
    response = client.post("/employment/portal/feedback/", {"placement": placed.pk, "given_on": world.today.isoformat(),
                                                            "rating": "5", "comment": "Great start"})
    assert response.status_code == 302
    response = client.post("/employment/portal/feedback/", {"placement": "", "given_on": world.today.isoformat(),
                                                            "rating": "3"})
    assert response.status_code == 302
    given = EmployerFeedback.objects.order_by("id")
    assert [(f.placement_id, f.rating, f.channel, f.organization_id) for f in given] == [
        (placed.pk, 5, "portal", world.shelter.pk), (None, 3, "portal", world.shelter.pk)]
    assert world.case.survivor.code in client.get("/employment/portal/feedback/").content.decode()

    disclosure_consent_withdraw(actor=world.liaison, case=world.case, employer=employer)
    page = client.get("/employment/portal/feedback/").content.decode()
    assert world.case.survivor.code not in page  # not even in the list of what it gave
    with pytest.raises(PermissionDenied):
        portal_feedback_give(actor=employer_user, placement=placed, given_on=world.today, rating=1)


def test_portal_feedback_page_is_only_for_employer_logins(world, client):
    client.force_login(world.liaison)
    assert client.get("/employment/portal/feedback/").status_code == 404
    with pytest.raises(PermissionDenied):
        portal_feedback_give(actor=world.liaison, given_on=world.today, rating=4)


def test_services_refuse_a_bad_rating(world, employer):
    with pytest.raises(ValidationError):
        feedback_record(actor=world.liaison, employer=employer, organization=world.shelter, given_on=world.today,
                        rating=7)


def test_api_records_and_lists_without_the_comment(world, employer, placed, client, make_member):
    client.force_login(world.liaison)
    url = "/api/v1/employer-feedback/"
    created = client.post(url, {"employer": employer.pk, "placement": placed.pk, "given_on": world.today.isoformat(),
                                "rating": 4, "comment": "About Maya"}, content_type="application/json")
    assert created.status_code == 201, created.content
    bad = client.post(url, {"employer": employer.pk, "given_on": world.today.isoformat(), "rating": 9},
                      content_type="application/json")
    assert bad.status_code == 400 and "rating" in bad.json()
    rows = client.get(url).json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert [(r["placement"], r["rating"]) for r in rows] == [(placed.pk, 4)] and "comment" not in rows[0]
    client.force_login(make_member(world.other, Role.EMPLOYER_LIAISON))
    listed = client.get(url).json()
    assert (listed.get("results", listed) if isinstance(listed, dict) else listed) == []
    refused = client.post(url, {"employer": employer.pk, "placement": placed.pk, "given_on": world.today.isoformat(),
                                "rating": 2}, content_type="application/json")
    assert refused.status_code == 404 and EmployerFeedback.objects.count() == 1


def test_the_case_page_lists_the_feedback_about_each_placement(world, employer, placed, client):
    client.force_login(world.liaison)
    page = client.get(f"/employment/case/{world.case.pk}/").content.decode()
    assert "Employer feedback:" in page and "none yet" in page
    feedback_record(actor=world.liaison, employer=employer, placement=placed, given_on=world.today, rating=2,
                    comment="Private remark")
    page = client.get(f"/employment/case/{world.case.pk}/").content.decode()
    assert "2 — Dissatisfied" in page and "Private remark" not in page
    client.force_login(world.counsellor)  # no employer_feedback.view
    assert "Employer feedback:" not in client.get(f"/employment/case/{world.case.pk}/").content.decode()


@given(rating=st.integers(min_value=-3, max_value=9), offset=st.integers(min_value=-400, max_value=30),
       comment=st.text(max_size=1100))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_rules_property(world, employer, placed, rating, offset, comment):
    """Exactly the broken rules are reported: rating off the 1–5 scale, a date in the future or
    before the placement started, a comment over 1,000 characters."""
    given_on = world.today + dt.timedelta(days=offset)
    errors = feedback_errors(employer=employer, placement=placed, given_on=given_on, rating=rating,
                             comment=comment, today=world.today)
    assert ("rating" in errors) == (not 1 <= rating <= 5)
    assert ("given_on" in errors) == (given_on > world.today or given_on < placed.started_on)
    assert ("comment" in errors) == (len(comment) > 1000)
    assert set(errors) <= {"rating", "given_on", "comment"}
