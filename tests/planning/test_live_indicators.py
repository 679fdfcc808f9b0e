"""NAP indicators linked to live M&E indicators fill themselves (suppressed figures record nothing)."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from reintegra.core.models import Role
from reintegra.planning import live_indicators, nap_services

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def linked(plan, coordinator):
    return nap_services.indicator_add(actor=coordinator, plan=plan, name="Cases opened this year",
                                      baseline_value=Decimal("0"), target_value=Decimal("20"),
                                      live_indicator_code="cases_opened")


@pytest.fixture
def cases_this_year(org, case_manager, make_case):
    def make(count):
        for day in range(1, count + 1):
            make_case(org, case_manager, opened_on=dt.date(2026, 2, day))
    return make


def test_unknown_live_code_is_refused(plan, coordinator):
    with pytest.raises(ValidationError):
        nap_services.indicator_add(actor=coordinator, plan=plan, name="x", live_indicator_code="made_up")
    assert "cases_opened" in dict(live_indicators.live_choices())


def test_refresh_records_the_published_value(linked, coordinator, cases_this_year, settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 5
    cases_this_year(6)
    row = nap_services.indicator_refresh_live(actor=coordinator, indicator=linked, today=TODAY)
    assert (row.value, row.measured_on) == (Decimal("6.00"), TODAY)
    assert linked.progress() == 0.3


def test_small_figures_are_not_recorded(linked, coordinator, cases_this_year, settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 5
    cases_this_year(2)
    assert nap_services.indicator_refresh_live(actor=coordinator, indicator=linked, today=TODAY) is None
    assert not linked.values.exists()


def test_other_countries_and_years_do_not_count(linked, make_org, make_member, make_case, cases_this_year,
                                                settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 1
    abroad = make_org(country="IN")
    make_case(abroad, make_member(abroad, Role.CASE_MANAGER), opened_on=dt.date(2026, 2, 1))
    cases_this_year(3)
    home_case_last_year = make_case(linked.plan.organization, make_member(linked.plan.organization,
                                                                          Role.CASE_MANAGER))
    home_case_last_year.opened_on = dt.date(2025, 5, 1)
    home_case_last_year.save()
    assert live_indicators.compute(linked, TODAY) == Decimal("3.00")


def test_daily_command(linked, cases_this_year, settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 5
    cases_this_year(5)
    out = io.StringIO()
    call_command("nap_indicators_refresh", "--date", TODAY.isoformat(), stdout=out)
    assert json.loads(out.getvalue()) == {"recorded": [linked.pk], "skipped": []}
    call_command("nap_indicators_refresh", "--date", TODAY.isoformat(), stdout=io.StringIO())
    assert linked.values.get().value == Decimal("5.00")
