"""Enterprises, start-up support, viability follow-ups, mentoring; market appraisal and outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import Role
from reintegra.employment import selectors
from reintegra.employment.services import enterprises as services
from reintegra.employment.services.placements import placement_create, retention_check_record


def test_enterprise_life(world):
    enterprise = services.enterprise_create(actor=world.counsellor, case=world.case, name="Maya's Tailoring")
    with pytest.raises(ValidationError):
        services.enterprise_start(actor=world.counsellor, enterprise=enterprise, started_on=world.today)
    enterprise.business_plan = "Alterations for the market stalls; one machine."
    enterprise.save()
    services.enterprise_start(actor=world.counsellor, enterprise=enterprise, started_on=world.today)
    with pytest.raises(ValidationError):
        services.startup_support_add(actor=world.counsellor, enterprise=enterprise, kind="co_financing",
                                     amount=Decimal("200"))
    services.startup_support_add(actor=world.counsellor, enterprise=enterprise, kind="co_financing",
                                 amount=Decimal("200"), own_contribution=Decimal("200"))
    services.viability_check_add(actor=world.counsellor, enterprise=enterprise, checked_on=world.today,
                                 trading=True, monthly_income=Decimal("150"))
    services.viability_check_add(actor=world.counsellor, enterprise=enterprise, checked_on=world.today,
                                 trading=False)
    enterprise.refresh_from_db()
    assert enterprise.status == "closed" and enterprise.support.count() == 1


def test_peer_mentoring_session(world):
    session = services.support_session_add(actor=world.liaison, case=world.case, kind="mentoring",
                                           held_on=world.today, mentor="Asha", peer_survivor_mentor=True)
    assert session.organization_id == world.shelter.pk
    with pytest.raises(PermissionDenied):
        services.support_session_add(actor=world.trainer, case=world.case, kind="coaching", held_on=world.today)


def test_market_appraisal_shared_and_outcomes_suppressed(world, employer, make_case, make_member):
    appraisal = services.appraisal_create(actor=world.liaison, organization=world.shelter, admin_area="North",
                                          kind="market_opportunity", title="North garment sector",
                                          conducted_on=world.today)
    services.trade_add(actor=world.liaison, appraisal=appraisal, isco_code="7531", evidence="12 workshops hiring")
    with pytest.raises(ValidationError):
        services.trade_add(actor=world.liaison, appraisal=appraisal, isco_code="75", evidence="x")
    elsewhere = make_member(world.other, Role.COUNSELLOR)
    assert list(selectors.appraisals_visible_to(user=elsewhere)) == [appraisal]
    with pytest.raises(PermissionDenied):
        services.trade_add(actor=elsewhere, appraisal=appraisal, isco_code="7531", evidence="x")
    start = dt.date(2025, 1, 1)
    for index in range(5):
        case = world.case if index == 0 else make_case(world.shelter, world.manager, admin_area="North")
        placement = placement_create(actor=world.manager, case=case, employer=employer, job_title="Tailor",
                                     isco_code="7531", started_on=start, monthly_wage=Decimal("100"))
        rows = selectors.outcomes_by_trade(user=elsewhere)
        assert rows[0]["suppressed"] == (index < 4)
        retention_check_record(actor=world.manager, check=placement.retention_checks.get(month=1),
                               done_on=dt.date(2025, 2, 1), still_employed=True, monthly_wage=Decimal("130"))
    row = selectors.outcomes_by_trade(user=elsewhere)[0]
    assert row["placements"] == 5 and row["retained_share"] == 1.0
    assert (row["median_start_wage"], row["median_latest_wage"]) == (100.0, 130.0)
