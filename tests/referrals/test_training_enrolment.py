"""An accepted referral to a training programme's directory service enrols the person, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent
from reintegra.referrals import services
from reintegra.referrals.models import Status
from reintegra.referrals.signals import referral_accepted
from reintegra.training.models import Enrolment, Programme
from reintegra.training.services import enrol_case, enrol_from_referral, programme_create
from tests.directory.factories import make_provider, make_service
from tests.referrals.conftest import give_consent


@pytest.fixture
def linked_programme(network):
    return programme_create(actor=network.provider_trainer, organization=network.provider_org, name="Tailoring",
                            kind="vocational", capacity=2, service=network.service)


def test_acceptance_enrols_once_with_audit(network, sent_referral, linked_programme):
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    enrolment = Enrolment.objects.get()
    assert (enrolment.case, enrolment.programme, enrolment.referral) == (network.case, linked_programme,
                                                                         sent_referral)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.organization_id == network.provider_org.pk
    assert enrolment.case_organization_id == network.shelter.pk
    event = AuditEvent.objects.get(object_type="training.enrolment", object_id=str(enrolment.pk))
    assert event.detail["referral"] == sent_referral.pk and event.actor == network.provider_staff
    # The signal delivered again (a retry) changes nothing.
    referral_accepted.send(sender=type(sent_referral), referral=sent_referral, actor=network.provider_staff)
    assert Enrolment.objects.count() == 1
    assert enrol_from_referral(actor=network.provider_staff, referral=sent_referral,
                               programme=linked_programme) == enrolment


def test_referral_to_a_service_that_is_no_programme_enrols_nobody(network, sent_referral):
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    assert not Enrolment.objects.exists()


def test_referral_without_service_enrols_nobody(network, linked_programme):
    give_consent(network.case, network.manager, network.provider_org)
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary"])
    services.referral_send(actor=network.manager, referral=referral)
    services.referral_accept(actor=network.provider_staff, referral=referral)
    assert not Enrolment.objects.exists()


def test_declined_referral_enrols_nobody(network, sent_referral, linked_programme):
    services.referral_decline(actor=network.provider_staff, referral=sent_referral, reason="No places this year")
    assert not Enrolment.objects.exists()


def test_full_programme_refuses_the_acceptance_and_nothing_changes(network, sent_referral, linked_programme,
                                                                     make_case):
    other_case = make_case(network.shelter, network.manager, given_name="Asha")
    for case in (other_case, make_case(network.shelter, network.manager, given_name="Sita")):
        enrol_case(actor=network.manager, case=case, programme=linked_programme)
    with pytest.raises(ValidationError, match="full"):
        services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    sent_referral.refresh_from_db()
    assert sent_referral.status == Status.SENT
    assert not Enrolment.objects.filter(case=network.case).exists()


def test_inactive_programme_refuses_the_acceptance(network, sent_referral, linked_programme):
    Programme.objects.filter(pk=linked_programme.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="not taking enrolments"):
        services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    sent_referral.refresh_from_db()
    assert sent_referral.status == Status.SENT


def test_person_already_enrolled_keeps_one_enrolment_linked_to_the_referral(network, sent_referral,
                                                                           linked_programme):
    direct = enrol_case(actor=network.manager, case=network.case, programme=linked_programme)
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    assert list(Enrolment.objects.all()) == [direct]
    direct.refresh_from_db()
    assert direct.referral == sent_referral


def test_only_the_accepting_provider_enrols(network, sent_referral, linked_programme):
    with pytest.raises(PermissionDenied):  # not accepted yet
        enrol_from_referral(actor=network.provider_staff, referral=sent_referral, programme=linked_programme)
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    Enrolment.objects.all().delete()
    with pytest.raises(PermissionDenied):  # the referring shelter does not answer for the provider
        enrol_from_referral(actor=network.manager, referral=sent_referral, programme=linked_programme)
    elsewhere = programme_create(actor=network.provider_trainer, organization=network.provider_org, name="Other",
                                 kind="core")
    Programme.objects.filter(pk=elsewhere.pk).update(organization=network.other)
    elsewhere.refresh_from_db()
    with pytest.raises(ValidationError):
        enrol_from_referral(actor=network.provider_staff, referral=sent_referral, programme=elsewhere)
    assert not Enrolment.objects.exists()


def test_programme_links_only_to_a_service_of_its_own_organisation(network):
    foreign = make_service(make_provider("Elsewhere", member=network.other), "Sewing")
    with pytest.raises(ValidationError) as caught:
        programme_create(actor=network.provider_trainer, organization=network.provider_org, name="Sewing",
                         kind="vocational", service=foreign)
    assert "service" in caught.value.message_dict
    unlisted = make_service(make_provider("Not a member"), "Weaving")
    with pytest.raises(ValidationError):
        programme_create(actor=network.provider_trainer, organization=network.provider_org, name="Weaving",
                         kind="vocational", service=unlisted)
    assert not Programme.objects.exists()


def test_accept_through_the_page_enrols(network, sent_referral, linked_programme, client):
    client.force_login(network.provider_staff)
    response = client.post(f"/referrals/{sent_referral.pk}/accept/")
    assert response.status_code == 302
    assert Enrolment.objects.filter(referral=sent_referral).count() == 1
