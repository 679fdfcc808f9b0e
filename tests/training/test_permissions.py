"""Every training page × every role of core.Role × scope.

Scopes: the provider running the programme, the organisation owning the survivor's case (members
on the case team), another organisation, an expired membership, anonymous. The allowed roles are
written out here from training/data/permissions.yaml and the case selector, so widening access
there fails a test. Forbidden answers 404 (like missing) and changes nothing.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from reintegra.core.models import Role
from reintegra.training.models import Attendance, Enrolment, Intake, Programme
from reintegra.training.services import enrol_case

MANAGERS = {Role.TRAINER, Role.SUPERVISOR}  # training.manage
ENROLLERS = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.TRAINER, Role.SUPERVISOR}  # training.enrol
PATHWAY_VIEWERS = ENROLLERS | {Role.EMPLOYER_LIAISON}  # pathway.view (skills app)
PROGRAMME_FIELDS = {"name": "Evening literacy", "kind": "foundational", "format": "non_formal",
                    "delivery": "classroom", "duration_weeks": 20, "schedule": "evenings", "cost": "0",
                    "open_to": "community", "capacity": 25}

# name -> (method, url, form data, {scope: (allowed roles, status when allowed)}); "{today}" in the data is
# filled in when the request is sent, so a run that crosses midnight sends the app's today, not the import day
ACTIONS = {
    "programme_new_page": ("get", "/training/new/", None,
                           {"provider": (MANAGERS, 200), "case_owner": (MANAGERS, 200), "other_org": (MANAGERS, 200)}),
    "programme_new": ("post", "/training/new/", PROGRAMME_FIELDS,
                      {"provider": (MANAGERS, 302), "case_owner": (MANAGERS, 302), "other_org": (MANAGERS, 302)}),
    "programme_edit_page": ("get", "/training/{programme}/edit/", None, {"provider": (MANAGERS, 200)}),
    "programme_edit": ("post", "/training/{programme}/edit/",
                       {**PROGRAMME_FIELDS, "name": "Tailoring II", "kind": "vocational", "is_active": "on"},
                       {"provider": (MANAGERS, 302)}),
    "community_trainee": ("post", "/training/{programme}/", {"gender": "Feminine", "birth_year": 1999},
                          {"provider": (ENROLLERS, 302)}),
    "intake": ("post", "/training/{programme}/", {"form": "intake", "starts_on": "{today}"},
               {"provider": (MANAGERS, 302)}),
    "enrolment_status": ("post", "/training/enrolments/{enrolment}/status/", {"status": "attending", "on": "{today}"},
                         {"provider": (ENROLLERS, 302), "case_owner": (ENROLLERS, 302)}),
    "attendance": ("post", "/training/enrolments/{enrolment}/attendance/", {"on": "{today}", "present": "on"},
                   {"provider": (ENROLLERS, 302), "case_owner": (ENROLLERS, 302)}),
    "case_page": ("get", "/training/case/{case}/", None, {"case_owner": (PATHWAY_VIEWERS, 200)}),
    "case_enrol": ("post", "/training/case/{case}/", {"programme": "{second}"}, {"case_owner": (ENROLLERS, 302)}),
}
SCOPES = ["provider", "case_owner", "other_org", "expired"]


@pytest.fixture
def rows(world, programme):
    second = Programme.objects.create(organization=world.provider, name="Workers' rights", kind="workers_rights")
    enrolment = enrol_case(actor=world.manager, case=world.case, programme=programme)
    return {"case": world.case.pk, "programme": programme.pk, "second": second.pk, "enrolment": enrolment.pk}


def _state(world):
    return (sorted(Programme.objects.values_list("organization_id", "name", "is_active")),
            sorted(Enrolment.objects.values_list("programme_id", "status", "case_id"), key=str),
            Attendance.objects.count(), Intake.objects.count())


def _send(client, method, url, data, rows):
    url = url.format(**rows)
    if method == "get":
        return client.get(url)
    values = {**rows, "today": timezone.localdate().isoformat()}
    return client.post(url, {k: (v.format(**values) if isinstance(v, str) else v) for k, v in data.items()})


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(ACTIONS))
def test_role_by_action_by_scope(world, rows, make_member, client, name, role, scope):
    method, url, data, allowed = ACTIONS[name]
    organization = {"provider": world.provider, "case_owner": world.shelter, "other_org": world.other,
                    "expired": world.provider}[scope]
    user = make_member(organization, role, expired=scope == "expired")
    world.case.team.add(user)  # on the team: only the role and the organisation decide
    client.force_login(user)
    before = _state(world)
    response = _send(client, method, url, data, rows)
    roles, ok_status = allowed.get(scope, (set(), None))
    if role in roles:
        assert response.status_code == ok_status, (response.status_code, response.content[:400])
        if method == "post":
            assert _state(world) != before, "an allowed write changed nothing"
        if name == "programme_new":  # created in the user's own organisation, never elsewhere
            assert Programme.objects.get(name="Evening literacy").organization == organization
    else:
        assert response.status_code == 404, (name, role, scope, response.status_code)
        assert _state(world) == before


@pytest.mark.parametrize("name", list(ACTIONS))
def test_anonymous_is_sent_to_login(world, rows, client, name):
    method, url, data, _allowed = ACTIONS[name]
    before = _state(world)
    response = _send(client, method, url, data, rows)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _state(world) == before
