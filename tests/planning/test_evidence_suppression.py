"""Evidence proposals are statistics shown to aggregate-only roles (M&E officer, network coordinator)
and exported: a proposal resting on fewer people than the suppression threshold, or whose complement
is that small, is withheld (ARCHITECTURE §5)."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.core.models import Role
from reintegra.planning import evidence

pytestmark = pytest.mark.django_db
IN_PERIOD = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 5
    return 5


@pytest.fixture
def open_cases(org, case_manager, make_case):
    def make(n):
        return [make_case(org, case_manager, opened_on=IN_PERIOD, given_name=f"Person{i}") for i in range(n)]
    return make


def test_few_cases_give_no_proposal(assessment, open_cases):
    open_cases(2)
    proposals = evidence.propose_all(assessment)
    assert "3b.2.13" not in proposals and "3b.2.12" not in proposals


def test_enough_cases_give_the_proposal(assessment, open_cases):
    open_cases(5)
    proposal = evidence.propose_all(assessment)["3b.2.13"]
    assert proposal.figures == {"cases": 5, "with_case_manager": 5}


def test_small_complement_is_withheld_too(assessment, open_cases):
    first, *_rest = open_cases(6)
    first.case_manager = None
    first.save()
    assert "3b.2.13" not in evidence.propose_all(assessment)  # "5 of 6" gives away the one without


def test_counts_that_are_not_about_people_are_not_suppressed():
    assert not evidence._has_small_cell({"programmes": 1, "providers": 1}, 5)
    assert not evidence._has_small_cell({"cases": 0, "referrals": 0}, 5)
    assert evidence._has_small_cell({"enrolments": 9, "transport": 7}, 5)


def test_me_officer_sees_no_small_counts_on_the_page_or_the_api(assessment, open_cases, make_member, org, client):
    open_cases(2)
    officer = make_member(org, Role.ME_OFFICER, username="me")
    client.force_login(officer)
    page = client.get(reverse("planning:assessment_detail", args=[assessment.pk]))
    assert page.status_code == 200
    assert "of 2 cases" not in page.content.decode()
    api = APIClient()
    api.force_authenticate(officer)
    response = api.get(f"/api/v1/planning/assessments/{assessment.pk}/proposals/")
    assert response.status_code == 200
    assert all(row["item_id"] not in {"3b.2.12", "3b.2.13"} for row in response.json())
