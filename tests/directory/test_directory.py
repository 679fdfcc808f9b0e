"""Coverage gaps, capacity assessments, capacity updates and the HSDS API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from reintegra.core.models import Role
from reintegra.directory import capacity, coverage
from reintegra.directory.models import Service
from reintegra.directory.services import capacity_assessment_record, service_update_capacity
from tests.conftest import PASSWORD
from tests.directory.factories import make_provider, make_service
from tests.directory.test_hsds import compiled_validator


def test_coverage_marks_gaps_per_area_and_type(db, make_org):
    make_org(name="Somewhere", admin_area="South")
    north = make_provider("North TVET", area="North")
    make_service(north, "Sewing", service_type="tvet", area="North", places_available=5,
                 codes=("childcare", "women"))
    make_service(north, "Clinic", service_type="health_care", area="North", status="inactive")
    result = coverage.coverage(types=["tvet", "health_care"])
    assert result.areas == ["North", "South"]
    north_row = dict(zip([c for c, _l in result.types], result.row("North"), strict=True))
    assert north_row["tvet"].services == 1 and north_row["tvet"].places == 5
    assert north_row["tvet"].supports == {"childcare"}
    assert north_row["health_care"].gap  # only an inactive clinic
    assert ("South", "tvet", "TVET institution (formal or non-formal)") in result.gaps()
    assert dict(result.gaps_per_area()) == {"North": 1, "South": 2}


def test_service_area_extends_coverage_to_other_areas(db):
    service = make_service(make_provider(), service_type="legal_services", area="North")
    service.service_areas.create(name="East")
    result = coverage.coverage(areas=["East"], types=["legal_services"])
    assert not result.row("East")[0].gap


def test_checklist_3b1_answers_from_the_directory(db):
    assert coverage.checklist_3b1()[0].answer == "no"
    make_service(make_provider(), codes=("victims_only",), service_type="employer")
    answers = {a.number: a for a in coverage.checklist_3b1()}
    assert answers[1].answer == "yes" and answers[3].answer == "yes" and answers[4].answer == "yes"
    assert answers[5].answer == "yes"  # no service offers transport, lodging or childcare
    assert len(answers) == 6


def test_capacity_items_cover_tables_2_to_4_and_the_13_checklist_items():
    codes = capacity.item_codes()
    assert [c for c in codes if c.startswith("3b.2.")] == [f"3b.2.{i}" for i in range(1, 14)]
    assert {a["code"] for a in capacity.areas()} >= {"resources", "coordination", "languages", "safety",
                                                    "procedures", "trainers", "trauma"}
    assert len(codes) == len(set(codes))


def test_capacity_assessment_scores_gaps_and_history(make_org, make_member):
    coordinator_org = make_org(name="NRM")
    coordinator = make_member(coordinator_org, Role.NETWORK_COORDINATOR)
    provider = make_provider()
    first = capacity_assessment_record(
        actor=coordinator, provider=provider, organization_id=coordinator_org.pk, assessed_on=dt.date(2026, 1, 5),
        scores={"T2.resources.1": 3, "T2.resources.2": 1, "3b.2.8": 0, "3b.2.11": None},
        action_points={"3b.2.8": "Budget for bus fares"})
    scores, gaps = capacity.summarise(first)
    resources = next(s for s in scores if s.code == "resources")
    assert resources.percent == 67 and resources.answered == 2
    assert [(g.item_code, g.action_point) for g in gaps] == [
        ("T2.resources.2", "Strengthen: Funding sources are known and the extra resources needed are identified"),
        ("3b.2.8", "Budget for bus fares")]
    capacity_assessment_record(actor=coordinator, provider=provider, organization_id=coordinator_org.pk,
                               assessed_on=dt.date(2026, 6, 5), scores={"3b.2.8": 3}, action_points={})
    assert [a.assessed_on.month for a in provider.assessments.all()] == [6, 1]
    with pytest.raises(ValidationError):
        capacity_assessment_record(actor=coordinator, provider=provider, organization_id=coordinator_org.pk,
                                   assessed_on=dt.date(2026, 6, 5), scores={"3b.2.8": 7}, action_points={})
    trainer = make_member(coordinator_org, Role.TRAINER)
    with pytest.raises(PermissionDenied):
        capacity_assessment_record(actor=trainer, provider=provider, organization_id=coordinator_org.pk,
                                   assessed_on=dt.date(2026, 6, 5), scores={}, action_points={})


def test_capacity_update_by_own_org_admin_only(make_org, make_member):
    own, other = make_org(name="Own"), make_org(name="Other")
    service = make_service(make_provider(member=own))
    admin = make_member(own, Role.ORG_ADMIN)
    service_update_capacity(actor=admin, service=service, places_available=0, waiting_days=30,
                            accepts_referrals=False)
    service.refresh_from_db()
    assert service.places_available == 0 and not service.accepts_referrals
    for outsider in (make_member(other, Role.ORG_ADMIN), make_member(own, Role.TRAINER)):
        with pytest.raises(PermissionDenied):
            service_update_capacity(actor=outsider, service=service, places_available=9, waiting_days=None,
                                    accepts_referrals=True)


@pytest.fixture
def api(make_org, make_member):
    client = APIClient()
    user = make_member(make_org(), Role.TRAINER)
    client.login(username=user.username, password=PASSWORD)
    return client


def test_hsds_api_pages_as_the_openapi_describes(db, api):
    provider = make_provider()
    for n in range(3):
        make_service(provider, f"Course {n}")
    page = api.get("/api/v1/hsds/services?per_page=2&page=2").json()
    assert {k: page[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
                                 "empty")} == {"total_items": 3, "total_pages": 2, "page_number": 2, "size": 1,
                                               "first_page": False, "last_page": True, "empty": False}
    assert page["contents"][0]["name"] == "Course 2"
    validator = compiled_validator("service_list.json")
    for item in api.get("/api/v1/hsds/services").json()["contents"]:
        assert not list(validator.iter_errors(item))
    assert api.get("/api/v1/hsds/services?page=abc").status_code == 400
    assert api.get("/api/v1/hsds/").json()["version"] == "3.0"


def test_hsds_api_single_service_and_organization_validate(db, api):
    service = make_service(make_provider(), codes=("transport", "trauma_informed"))
    body = api.get(f"/api/v1/hsds/services/{service.pk}").json()
    assert not list(compiled_validator("service.json").iter_errors(body))
    assert {a["value"] for a in body["attributes"]} == {"transport", "trauma_informed", "tvet"}
    org = api.get(f"/api/v1/hsds/organizations/{service.provider_id}").json()
    assert not list(compiled_validator("organization.json").iter_errors(org))
    assert [s["id"] for s in org["services"]] == [str(service.pk)]
    orgs = api.get("/api/v1/hsds/organizations").json()
    assert orgs["total_items"] == 1
    assert not list(compiled_validator("organization_list.json").iter_errors(orgs["contents"][0]))
    assert api.get("/api/v1/hsds/services/00000000-0000-4000-8000-000000000000").status_code == 404


def test_directory_pages_render(db, make_org, make_member, client):
    service = make_service(make_provider(), "Bakery course")
    user = make_member(make_org(), Role.NETWORK_COORDINATOR)
    client.login(username=user.username, password=PASSWORD)
    assert "Bakery course" in client.get("/directory/?support=stipend").content.decode()
    assert "Bakery course" not in client.get("/directory/?support=childcare").content.decode()
    assert client.get(f"/directory/services/{service.pk}/").status_code == 200
    assert client.get(f"/directory/providers/{service.provider_id}/").status_code == 200
    page = client.get("/directory/coverage/").content.decode()
    assert "<svg" in page and "gap" in page
    response = client.post(f"/directory/providers/{service.provider_id}/assess/",
                           {"assessed_on": "2026-05-01", "score_3b_2_8": "1", "action_3b_2_8": "Find bus money"})
    assert response.status_code == 302
    assert "Find bus money" in client.get(f"/directory/providers/{service.provider_id}/").content.decode()
    assert Service.objects.count() == 1


def test_import_page_reports_problems_and_imports_clean_files(db, make_org, make_member, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.directory.test_hsds import EXAMPLES

    coordinator = make_member(make_org(), Role.NETWORK_COORDINATOR)
    client.login(username=coordinator.username, password=PASSWORD)
    bad = SimpleUploadedFile("bad.json", b'[{"id": "not-a-uuid", "name": "x", "status": "active"}]')
    response = client.post("/directory/import/", {"file": bad})
    assert response.status_code == 400 and "nothing was imported" in response.content.decode()
    good = SimpleUploadedFile("s.json", (EXAMPLES / "service_full.json").read_bytes())
    assert client.post("/directory/import/", {"file": good, "dry_run": "on"}).status_code == 200
    assert Service.objects.count() == 0
    good.seek(0)
    client.post("/directory/import/", {"file": good})
    assert Service.objects.count() == 1
    exported = client.get("/directory/export.json").json()
    assert [s["id"] for s in exported] == ["ac148810-d857-441c-9679-408f346de14b"]
    trainer = make_member(make_org(), Role.TRAINER)
    client.login(username=trainer.username, password=PASSWORD)
    assert client.get("/directory/import/").status_code == 404


def test_add_provider_and_service_through_the_pages(db, make_org, make_member, client):
    member_org = make_org(name="Skills NGO")
    coordinator = make_member(make_org(name="NRM"), Role.NETWORK_COORDINATOR)
    client.login(username=coordinator.username, password=PASSWORD)
    response = client.post("/directory/providers/new/", {"name": "Skills NGO", "organization_type": "tvet",
                                                          "admin_area": "East", "member": member_org.pk})
    assert response.status_code == 302
    provider = member_org.directory_providers.get()
    admin = make_member(member_org, Role.ORG_ADMIN)
    client.login(username=admin.username, password=PASSWORD)
    form = {"name": "Welding", "service_type": "tvet", "status": "active", "admin_area": "East",
            "sex_eligibility": "any", "language_codes": "EN, ne", "attribute_codes": ["stipend", "women"],
            "accepts_referrals": "on", "places_available": "4", "phone": "+977 1 555"}
    assert client.post(f"/directory/providers/{provider.pk}/services/new/", {**form, "language_codes": "english"}
                       ).status_code == 400
    assert client.post(f"/directory/providers/{provider.pk}/services/new/", form).status_code == 302
    service = provider.services.get()
    assert service.languages_list == ["en", "ne"] and attributes_of(service) == {"stipend", "women"}
    assert service.service_areas.get().name == "East" and service.phones.get().number == "+977 1 555"
    edit = client.post(f"/directory/providers/{provider.pk}/services/{service.pk}/edit/",
                       {**form, "attribute_codes": ["childcare"], "places_available": "0"})
    assert edit.status_code == 302
    service.refresh_from_db()
    assert attributes_of(service) == {"childcare"} and service.places_available == 0
    outsider = make_member(make_org(name="Else"), Role.ORG_ADMIN)
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/directory/providers/{provider.pk}/services/new/").status_code == 404
    assert client.get("/directory/providers/new/").status_code == 404


def attributes_of(service):
    from reintegra.directory import attributes

    return set(attributes.codes_from_mask(service.flags))


def test_hsds_api_filters(db, api):
    from reintegra.directory import attributes

    provider = make_provider()
    sewing = make_service(provider, "Sewing", codes=("childcare",), service_type="tvet")
    make_service(provider, "Advice", codes=("transport",), service_type="legal_services")
    childcare = attributes.by_code()["childcare"].id
    legal = attributes.by_code()["legal_services"].id

    def names(query):
        return [s["name"] for s in api.get(f"/api/v1/hsds/services?{query}").json()["contents"]]

    assert names(f"taxonomy_term_id={childcare}") == ["Sewing"]
    assert names(f"taxonomy_term_id={legal}") == ["Advice"]
    assert names(f"organization_id={provider.pk}") == ["Advice", "Sewing"]
    assert names("modified_after=2999-01-01") == []
    assert api.get("/api/v1/hsds/services?organization_id=nope").status_code == 400
    assert api.get("/api/v1/hsds/services?modified_after=yesterday").status_code == 400
    simple = api.get(f"/api/v1/hsds/organizations/{provider.pk}").json()["services"]
    full = api.get(f"/api/v1/hsds/organizations/{provider.pk}?full_service=true").json()["services"]
    assert "attributes" not in simple[0] and {a["value"] for a in full[1]["attributes"]} >= {"childcare"}
    assert full[1]["id"] == str(sewing.pk)
