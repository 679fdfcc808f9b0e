"""Browser flow of an M&E officer: enter a programme budget, see cost per survivor on the dashboard,
compare survivors with community trainees, and be held to calendar periods."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.monitoring.models import ProgrammeBudget
from reintegra.training.models import Enrolment

from .pathway_fixtures import D, enrol, enrol_community, new_case, programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_cost_and_comparison(login_page, live_server, make_org, make_member, settings):
    settings.REINTEGRA_AGGREGATE_PERIOD = "year"  # this deployment reports by calendar year
    org = make_org(name="Hope Shelter", country="NP")
    make_member(org, Role.ME_OFFICER, username="me")
    prog = programme(org)
    for _n in range(6):
        enrol(new_case(org, opened=D(2024, 1, 10)), prog, completed=D(2024, 6, 1))
    for _n in range(6):
        enrol_community(prog, completed=D(2024, 6, 1))
    Enrolment.objects.update(enrolled_on=D(2024, 2, 1))
    page = login_page("me")

    page.goto(f"{live_server.url}/monitoring/budgets/")
    page.get_by_label("Period start").fill("2024-01-01")
    page.get_by_label("Period end").fill("2024-12-31")
    page.get_by_label("Amount spent").fill("60000")
    page.get_by_label("Currency (ISO 4217)").fill("npr")
    page.get_by_role("button", name="Record budget").click()
    page.wait_for_selector("text=Budget recorded")
    assert "60000.00 NPR" in page.locator("#budgets").inner_text()
    assert ProgrammeBudget.objects.get().currency == "NPR"

    page.goto(f"{live_server.url}/monitoring/?start=2024-01-01&end=2024-12-31")
    assert "10000" in page.locator("#panel-cost_per_survivor .figure").inner_text()

    page.get_by_role("link", name="Survivors and community trainees").first.click()
    assert page.locator("input[type=date]").count() == 0  # one calendar year, nothing else, to choose
    page.get_by_label("Period", exact=True).select_option("2024")
    page.get_by_role("button", name="Show").click()
    table = page.locator("#comparison").inner_text()
    assert "Community trainees" in table and "100.0%" in table and "not recorded" in table
    assert "Tailoring" in page.locator("#comparison-programmes").inner_text()

    page.goto(f"{live_server.url}/monitoring/comparison/?start=2024-01-15&end=2024-12-31")
    assert "choose one calendar year" in page.locator("[role=alert]").first.inner_text()
