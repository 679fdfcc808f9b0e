"""Role × action × scope for employer feedback and the mentor register: anonymous, another
organisation, wrong role, expired membership, an area-limited membership (the case is in North,
the membership in South) and the allowed role.

Expectations per scope: "ok" (done), "404" (refused, nothing done), "refused" (the form does not
offer the out-of-scope placement: 400, nothing done), "own" (done, but in the actor's own
organisation), "hidden" (the page answers, without the other organisation's or area's records)."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.employment.models import EmployerFeedback, Mentor
from reintegra.employment.services.feedback import feedback_record
from reintegra.employment.services.mentors import mentor_create
from reintegra.employment.services.placements import placement_create

SCOPES = ["anonymous", "other_org", "wrong_role", "expired", "area", "allowed"]

# (name, method, url, allowed role, wrong role, data, expectation for other_org, for area)
ACTIONS = [
    ("feedback-page", "get", "/employment/employers/{employer}/feedback/", Role.CASE_MANAGER, Role.COUNSELLOR,
     None, "hidden", "hidden"),
    ("feedback-placement", "post", "/employment/employers/{employer}/feedback/", Role.EMPLOYER_LIAISON,
     Role.CASE_MANAGER, {"placement": "{placement}", "given_on": "{today}", "rating": "4", "comment": "Reliable"},
     "refused", "refused"),
    ("feedback-partnership", "post", "/employment/employers/{employer}/feedback/", Role.SUPERVISOR,
     Role.COUNSELLOR, {"placement": "", "given_on": "{today}", "rating": "3"}, "own", "ok"),
    ("mentor-list", "get", "/employment/mentors/", Role.TRAINER, Role.ME_OFFICER, None, "hidden", "ok"),
    ("mentor-add", "post", "/employment/mentors/", Role.ORG_ADMIN, Role.CASE_MANAGER,
     {"name": "Coach Omar", "kind": "coach", "trained_on": "{today}", "training": "Marker course", "active": "on"},
     "own", "ok"),
    ("mentor-edit", "post", "/employment/mentors/{mentor}/edit/", Role.SUPERVISOR, Role.EMPLOYER_LIAISON,
     {"name": "Peer Asha", "kind": "mentor", "trained_on": "{today}", "training": "Edited course", "active": "on"},
     "404", "ok"),
]


def _done(name, world, mentor, placement):
    mentor.refresh_from_db()
    found = {
        "feedback-placement": EmployerFeedback.objects.filter(placement=placement, rating=4),
        "feedback-partnership": EmployerFeedback.objects.filter(placement=None, rating=3),
        "mentor-add": Mentor.objects.filter(training="Marker course"),
    }.get(name)
    if name == "mentor-edit":
        return {world.shelter.pk} if mentor.training == "Edited course" else set()
    return None if found is None else set(found.values_list("organization_id", flat=True))


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(("name", "method", "url", "allowed", "wrong", "data", "other_org", "area"), ACTIONS,
                         ids=[a[0] for a in ACTIONS])
def test_feedback_and_mentor_matrix(world, employer, make_member, client, scope, name, method, url, allowed, wrong,
                                    data, other_org, area):
    placement = placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                                 started_on=world.today.replace(day=1))
    feedback_record(actor=world.liaison, employer=employer, placement=placement, given_on=world.today, rating=5,
                    comment="Secret about the survivor")
    mentor = mentor_create(actor=world.supervisor, organization=world.shelter, name="Peer Asha Marker",
                           trained_on=world.today, training="Course")
    user = {"other_org": lambda: make_member(world.other, allowed),
            "wrong_role": lambda: make_member(world.shelter, wrong),
            "expired": lambda: make_member(world.shelter, allowed, expired=True),
            "area": lambda: make_member(world.shelter, allowed, area_scope="South"),
            "allowed": lambda: make_member(world.shelter, allowed)}.get(scope, lambda: None)()
    if user is not None:
        if scope != "area":  # on the team, as a case worker would be; the area case tests the area alone
            world.case.team.add(user)
        client.force_login(user)
    ids = {"employer": employer.pk, "placement": placement.pk, "mentor": mentor.pk, "today": world.today.isoformat()}
    target = url.format(**ids)
    payload = {k: v.format(**ids) for k, v in (data or {}).items()}
    response = client.get(target) if method == "get" else client.post(target, payload)
    done = _done(name, world, mentor, placement)
    page = response.content.decode() if response.status_code == 200 else ""
    expect = {"other_org": other_org, "area": area, "allowed": "ok"}.get(scope, "404")
    if scope == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not done
    elif expect == "404":
        assert response.status_code == 404, (name, scope, response.status_code)
        assert not done
    elif expect == "refused":
        assert response.status_code in (400, 404), (name, scope, response.status_code)
        assert not done
    elif expect == "own":
        assert response.status_code == 302, (name, scope, response.status_code)
        assert done == {world.other.pk}
    elif expect == "hidden":
        assert response.status_code == 200, (name, scope, response.status_code)
        assert "Secret about the survivor" not in page and world.case.survivor.code not in page
        assert "Peer Asha Marker" not in page
    else:
        assert response.status_code in (200, 302), (name, scope, response.status_code)
        assert done in (None, {world.shelter.pk}), (name, scope, done)
        if name == "feedback-page":
            assert "Secret about the survivor" in page
        if name == "mentor-list":
            assert "Peer Asha Marker" in page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_the_portal_feedback_page_is_only_for_employer_logins(world, make_member, client, role):
    client.force_login(make_member(world.shelter, role))
    assert client.get("/employment/portal/feedback/").status_code == 404
    response = client.post("/employment/portal/feedback/", {"given_on": world.today.isoformat(), "rating": "5"})
    assert response.status_code == 404 and not EmployerFeedback.objects.exists()


def test_the_portal_feedback_page_needs_a_login(client):
    response = client.get("/employment/portal/feedback/")
    assert response.status_code == 302 and "/login/" in response["Location"]
