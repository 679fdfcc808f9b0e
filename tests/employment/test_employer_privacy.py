"""An employer's own login never sees victim status or case data unless the survivor consented,
for that employer, and the consent is recorded."""

from __future__ import annotations

import pytest

from reintegra.core.models import AuditEvent
from reintegra.employment.services.employers import (
    disclosure_consent_record,
    disclosure_consent_withdraw,
    employer_account_link,
    employer_create,
    employer_vet,
)
from reintegra.employment.services.placements import placement_create
from reintegra.people.models import Consent


@pytest.fixture
def employer_user(world, employer, make_user):
    user = make_user("boss")
    employer_account_link(actor=world.liaison, employer=employer, user=user)
    return user


@pytest.fixture
def placed(world, employer):
    return placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                            started_on=world.today)


CASE_URLS = ["/cases/{case}/", "/skills/case/{case}/", "/training/case/{case}/", "/employment/case/{case}/",
             "/api/v1/cases/{case}/", "/api/v1/matches/{case}/", "/api/v1/skills/{case}/"]
LIST_URLS = ["/api/v1/placements/", "/api/v1/enrolments/", "/api/v1/cases/", "/employment/retention/due/"]


def test_without_consent_the_employer_sees_no_case_data(world, employer_user, placed, client):
    client.force_login(employer_user)
    code = world.case.survivor.code
    for url in CASE_URLS:
        assert client.get(url.format(case=world.case.pk)).status_code == 404, url
    for url in LIST_URLS:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert code not in response.content.decode(), url
    portal = client.get("/employment/portal/").content.decode()
    assert "Fair Garments Ltd" in portal
    assert code not in portal and "Machinist" not in portal and "Maya" not in portal
    opportunity_page = client.get("/employment/")  # staff lists hold no survivor data, but still deny
    assert code not in opportunity_page.content.decode()


def test_with_consent_only_the_named_employer_learns_it(world, employer, employer_user, placed, client,
                                                        make_user):
    consent = disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer, witness="Caseworker")
    assert AuditEvent.objects.filter(object_type="people.consent", object_id=str(consent.pk)).exists()
    other = employer_vet(actor=world.liaison, employer=employer_create(actor=world.liaison,
                                                                       organization=world.shelter, name="Other Co"),
                         decision="approved", written_contracts=True, minimum_wage=True, safety_health=True,
                         freedom_of_association=True, no_recruitment_fees=True)
    other_user = make_user("other-boss")
    employer_account_link(actor=world.liaison, employer=other, user=other_user)
    client.force_login(employer_user)
    portal = client.get("/employment/portal/").content.decode()
    assert world.case.survivor.code in portal and "Machinist" in portal
    assert "Maya" not in portal  # never the identity, even with consent
    for url in CASE_URLS:  # consent to disclose status is not access to the case
        assert client.get(url.format(case=world.case.pk)).status_code == 404, url
    client.force_login(other_user)
    assert world.case.survivor.code not in client.get("/employment/portal/").content.decode()
    withdrawal = disclosure_consent_withdraw(actor=world.liaison, case=world.case, employer=employer)
    client.force_login(employer_user)
    assert world.case.survivor.code not in client.get("/employment/portal/").content.decode()
    assert Consent.objects.get(pk=consent.pk).given and not Consent.objects.get(pk=withdrawal.pk).given


def test_staff_without_a_portal_account_get_404(world, client):
    client.force_login(world.liaison)
    assert client.get("/employment/portal/").status_code == 404


def test_an_employer_login_gets_404_on_the_case_list_too(world, client):
    """Not even an empty list with search filters: an account with no case role has no case pages."""
    from django.contrib.auth import get_user_model

    from reintegra.employment.models import EmployerAccount

    account = EmployerAccount.objects.select_related("user").first()
    user = account.user if account else get_user_model().objects.create_user("portal-only", password="x" * 12)
    client.force_login(user)
    assert client.get("/cases/").status_code == 404
    assert client.post("/cases/", {"q": "S-"}).status_code == 404
