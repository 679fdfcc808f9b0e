"""Hand-built cases with known answers for the indicator tests."""

from __future__ import annotations

import datetime as dt

from reintegra.cases.models import Case, CaseStatus
from reintegra.people.models import Gender, Survivor

D = dt.date


def add_cases(org, n: int, *, gender=Gender.FEMININE, birth_year=1990, nationality="NP", disability=False,
              opened=D(2024, 3, 1), closed=None, area="North"):
    for _ in range(n):
        survivor = Survivor.objects.create(organization=org, gender=gender, birth_year=birth_year,
                                           nationality=nationality, has_disability=disability)
        Case.objects.create(organization=org, survivor=survivor, admin_area=area, opened_on=opened,
                            closed_on=closed, status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE)


def known_scenario(org_a, org_b=None):
    """Period 2024; as of 2026-06-30. See test_indicators for the expected figures."""
    add_cases(org_a, 6)                                                   # women 25-34, still open
    add_cases(org_a, 2, birth_year=2008, nationality="BD", opened=D(2024, 5, 1), closed=D(2024, 8, 1))
    add_cases(org_a, 7, gender=Gender.MASCULINE, birth_year=1980, disability=True, opened=D(2024, 2, 1),
              closed=D(2025, 6, 1))
    add_cases(org_a, 3, gender=Gender.MASCULINE, birth_year=1995, nationality="IN", opened=D(2023, 6, 1),
              closed=D(2024, 2, 1))
    add_cases(org_a, 1, opened=D(2022, 1, 1), closed=D(2023, 1, 1))    # not active in 2024
    add_cases(org_a, 1, opened=D(2025, 2, 1))                          # opened after the period
    if org_b is not None:
        add_cases(org_b, 4, opened=D(2024, 7, 1), area="South")


def add_follow_ups(case, *records):
    """records: (done_on, employment_status, monthly_income, currency, has_debt, debt_amount)."""
    from reintegra.cases.models import FollowUp

    for done_on, status, income, currency, has_debt, debt in records:
        FollowUp.objects.create(organization=case.organization, case=case, phase="crisis", due_on=done_on,
                                done_on=done_on, employment_status=status, monthly_income=income,
                                currency=currency, has_debt=has_debt, debt_amount=debt)
