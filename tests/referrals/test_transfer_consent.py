"""A transfer hands the whole case (identity included) to another organisation: consent is checked
again when the transfer is accepted, not only when it is requested."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reintegra.cases.selectors import cases_visible_to
from reintegra.core.models import Membership, Role
from reintegra.referrals import transfers
from reintegra.referrals.models import TransferStatus
from tests.referrals.conftest import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(network):
    give_consent(network.case, network.manager, network.provider_org)
    Membership.objects.create(user=network.provider_staff, organization=network.provider_org, role=Role.SUPERVISOR)
    return transfers.transfer_request(actor=network.supervisor, case=network.case,
                                      to_organization=network.provider_org, reason="She moved to the city")


def test_transfer_cannot_be_accepted_after_consent_is_withdrawn(network, requested):
    give_consent(network.case, network.manager, network.provider_org, given=False)
    with pytest.raises(ValidationError):
        transfers.transfer_accept(actor=network.provider_staff, transfer_id=requested.pk)
    network.case.refresh_from_db()
    requested.refresh_from_db()
    assert network.case.organization_id == network.shelter.pk
    assert requested.status == TransferStatus.REQUESTED
    assert not cases_visible_to(user=network.provider_staff).filter(pk=network.case.pk).exists()


def test_transfer_page_explains_refusal_and_moves_nothing(network, requested, client):
    from tests.conftest import PASSWORD

    give_consent(network.case, network.manager, network.provider_org, given=False)
    client.login(username=network.provider_staff.username, password=PASSWORD)
    response = client.post(f"/referrals/transfers/{requested.pk}/accept/", follow=True)
    assert response.status_code == 200
    network.case.refresh_from_db()
    assert network.case.organization_id == network.shelter.pk


def test_transfer_with_consent_in_force_is_accepted(network, requested):
    transfers.transfer_accept(actor=network.provider_staff, transfer_id=requested.pk)
    network.case.refresh_from_db()
    assert network.case.organization_id == network.provider_org.pk
