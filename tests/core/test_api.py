"""API conventions: schema and docs, token and session auth, pagination, JSON errors with field messages."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reintegra.cases.models import Case
from reintegra.core.models import Role


@pytest.fixture
def api(case_manager):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=case_manager).key}")
    return client


@pytest.mark.django_db
def test_schema_and_docs_are_served(client, case_manager):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/cases/" in document["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


@pytest.mark.django_db
def test_anonymous_gets_json_401_or_403():
    response = APIClient().get("/api/v1/cases/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.django_db
def test_token_auth_lists_only_visible_cases_paginated(api, org, case_manager, make_case, make_org, make_member):
    for n in range(3):
        make_case(org, case_manager, given_name=f"Person{n}")
    other = make_org(name="Other")
    make_case(other, make_member(other, Role.CASE_MANAGER), given_name="Hidden")
    body = api.get("/api/v1/cases/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert {"survivor_code", "status", "organization"} <= set(body["results"][0])
    assert "given_name" not in body["results"][0]  # identity only through /identity/


@pytest.mark.django_db
def test_create_case_validates_with_field_messages(api, org):
    response = api.post("/api/v1/cases/", {"organization": org.pk, "nationality": "Nepal",
                                           "birth_date": "not a date"}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert {"nationality", "birth_date"} <= set(errors)
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_create_case_in_foreign_organisation_is_refused(api, make_org):
    other = make_org(name="Other")
    response = api.post("/api/v1/cases/", {"organization": other.pk, "given_name": "Asha"}, format="json")
    assert response.status_code == 403 and "detail" in response.json()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_create_and_read_identity(api, org):
    created = api.post("/api/v1/cases/", {"organization": org.pk, "given_name": "Asha", "family_name": "Rai",
                                          "birth_date": "1990-01-31", "gender": "Feminine"}, format="json")
    assert created.status_code == 201, created.content
    identity = api.get(f"/api/v1/cases/{created.json()['id']}/identity/").json()
    assert identity["given_name"] == "Asha" and identity["birth_date"] == "1990-01-31"


@pytest.mark.django_db
def test_identity_hidden_from_roles_without_the_permission(org, case_manager, make_case, make_member):
    case = make_case(org, case_manager)
    trainer = make_member(org, Role.TRAINER)
    case.team.add(trainer)
    client = APIClient()
    client.force_authenticate(trainer)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}/identity/").status_code == 404


@pytest.mark.django_db
def test_me_lists_active_memberships_only(make_member, org, make_org):
    user = make_member(org, Role.SUPERVISOR)
    make_member(make_org(name="Lapsed"), Role.SUPERVISOR, user=user, expired=True)
    client = APIClient()
    client.force_authenticate(user)
    me = client.get("/api/v1/me/").json()
    assert [m["organization"]["name"] for m in me["memberships"]] == [org.name]


@pytest.mark.django_db
def test_hsds_api_is_mounted_at_api_hsds(case_manager):
    client = APIClient()
    client.force_authenticate(case_manager)
    for path in ("/api/hsds/services", "/api/hsds/organizations"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert {"total_items", "contents"} <= set(response.json())
