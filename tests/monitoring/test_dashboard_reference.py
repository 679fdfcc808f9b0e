"""The benchmark's hand-written DuckDB reference computes the indicator definitions, at the
boundaries where it once disagreed with the dashboard: an age group whose cases are all still open
(its closed count is 0, not NULL) and the age at opening across New Year."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import aggregate
from reintegra.monitoring.statistics import figures as raw

from .fixtures import D, add_cases

duckdb = pytest.importorskip("duckdb")


def benchmark_module():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "dashboard.py"
    spec = importlib.util.spec_from_file_location("benchmark_dashboard", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_rows(rows, start, end, as_of, episodes=(), vendor="postgresql"):
    """rows: case attributes (the case id is the row's position); episodes: (id, case_id, form,
    isic_section, started_on)."""
    db = duckdb.connect()
    db.execute("CREATE TABLE facts (gender VARCHAR, birth_year INTEGER, nationality VARCHAR, has_disability BOOLEAN, "
               "organization_id INTEGER, admin_area VARCHAR, country VARCHAR, opened_on DATE, closed_on DATE, "
               "case_id BIGINT)")
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(*r, n) for n, r in enumerate(rows)])
    db.execute("CREATE TABLE episodes (id BIGINT, case_id BIGINT, form VARCHAR, isic_section VARCHAR, started_on DATE)")
    if episodes:
        db.executemany("INSERT INTO episodes VALUES (?, ?, ?, ?, ?)", list(episodes))
    cutoff = min(end, as_of - dt.timedelta(days=365))
    query = benchmark_module().reference_query(vendor)
    return db.execute(query, {"start": start, "end": end, "cutoff": cutoff}).fetchall()


def reference(rows, start, end, as_of):
    return {row[9]: row for row in reference_rows(rows, start, end, as_of) if row[1]}  # by age group


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_reference_takes_form_and_sector_from_the_first_episode(vendor):
    case = ("Feminine", 1990, "NP", False, 1, "North", "NP", D(2024, 3, 1), None)
    episodes = [(1, 0, "trafficking", "C", D(2022, 1, 1)), (2, 0, "debt_bondage", "A", D(2020, 1, 1)),  # by start
                (3, 1, "other", "F", D(2021, 1, 1)), (4, 1, "trafficking", "", D(2021, 1, 1)),       # then by id
                (5, 2, "trafficking", "", None), (6, 2, "other", "B", D(2023, 1, 1))]                # unknown start
    result = reference_rows([case] * 4, D(2024, 1, 1), D(2024, 12, 31), D(2026, 1, 1), episodes, vendor)
    by_form = {row[27]: row[16] for row in result if row[25]}
    by_sector = {row[28]: row[16] for row in result if row[26]}
    unknown_start = ("other", "B")  # an undated episode comes last on every engine
    expected_forms = {"debt_bondage": 1, "other": 1, "unknown": 1}
    expected_forms[unknown_start[0]] = expected_forms.get(unknown_start[0], 0) + 1
    expected_sectors = {"A": 1, "F": 1, "unknown": 1}
    expected_sectors[unknown_start[1]] = expected_sectors.get(unknown_start[1], 0) + 1
    assert by_form == expected_forms
    assert by_sector == expected_sectors


def test_reference_counts_zero_closures_for_a_group_with_only_open_cases():
    rows = [("Feminine", 2015, "NP", False, 1, "North", "NP", D(2024, 3, 1), None),
            ("Feminine", 1990, "NP", False, 1, "North", "NP", D(2024, 3, 1), D(2024, 6, 1))]
    by_age = reference(rows, D(2024, 1, 1), D(2024, 12, 31), D(2026, 1, 1))
    assert by_age["0-14"][18] == 0          # closed: 0, was NULL
    assert by_age["25-34"][18] == 1


@pytest.mark.parametrize(("opened", "group"), [(D(2022, 12, 31), "0-14"), (D(2023, 1, 1), "15-17"),
                                               (D(2025, 12, 31), "15-17"), (D(2026, 1, 1), "18-24")])
def test_age_at_opening_is_the_opening_year_minus_the_birth_year(opened, group):
    # Indicator library: a child is "under 18 in the year the case opened"; born 2008.
    assert aggregate.age_group(2008, opened) == group
    by_age = reference([("Masculine", 2008, "BD", False, 1, "North", "NP", opened, None)], opened, opened,
                       opened + dt.timedelta(days=400))
    assert list(by_age) == [group]


@pytest.mark.django_db
def test_dashboard_age_groups_at_the_new_year_boundary(make_org):
    org = make_org(name="A", country="NP")
    add_cases(org, 1, birth_year=2008, opened=D(2022, 12, 31))
    add_cases(org, 2, birth_year=2008, opened=D(2023, 1, 1))
    add_cases(org, 3, birth_year=2008, opened=D(2025, 12, 31), closed=D(2026, 1, 2))
    add_cases(org, 4, birth_year=2008, opened=D(2026, 1, 1))
    for direct in (False, True):
        figures = raw.compute(Scope(network=True), D(2022, 12, 1), D(2026, 1, 31), D(2026, 2, 1), direct=direct)
        assert figures.bases["opened"]["age_group"] == {"0-14": 1, "15-17": 5, "18-24": 4}
        assert figures.bases["closed"]["age_group"] == {"0-14": 0, "15-17": 3, "18-24": 0}
