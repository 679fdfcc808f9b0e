"""Editing opportunities and business plans: through the services, audited, and only for the
right role in the organisation that recorded them (404 otherwise)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent, Role
from reintegra.employment.models import Enterprise, IndexVersion, Opportunity
from reintegra.employment.services.employers import opportunity_create, opportunity_update
from reintegra.employment.services.enterprises import enterprise_create, enterprise_start, enterprise_update

SCOPES = ["anonymous", "other_org", "wrong_role", "expired", "allowed"]


@pytest.fixture
def opportunity(world, employer):
    return opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer,
                              title="Sewing machinist", isco_code="7531", admin_area="North")


@pytest.fixture
def enterprise(world):
    return enterprise_create(actor=world.liaison, case=world.case, name="Tailoring corner",
                             business_plan="Repairs")


OPPORTUNITY_POST = {"kind": "job", "title": "Senior machinist", "isco_code": "7531", "admin_area": "North",
                    "hours_per_week": 30, "schedule": "part_time", "contract_type": "permanent", "openings": 3}


def _user(scope, world, make_member, allowed, wrong):
    if scope == "other_org":
        return make_member(world.other, allowed)
    if scope == "wrong_role":
        return make_member(world.shelter, wrong)
    if scope == "expired":
        return make_member(world.shelter, allowed, expired=True)
    if scope == "allowed":
        return make_member(world.shelter, allowed)
    return None


@pytest.mark.parametrize("scope", SCOPES)
def test_opportunity_edit_permissions(world, employer, opportunity, make_member, client, scope):
    user = _user(scope, world, make_member, Role.EMPLOYER_LIAISON, Role.CASE_MANAGER)
    if user is not None:
        client.force_login(user)
    url = f"/employment/opportunities/{opportunity.pk}/edit/"
    get = client.get(url)
    post = client.post(url, {**OPPORTUNITY_POST, "employer": employer.pk})
    opportunity.refresh_from_db()
    if scope == "anonymous":
        assert get.status_code == post.status_code == 302 and "/login/" in post["Location"]
    elif scope == "allowed":
        assert get.status_code == 200 and post.status_code == 302
        assert (opportunity.title, opportunity.openings) == ("Senior machinist", 3)
    else:
        assert get.status_code == post.status_code == 404, scope
    if scope != "allowed":
        assert opportunity.title == "Sewing machinist"


@pytest.mark.parametrize("scope", SCOPES)
def test_business_plan_edit_permissions(world, enterprise, make_member, client, scope):
    user = _user(scope, world, make_member, Role.COUNSELLOR, Role.TRAINER)
    if user is not None:
        world.case.team.add(user)
        client.force_login(user)
    url = f"/employment/case/{world.case.pk}/enterprises/{enterprise.pk}/edit/"
    get = client.get(url)
    post = client.post(url, {"name": "Tailoring corner", "business_plan": "Repairs, school uniforms"})
    enterprise.refresh_from_db()
    if scope == "anonymous":
        assert get.status_code == post.status_code == 302
    elif scope == "allowed":
        assert get.status_code == 200 and post.status_code == 302
        assert enterprise.business_plan == "Repairs, school uniforms"
    else:
        assert get.status_code == post.status_code == 404, scope
    if scope != "allowed":
        assert enterprise.business_plan == "Repairs"


def test_opportunity_update_is_audited_validated_and_reindexes(world, opportunity):
    before = IndexVersion.objects.get(pk=1).version
    opportunity_update(actor=world.liaison, opportunity=opportunity, title="Cutter", openings=2)
    event = AuditEvent.objects.filter(object_type="employment.opportunity", action="update").latest("id")
    assert event.detail["changed"] == ["openings", "title"]
    assert IndexVersion.objects.get(pk=1).version == before + 1
    with pytest.raises(ValidationError):
        opportunity_update(actor=world.liaison, opportunity=opportunity, isco_code="75")
    with pytest.raises(ValidationError):
        opportunity_update(actor=world.liaison, opportunity=opportunity, openings=-1)
    with pytest.raises(PermissionDenied):
        opportunity_update(actor=world.manager, opportunity=opportunity, title="x")
    assert Opportunity.objects.get(pk=opportunity.pk).title == "Cutter"


def test_business_plan_update_keeps_a_plan_once_trading(world, enterprise):
    enterprise_update(actor=world.liaison, enterprise=enterprise, business_plan="Repairs and uniforms")
    event = AuditEvent.objects.filter(object_type="employment.enterprise", action="update").latest("id")
    assert event.detail["changed"] == ["business_plan"] and "uniforms" not in str(event.detail)
    enterprise_start(actor=world.liaison, enterprise=enterprise, started_on=world.today)
    with pytest.raises(ValidationError):
        enterprise_update(actor=world.liaison, enterprise=Enterprise.objects.get(pk=enterprise.pk), business_plan=" ")
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=world.trainer, enterprise=enterprise, name="x")
    assert Enterprise.objects.get(pk=enterprise.pk).business_plan == "Repairs and uniforms"


def test_bad_input_changes_nothing(world, employer, opportunity, client):
    client.force_login(world.liaison)
    response = client.post(f"/employment/opportunities/{opportunity.pk}/edit/",
                           {**OPPORTUNITY_POST, "employer": employer.pk, "title": ""})
    assert response.status_code == 400
    assert Opportunity.objects.get(pk=opportunity.pk).title == "Sewing machinist"
