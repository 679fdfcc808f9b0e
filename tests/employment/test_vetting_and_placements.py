"""Decent-work vetting rules, placements and their automatic retention checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reintegra.employment.models import DECENT_WORK_CRITERIA, RetentionCheck
from reintegra.employment.services.employers import employer_create, vetting_errors
from reintegra.employment.services.placements import (
    add_months,
    placement_create,
    placement_end,
    retention_check_record,
)

criteria = st.fixed_dictionaries({name: st.booleans() for name in DECENT_WORK_CRITERIA})


@given(criteria=criteria, decision=st.sampled_from(["approved", "conditions", "rejected", "not_vetted"]),
       listed=st.booleans(), notes=st.sampled_from(["", "contracts within 1 month"]))
def test_vetting_rules(criteria, decision, listed, notes):
    errors = vetting_errors(criteria=criteria, decision=decision, register_listed=listed, notes=notes)
    if decision in ("approved", "conditions") and listed:
        assert errors
    elif decision == "approved":
        assert bool(errors) == (not all(criteria.values()))
    elif decision == "conditions":
        assert bool(errors) == (not notes)
    else:
        assert errors == {}


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(0, 60))
def test_add_months(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or later.day < day.day and (later + dt.timedelta(days=1)).day == 1


def test_placement_schedules_retention_checks(world, employer):
    started = dt.date(2026, 1, 31)
    placement = placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                                 started_on=started, monthly_wage=Decimal("300"), hours_per_week=40)
    due = list(placement.retention_checks.values_list("month", "due_on"))
    assert due == [(1, dt.date(2026, 2, 28)), (3, dt.date(2026, 4, 30)), (6, dt.date(2026, 7, 31)),
                   (12, dt.date(2027, 1, 31))]
    first = placement.retention_checks.get(month=1)
    retention_check_record(actor=world.liaison, check=first, done_on=dt.date(2026, 3, 1), still_employed=True,
                           monthly_wage=Decimal("320"))
    third = placement.retention_checks.get(month=3)
    with pytest.raises(ValidationError):
        retention_check_record(actor=world.liaison, check=third, done_on=dt.date(2026, 5, 1), still_employed=False)
    retention_check_record(actor=world.liaison, check=third, done_on=dt.date(2026, 5, 1), still_employed=False,
                           end_reason="resigned_better")
    placement.refresh_from_db()
    assert placement.ended_on == dt.date(2026, 5, 1) and placement.end_reason == "resigned_better"
    assert sorted(RetentionCheck.objects.filter(placement=placement).values_list("month", flat=True)) == [1, 3]


def test_unvetted_employer_cannot_receive_placements(world):
    pending = employer_create(actor=world.liaison, organization=world.shelter, name="New Shop")
    with pytest.raises(ValidationError):
        placement_create(actor=world.liaison, case=world.case, employer=pending, job_title="Clerk",
                         started_on=world.today)


def test_self_employment_needs_no_employer(world):
    placement = placement_create(actor=world.manager, case=world.case, kind="self", job_title="Tailoring business",
                                 started_on=world.today)
    assert placement.retention_checks.count() == 4
    with pytest.raises(ValidationError):
        placement_end(actor=world.manager, placement=placement, ended_on=world.today - dt.timedelta(days=1),
                      reason="other")


def test_filling_the_last_opening_closes_the_opportunity(world, employer):
    from reintegra.employment.services.employers import opportunity_create

    opportunity = opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer,
                                     title="Machinist", isco_code="8153", admin_area="North", openings=1)
    placement_create(actor=world.liaison, case=world.case, opportunity=opportunity, job_title="Machinist",
                     started_on=world.today)
    opportunity.refresh_from_db()
    assert opportunity.status == "filled"
