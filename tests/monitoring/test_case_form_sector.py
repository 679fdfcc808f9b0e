"""Case-based indicators broken down by form of exploitation and sector: the form and ISIC section of
the case's first recorded exploitation episode (as for the indicators counted from their own
records, statistics/units.py), "unknown" without one; known answers on both paths, the incremental
refresh after episode changes, suppression, and what the indicator library says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.cases.models import Case, ExploitationEpisode
from reintegra.monitoring.models import StaleCase
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import aggregate, units
from reintegra.monitoring.statistics import figures as raw
from reintegra.monitoring.statistics.computations import COMPUTATIONS
from reintegra.monitoring.statistics.dashboard import dashboard
from reintegra.monitoring.statistics.library import _document

from .fixtures import D, add_cases

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2026, 6, 30)
NETWORK = Scope(network=True)


def episode(case: Case, form: str, section: str = "", started_on: dt.date | None = None) -> ExploitationEpisode:
    return ExploitationEpisode.objects.create(organization=case.organization, case=case, form=form,
                                              isic_section=section, started_on=started_on)


def cases_opened_on(day: dt.date) -> list[Case]:
    return list(Case.objects.filter(opened_on=day).order_by("id"))


@pytest.fixture
def scenario(make_org):
    org = make_org(name="A", country="NP")
    add_cases(org, 6, opened=D(2024, 3, 1))
    for case in cases_opened_on(D(2024, 3, 1)):
        episode(case, "trafficking", "C", D(2022, 5, 1))    # later episode, recorded first
        episode(case, "debt_bondage", "A", D(2020, 1, 1))   # the first: debt bondage, agriculture
    add_cases(org, 5, opened=D(2024, 5, 1), closed=D(2024, 8, 1))
    for case in cases_opened_on(D(2024, 5, 1)):
        episode(case, "trafficking")                         # no section recorded
    add_cases(org, 7, opened=D(2024, 2, 1), closed=D(2024, 12, 1))   # no episode
    add_cases(org, 2, opened=D(2024, 6, 1))
    for case in cases_opened_on(D(2024, 6, 1)):
        episode(case, "other", "F", D(2021, 1, 1))           # same start: the lower id is first
        episode(case, "debt_bondage", "A", D(2021, 1, 1))
    return org


@pytest.mark.parametrize("direct", [False, True])
def test_known_answers_by_form_and_sector(scenario, direct):
    figures = raw.compute(NETWORK, START, END, AS_OF, direct=direct)
    assert figures.bases["opened"]["form_of_exploitation"] == {"debt_bondage": 6, "trafficking": 5, "unknown": 7,
                                                               "other": 2}
    assert figures.bases["opened"]["sector"] == {"A": 6, "unknown": 12, "F": 2}
    assert figures.bases["closed"]["form_of_exploitation"] == {"debt_bondage": 0, "trafficking": 5, "unknown": 7,
                                                               "other": 0}
    assert figures.bases["active"]["sector"] == {"A": 6, "unknown": 12, "F": 2}
    durations = figures.durations["form_of_exploitation"]
    assert raw.median(durations["trafficking"]) == 92 and raw.median(durations["unknown"]) == 304
    # Still supported a year on: the open cases only (the others closed within 304 days).
    assert figures.proportions["engaged_12m"]["sector"] == {"A": (6, 6), "unknown": (0, 12), "F": (2, 2)}


def test_the_case_keys_are_those_of_the_unit_indicators(scenario):
    raw.compute(NETWORK, START, END, AS_OF)
    ids = list(Case.objects.values_list("id", flat=True))
    expected = {c: (k["form_of_exploitation"], k["sector"]) for c, k in units._person_keys(ids).items()}
    assert {c: f.group[6:] for c, f in aggregate._live_facts(ids).items()} == expected


def test_episode_changes_reach_the_aggregate_without_the_case_changing(scenario):
    raw.compute(NETWORK, START, END, AS_OF)
    Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    aggregate.rebuild()
    case = cases_opened_on(D(2024, 2, 1))[0]           # no episode so far

    added = episode(case, "state_imposed", "B", D(2019, 1, 1))
    assert StaleCase.objects.filter(case_id=case.pk).exists()
    figures = raw.compute(NETWORK, START, END, AS_OF)
    assert not StaleCase.objects.exists()
    assert figures.bases["opened"]["form_of_exploitation"]["state_imposed"] == 1
    assert figures.bases["opened"]["form_of_exploitation"]["unknown"] == 6
    assert figures.bases["closed"]["sector"]["B"] == 1

    added.form, added.isic_section = "other", "F"
    added.save()
    figures = raw.compute(NETWORK, START, END, AS_OF)
    assert figures.bases["opened"]["form_of_exploitation"]["other"] == 3
    assert figures.bases["opened"]["sector"] == {"A": 6, "unknown": 11, "F": 3}

    earlier = episode(case, "debt_bondage", "A", D(2018, 1, 1))   # now the first
    assert raw.compute(NETWORK, START, END, AS_OF).bases["opened"]["form_of_exploitation"]["debt_bondage"] == 7
    earlier.delete()
    added.delete()
    figures = raw.compute(NETWORK, START, END, AS_OF)
    assert figures.bases["opened"]["form_of_exploitation"] == {"debt_bondage": 6, "trafficking": 5, "unknown": 7,
                                                               "other": 2}
    assert figures.bases == raw.compute(NETWORK, START, END, AS_OF, direct=True).bases


def test_a_deleted_case_with_episodes_leaves_the_aggregate(scenario):
    raw.compute(NETWORK, START, END, AS_OF)
    cases_opened_on(D(2024, 6, 1))[0].delete()          # its episodes go with it (and mark it)
    figures = raw.compute(NETWORK, START, END, AS_OF)
    assert figures.bases["opened"]["form_of_exploitation"]["other"] == 1
    assert figures.bases == raw.compute(NETWORK, START, END, AS_OF, direct=True).bases
    assert not StaleCase.objects.exists()


def test_every_case_based_indicator_is_published_by_form_and_sector_with_suppression(scenario):
    board = dashboard(NETWORK, START, END, AS_OF)
    panels = {p.indicator.code: p for p in board.panels if p.indicator.code in COMPUTATIONS}
    assert set(panels) == set(COMPUTATIONS)
    opened = {g.label: g.value for g in panels["cases_opened"].by_dimension["form_of_exploitation"]}
    assert opened["other"] is None                      # 2 < 5
    assert opened["debt_bondage"] == 6 and opened["unknown"] == 7
    assert list(opened.values()).count(None) >= 2       # and a complementary cell, so 'other' cannot be derived
    assert panels["cases_opened"].overall.value == 20
    sectors = {g.label: g.value for g in panels["cases_opened"].by_dimension["sector"]}
    assert sectors == {"A": None, "F": None, "unknown": 12}  # F < 5; the next smallest hidden with it
    closure = {g.label: g.value for g in panels["days_to_closure"].by_dimension["form_of_exploitation"]}
    assert closure["trafficking"] == 92 and closure["unknown"] == 304
    for code in COMPUTATIONS:
        for dim in ("form_of_exploitation", "sector"):
            for group in panels[code].by_dimension.get(dim, []):
                assert group.count is None or group.count == 0 or group.count >= board.threshold, (code, dim)


def test_the_library_lists_what_each_case_based_indicator_is_broken_down_by(scenario):
    board = dashboard(NETWORK, START, END, AS_OF)
    published = {p.indicator.code: set(p.by_dimension) for p in board.panels if p.indicator.code in COMPUTATIONS}
    library = {d["code"]: d for d in _document()["indicators"]}
    for code in COMPUTATIONS:
        assert set(library[code]["disaggregations"]) == published[code], code
        # Not attributes of a case: said, not invented.
        assert {"provider", "programme", "trade"} <= set(library[code]["not_disaggregated_by"]), code


@pytest.mark.parametrize("direct", [False, True])
def test_an_episode_without_a_start_date_comes_after_the_dated_ones_on_every_engine(make_org, direct):
    org = make_org(name="B", country="NP")
    add_cases(org, 5, opened=D(2024, 3, 1))
    for case in cases_opened_on(D(2024, 3, 1)):
        episode(case, "forced_labour", "B")                  # undated, recorded first
        episode(case, "debt_bondage", "A", D(2020, 1, 1))    # the first dated one: counted
    figures = raw.compute(NETWORK, START, END, AS_OF, direct=direct)
    assert figures.bases["opened"]["form_of_exploitation"] == {"debt_bondage": 5}
    assert figures.bases["opened"]["sector"] == {"A": 5}
    ids = list(Case.objects.values_list("id", flat=True))
    assert {k["form_of_exploitation"] for k in units._person_keys(ids).values()} == {"debt_bondage"}
