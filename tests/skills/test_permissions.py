"""Every skills page × every role of core.Role × scope (the case's organisation on the case team,
another organisation, an expired membership, anonymous).

Who may do what is written here by hand from the rules (skills/data/permissions.yaml and the case
selector), not read from the same file, so a change there that widens access fails these tests.
A forbidden request answers 404, like a missing case, and changes nothing.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from reintegra.core.models import Role
from reintegra.skills import coding, services
from reintegra.skills.models import (
    CodedItem,
    GuidanceChecklistAnswer,
    GuidanceGoal,
    Qualification,
    RplRecord,
    SkillsProfile,
)

CHANGERS = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.SUPERVISOR}
VIEWERS = CHANGERS | {Role.TRAINER, Role.EMPLOYER_LIAISON}

# name -> (method, url, form data, roles allowed, status when allowed); "{today}" in the data is filled
# in when the request is sent, so a run that crosses midnight sends the app's today, not the import day
ACTIONS = {
    "profile": ("get", "/skills/case/{case}/", None, VIEWERS, 200),
    "profile_save": ("post", "/skills/case/{case}/profile/", {"literacy": "basic", "max_hours_per_week": "30"},
                     CHANGERS, 302),
    "suggest": ("post", "/skills/case/{case}/suggest/", {"text": "tailleur", "kind": "occupation"}, CHANGERS, 200),
    "confirm": ("post", "/skills/case/{case}/confirm/", {"kind": "aspiration", "code": "7531"}, CHANGERS, 302),
    "coded_remove_ask": ("get", "/skills/case/{case}/coded/{item}/remove/", None, CHANGERS, 200),
    "coded_remove": ("post", "/skills/case/{case}/coded/{item}/remove/", {}, CHANGERS, 302),
    "goal_add": ("post", "/skills/case/{case}/goals/", {"kind": "wage", "description": "Tailor"}, CHANGERS, 302),
    "goal_status": ("post", "/skills/case/{case}/goals/{goal}/status/", {"status": "achieved"}, CHANGERS, 302),
    "qualification_add": ("post", "/skills/case/{case}/qualifications/",
                          {"title": "Sewing certificate", "recognition": "not_needed"}, CHANGERS, 302),
    "rpl_start": ("post", "/skills/case/{case}/rpl/", {"subject": "Pattern cutting", "on": "{today}"}, CHANGERS, 302),
    "rpl_advance": ("post", "/skills/case/{case}/rpl/{rpl}/", {"stage": "identification", "on": "{today}"},
                    CHANGERS, 302),
    "checklist": ("post", "/skills/case/{case}/checklist/", {"item_id": "3d.1", "answer": "yes"}, CHANGERS, 302),
}
SCOPES = ["own_org", "other_org", "expired"]


@pytest.fixture
def skills_rows(world, monkeypatch):
    """One of everything the actions touch, made by an allowed user; the encoder is replaced by a stub."""
    monkeypatch.setattr(coding, "suggest_occupations", lambda text, limit=5: [
        coding.Suggestion(code="7531", label="Tailors", matched=text, score=0.9, semantic=0.9, lexical=0.9)])
    services.profile_save(actor=world.counsellor, case=world.case, literacy="none")
    item = services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="occupation", code="7533")
    goal = services.goal_add(actor=world.counsellor, case=world.case, kind="education", description="Literacy")
    rpl = services.rpl_start(actor=world.counsellor, case=world.case, subject="Sewing", on=timezone.localdate())
    return {"case": world.case.pk, "item": item.pk, "goal": goal.pk, "rpl": rpl.pk}


def _state(case):
    profile = SkillsProfile.objects.get(case=case)
    return (profile.literacy, profile.max_hours_per_week,
            sorted(CodedItem.objects.filter(profile=profile).values_list("kind", "code")),
            sorted(GuidanceGoal.objects.filter(case=case).values_list("description", "status")),
            Qualification.objects.filter(profile=profile).count(),
            sorted(RplRecord.objects.filter(profile=profile).values_list("subject", "stage")),
            GuidanceChecklistAnswer.objects.filter(case=case).count())


def _request(client, method, url, data):
    if method == "get":
        return client.get(url)
    today = timezone.localdate().isoformat()
    return client.post(url, {k: (v.format(today=today) if isinstance(v, str) else v) for k, v in data.items()})


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(ACTIONS))
def test_role_by_action_by_scope(world, skills_rows, make_member, client, name, role, scope):
    method, url, data, allowed_roles, ok_status = ACTIONS[name]
    organization = world.other if scope == "other_org" else world.shelter
    user = make_member(organization, role, expired=scope == "expired")
    world.case.team.add(user)  # on the team: only the role and the organisation decide
    client.force_login(user)
    before = _state(world.case)
    response = _request(client, method, url.format(**skills_rows), data)
    if scope == "own_org" and role in allowed_roles:
        assert response.status_code == ok_status, (response.status_code, response.content[:300])
        if method == "post" and name != "suggest":
            assert _state(world.case) != before, "an allowed write changed nothing"
    else:
        assert response.status_code == 404, (name, role, scope, response.status_code)
        assert _state(world.case) == before


@pytest.mark.parametrize("name", list(ACTIONS))
def test_anonymous_is_sent_to_login(world, skills_rows, client, name):
    method, url, data, _roles, _status = ACTIONS[name]
    before = _state(world.case)
    response = _request(client, method, url.format(**skills_rows), data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _state(world.case) == before


@pytest.mark.parametrize("name", ["coded_remove", "goal_status", "rpl_advance"])
def test_rows_of_another_case_are_missing(world, skills_rows, make_case, client, name):
    """An allowed user cannot reach another case's row through their own case's URL."""
    other_case = make_case(world.shelter, world.manager, given_name="Asha")
    method, url, data, _roles, _status = ACTIONS[name]
    client.force_login(world.supervisor)  # sees and changes both cases
    before = _state(world.case)
    response = _request(client, method, url.format(**{**skills_rows, "case": other_case.pk}), data)
    assert response.status_code == 404
    assert _state(world.case) == before


def test_removing_a_coded_item_asks_first_and_only_the_post_removes(world, skills_rows, client):
    from reintegra.skills.models import CodedItem

    client.force_login(world.counsellor)
    url = "/skills/case/{case}/coded/{item}/remove/".format(**skills_rows)
    page = client.get(url)
    assert page.status_code == 200 and "will be removed" in page.content.decode()
    assert CodedItem.objects.filter(pk=skills_rows["item"]).exists()
    assert client.post(url).status_code == 302
    assert not CodedItem.objects.filter(pk=skills_rows["item"]).exists()
