"""Permission matrix of the transfer answer page (accept / decline): anonymous, other organisation,
wrong role, expired membership, allowed. Forbidden looks like missing (404) and changes nothing."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.referrals import transfers
from reintegra.referrals.models import TransferStatus
from tests.conftest import PASSWORD
from tests.referrals.conftest import give_consent

pytestmark = pytest.mark.django_db
SCOPES = ["anonymous", "other_organisation", "wrong_role", "expired", "allowed"]


@pytest.fixture
def requested(network):
    give_consent(network.case, network.manager, network.provider_org)
    return transfers.transfer_request(actor=network.supervisor, case=network.case,
                                      to_organization=network.provider_org, reason="She moved to the city")


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize("scope", SCOPES)
def test_transfer_answer_matrix(network, requested, make_member, client, scope, answer):
    user = {
        "anonymous": lambda: None,
        "other_organisation": lambda: make_member(network.other, Role.SUPERVISOR),
        "wrong_role": lambda: make_member(network.provider_org, Role.CASE_MANAGER),
        "expired": lambda: make_member(network.provider_org, Role.SUPERVISOR, expired=True),
        "allowed": lambda: make_member(network.provider_org, Role.SUPERVISOR),
    }[scope]()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    response = client.post(f"/referrals/transfers/{requested.pk}/{answer}/", {"reason": "No places left"})
    requested.refresh_from_db()
    network.case.refresh_from_db()
    if scope == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif scope == "allowed":
        assert response.status_code == 302
        expected = TransferStatus.ACCEPTED if answer == "accept" else TransferStatus.DECLINED
        assert requested.status == expected
        return
    else:
        assert response.status_code == 404
    assert requested.status == TransferStatus.REQUESTED
    assert network.case.organization_id == network.shelter.pk
