"""Fixtures for planning tests: a national secretariat with a coordinator, an NGO with a supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from reintegra.core.models import Role
from reintegra.planning import nap_services, services


@pytest.fixture
def secretariat(make_org):
    return make_org(name="National Secretariat", type="anti_slavery", sector="public", country="NP")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(secretariat, Role.NETWORK_COORDINATOR, username="coordinator")


@pytest.fixture
def supervisor(make_member, org):
    return make_member(org, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def assessment(supervisor, org):
    return services.assessment_create(actor=supervisor, organization=org, period_label="2026",
                                      period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))


@pytest.fixture
def plan(coordinator, secretariat):
    return nap_services.plan_create(
        actor=coordinator, organization=secretariat, title="NAP on forced labour 2026-2030", country="NP",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2030, 12, 31),
        long_term_goal="No one in Nepal works under forced labour by 2030.", goal_year=2030,
        geography="All provinces")
