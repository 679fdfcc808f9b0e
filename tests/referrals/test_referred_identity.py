"""The "contact" section of a referral names the survivor: in the recipient organisation only roles
holding survivor.view_identity see it; a trainer or employer liaison answering referrals does not."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.referrals import selectors, services
from tests.referrals.conftest import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_referral(network):
    give_consent(network.case, network.manager, network.provider_org)
    network.case.survivor.do_not_contact = False
    network.case.survivor.save(update_fields=["do_not_contact"])
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary", "contact"])
    return services.referral_send(actor=network.manager, referral=referral)


def test_trainer_of_the_recipient_does_not_see_the_name(network, contact_referral):
    view = selectors.referred_case_view(user=network.provider_trainer, referral_id=contact_referral.pk)
    contact = view.sections["contact"]
    assert "name" not in contact and "phone" not in contact and "safe_contact_instructions" not in contact
    assert "Maya" not in str(view.sections)
    assert view.sections["summary"]  # the rest of the referral is still readable


def test_trainer_gets_no_name_over_the_api(network, contact_referral):
    api = APIClient()
    api.force_authenticate(network.provider_trainer)
    response = api.get(f"/api/v1/referrals/{contact_referral.pk}/shared-case/")
    assert response.status_code == 200
    assert "Maya" not in response.content.decode()


def test_contact_stays_hidden_until_the_referral_is_accepted(network, contact_referral):
    view = selectors.referred_case_view(user=network.provider_staff, referral_id=contact_referral.pk)
    assert "name" not in view.sections["contact"] and "phone" not in view.sections["contact"]
    assert view.sections["summary"]  # enough to decide whether to accept


def test_case_manager_of_the_recipient_sees_the_contact(network, contact_referral):
    services.referral_accept(actor=network.provider_staff, referral=contact_referral)
    view = selectors.referred_case_view(user=network.provider_staff, referral_id=contact_referral.pk)
    assert view.sections["contact"]["name"] == "Maya Tamang"
    assert view.sections["contact"]["phone"]
