"""Fixtures for the case lifecycle: an open case with its team, consent helpers."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role


@pytest.fixture
def supervisor(make_member, org):
    return make_member(org, Role.SUPERVISOR, username="sup")


@pytest.fixture
def case(make_case, org, case_manager):
    return make_case(org, case_manager)


@pytest.fixture
def partner_org(make_org):
    return make_org(name="Skills Centre")


@pytest.fixture
def give_consent(case_manager):
    from reintegra.cases.services import case_consent_record

    def give(case, purpose="services", given=True, shared_with=None, actor=None):
        return case_consent_record(actor=actor or case_manager, case=case, purpose=purpose, given=given,
                                   shared_with=shared_with, witness="Social worker on duty")
    return give
