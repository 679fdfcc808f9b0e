"""Every live indicator on hand-built records with known answers, raw and as published."""

from __future__ import annotations

import pytest

from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import figures as raw
from reintegra.monitoring.statistics.dashboard import dashboard
from reintegra.monitoring.statistics.library import indicators, live_indicators

from .fixtures import D, known_scenario

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2026, 6, 30)


@pytest.fixture
def scenario(make_org):
    org_a = make_org(name="A", country="NP")
    org_b = make_org(name="B", country="NP", admin_area="South")
    known_scenario(org_a, org_b)
    return org_a, org_b


@pytest.fixture
def figures(scenario):
    return raw.compute(Scope(organization_ids=(scenario[0].pk,)), START, END, AS_OF)


def test_counts(figures):
    assert figures.bases["opened"][""][""] == 15
    assert figures.bases["active"][""][""] == 18
    assert figures.bases["closed"][""][""] == 5
    assert figures.bases["opened"]["sex"] == {"Feminine": 8, "Masculine": 7}
    assert figures.bases["opened"]["age_group"] == {"25-34": 6, "15-17": 2, "35-49": 7}
    assert figures.bases["active"]["age_group"] == {"25-34": 9, "15-17": 2, "35-49": 7}
    assert figures.bases["opened"]["child"] == {"adult": 13, "child": 2}
    assert figures.bases["opened"]["migrant"] == {"national": 13, "migrant": 2}
    assert figures.bases["active"]["nationality"] == {"NP": 13, "BD": 2, "IN": 3}


def test_proportions(figures):
    assert figures.engaged_base() == "opened"
    assert figures.proportions["engaged_12m"][""][""] == (13, 15)
    assert figures.proportions["engaged_12m"]["sex"] == {"Feminine": (6, 8), "Masculine": (7, 7)}
    assert figures.proportions["child_share"][""][""] == (2, 15)
    assert figures.proportions["disability_share"][""][""] == (7, 15)
    assert figures.proportions["migrant_share"][""][""] == (2, 15)
    assert "age_group" not in figures.proportions["child_share"]  # would publish structural zeros


def test_time_to_closure(figures):
    assert figures.durations[""][""] == [92, 92, 245, 245, 245]
    assert raw.median(figures.durations[""][""]) == 245
    assert figures.durations["sex"] == {"Feminine": [92, 92], "Masculine": [245, 245, 245]}
    assert figures.duration_buckets == {"0-90": 0, "91-180": 2, "181-365": 3, "366-730": 0, "731+": 0}


def test_engaged_denominator_excludes_cases_younger_than_a_year(scenario):
    recent = raw.compute(Scope(organization_ids=(scenario[0].pk,)), START, END, D(2025, 3, 1))
    # Only cases opened by 2024-03-01 have had their first anniversary: the 6 women and 7 men.
    assert recent.engaged_base() == "engaged_den"
    assert recent.proportions["engaged_12m"][""][""] == (13, 13)


def test_scope_limits_the_population(scenario):
    org_a, org_b = scenario
    network = raw.compute(Scope(network=True), START, END, AS_OF)
    assert network.bases["opened"][""][""] == 19
    only_b = raw.compute(Scope(organization_ids=(org_b.pk,)), START, END, AS_OF)
    assert only_b.bases["opened"][""][""] == 4
    north_only = raw.compute(Scope(areas=((org_b.pk, "North"),)), START, END, AS_OF)
    assert north_only.bases["opened"][""][""] == 0
    assert raw.compute(Scope(), START, END, AS_OF).rows == []


def test_published_dashboard_suppresses_and_stays_consistent(scenario):
    board = dashboard(Scope(organization_ids=(scenario[0].pk,)), START, END, AS_OF)
    panels = {p.indicator.code: p for p in board.panels}
    opened = panels["cases_opened"]
    assert opened.overall.value == 15
    by_age = {g.label: g.value for g in opened.by_dimension["age_group"]}
    assert by_age == {"15-17": None, "25-34": None, "35-49": 7}   # 2 is small; 6 hides it
    by_child = {g.label: g.value for g in opened.by_dimension["child"]}
    assert by_child == {"adult": None, "child": None}              # child sums a hidden age group
    engaged = panels["engaged_12m"]
    assert engaged.overall.value is None                           # 2 not engaged: too few to show
    by_sex = {g.label: (g.numerator, g.count) for g in engaged.by_dimension["sex"]}
    assert by_sex["Feminine"][0] is None
    assert panels["days_to_closure"].overall.value == 245
    assert {g.label: g.value for g in panels["days_to_closure"].by_dimension["sex"]} == {
        "Feminine": None, "Masculine": None}
    assert panels["disability_share"].overall.value == pytest.approx(7 / 15)
    assert board.suppressed_cells > 0


def test_no_published_figure_is_a_small_count(scenario):
    board = dashboard(Scope(network=True), START, END, AS_OF)
    for panel in board.panels:
        counts = [panel.overall.count, panel.overall.numerator]
        for groups in panel.by_dimension.values():
            counts += [g.count for g in groups] + [g.numerator for g in groups]
        counts += [g.count for g in panel.distribution]
        assert all(c is None or c == 0 or c >= board.threshold for c in counts), panel.indicator.code


def test_threshold_comes_from_settings(scenario, settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 2
    board = dashboard(Scope(organization_ids=(scenario[0].pk,)), START, END, AS_OF)
    by_age = {g.label: g.value for g in next(p for p in board.panels if p.indicator.code == "cases_opened")
              .by_dimension["age_group"]}
    assert by_age == {"15-17": 2, "25-34": 6, "35-49": 7}


def test_library_lists_pending_indicators_honestly():
    codes = {i.code: i for i in indicators()}
    assert {i.code for i in indicators() if not i.live} == set()
    assert {"cases_opened", "retention_12m", "phase_duration", "mentors_active"} <= {i.code for i in live_indicators()}
    assert codes["employer_satisfaction"].live and "employment.Placement" in codes["retention_12m"].sources
    assert all(i.numerator and i.population and i.period for i in indicators())
    assert all(i.denominator for i in indicators() if i.kind == "proportion")
