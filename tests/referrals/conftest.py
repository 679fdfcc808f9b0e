"""A referral network: a shelter with a case, a training provider on Reintegra, a third party."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from reintegra.core.models import Organization, Role, User
from tests.directory.factories import make_provider, make_service


@dataclass
class Network:
    shelter: Organization
    provider_org: Organization
    other: Organization
    manager: User
    supervisor: User
    provider_staff: User
    provider_trainer: User
    case: Any
    service: Any


def give_consent(case: Any, actor: User, recipient: Organization, given: bool = True) -> None:
    from reintegra.cases.services.consent import case_consent_record

    case_consent_record(actor=actor, case=case, purpose="sharing", given=given, shared_with=recipient)


@pytest.fixture(autouse=True)
def fresh_matching_index():
    """Each test has its own database contents: never reuse another test's service index."""
    from reintegra.referrals.matching import reset_cache

    reset_cache()
    yield
    reset_cache()


@pytest.fixture
def network(make_org, make_member, make_case) -> Network:
    shelter = make_org(name="Hope Shelter", admin_area="North")
    provider_org = make_org(name="Skills Centre", type="tvet", admin_area="North")
    other = make_org(name="Elsewhere NGO", admin_area="South")
    manager = make_member(shelter, Role.CASE_MANAGER, username="cm")
    manager.email = "cm@example.org"
    manager.save()
    supervisor = make_member(shelter, Role.SUPERVISOR, username="sup")
    provider_staff = make_member(provider_org, Role.CASE_MANAGER, username="intake")
    provider_staff.email = "intake@example.org"
    provider_staff.save()
    provider_trainer = make_member(provider_org, Role.TRAINER, username="teacher")
    case = make_case(shelter, manager, admin_area="North", do_not_contact=True, gender="Feminine")
    provider = make_provider("Skills Centre", member=provider_org)
    service = make_service(provider, "Tailoring course", places_available=4)
    return Network(shelter, provider_org, other, manager, supervisor, provider_staff, provider_trainer, case, service)


@pytest.fixture
def sent_referral(network):
    from reintegra.referrals.services import referral_create, referral_send

    give_consent(network.case, network.manager, network.provider_org)
    referral = referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                               service=network.service, reason="Wants to learn tailoring",
                               sections=["summary", "needs"])
    return referral_send(actor=network.manager, referral=referral)
