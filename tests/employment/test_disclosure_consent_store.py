"""Employer disclosure lives in the one consent store: a withdrawal recorded on the case ends the
employer's view at once, and consenting again shows only the code and the job."""

from __future__ import annotations

import pytest
from django.db import connection

from reintegra.cases.services import case_consent_record
from reintegra.employment.services.employers import (
    disclosure_consent_record,
    disclosure_consent_withdraw,
    employer_account_link,
)
from reintegra.employment.services.placements import placement_create
from reintegra.people.consent import consent_in_force, consent_overview
from reintegra.people.models import Consent, ConsentPurpose


@pytest.fixture
def setup(world, employer, make_user):
    boss = make_user("boss")
    employer_account_link(actor=world.liaison, employer=employer, user=boss)
    placement = placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                                 started_on=world.today)
    return boss, placement


def _portal(client, placement):
    return (client.get("/employment/portal/"), client.get(f"/employment/portal/people/{placement.pk}/"))


def test_withdrawal_on_the_case_ends_the_employer_view_and_consent_again_restores_it(world, employer, setup,
                                                                                     client):
    boss, placement = setup
    code = world.case.survivor.code
    client.force_login(boss)
    listing, person = _portal(client, placement)
    assert code not in listing.content.decode() and person.status_code == 404
    disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer, witness="Caseworker")
    listing, person = _portal(client, placement)
    assert code in listing.content.decode() and person.status_code == 200
    # Withdrawn on the case's own consent form: names no employer, so it covers every employer.
    case_consent_record(actor=world.manager, case=world.case, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                        given=False)
    listing, person = _portal(client, placement)
    assert code not in listing.content.decode()
    assert person.status_code == 404
    assert not consent_in_force(survivor=world.case.survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                                employer=employer)
    disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer)
    listing, person = _portal(client, placement)
    assert person.status_code == 200
    body = person.content.decode()
    assert code in body and "Machinist" in body
    assert "Maya" not in body and f"/cases/{world.case.pk}/" not in body
    # History kept: given, withdrawn (all employers), given.
    rows = Consent.objects.filter(survivor=world.case.survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE)
    assert [r.given for r in rows.order_by("id")] == [True, False, True]


def test_withdrawal_from_one_employer_leaves_another(world, employer, setup, client):
    from reintegra.employment.services.employers import employer_create, employer_vet

    other = employer_vet(actor=world.liaison, employer=employer_create(actor=world.liaison,
                                                                       organization=world.shelter, name="Other Co"),
                         decision="approved", written_contracts=True, minimum_wage=True, safety_health=True,
                         freedom_of_association=True, no_recruitment_fees=True)
    survivor = world.case.survivor
    disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer)
    disclosure_consent_record(actor=world.liaison, case=world.case, employer=other)
    disclosure_consent_withdraw(actor=world.liaison, case=world.case, employer=other)
    assert consent_in_force(survivor=survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE, employer=employer)
    assert not consent_in_force(survivor=survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE, employer=other)
    in_force = {(c.employer_id, c.given) for c in consent_overview(survivor=survivor)
                if c.purpose == ConsentPurpose.EMPLOYER_DISCLOSURE}
    assert in_force == {(employer.pk, True), (other.pk, False)}


def test_giving_disclosure_needs_an_employer_and_the_case_permission(world, employer):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        case_consent_record(actor=world.manager, case=world.case, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                            given=True)
    with pytest.raises(PermissionDenied):
        disclosure_consent_record(actor=world.trainer, case=world.case, employer=employer)
    assert not Consent.objects.filter(purpose=ConsentPurpose.EMPLOYER_DISCLOSURE).exists()


def test_witness_and_note_are_encrypted_in_the_database(world, employer):
    consent = disclosure_consent_record(actor=world.liaison, case=world.case, employer=employer,
                                        witness="Aunt Rosa", note="Said yes at the shelter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT witness, note FROM people_consent WHERE id = %s", [consent.pk])
        witness, note = cursor.fetchone()
    assert witness.startswith("v1.") and "Rosa" not in witness
    assert note.startswith("v1.") and "shelter" not in note
    fresh = Consent.objects.get(pk=consent.pk)
    assert (fresh.witness, fresh.note) == ("Aunt Rosa", "Said yes at the shelter")
