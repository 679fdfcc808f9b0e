"""Property tests of the disclosure-control engine."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.monitoring.privacy.dp import noisy_counts, privacy_loss
from reintegra.monitoring.privacy.kanon import age_band, alpha3, k_anonymise, smallest_group
from reintegra.monitoring.privacy.suppression import (
    alternative_table,
    extend,
    safe_breakdown,
    safe_table,
    suppress_extended,
)

small_counts = st.integers(min_value=0, max_value=30)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(st.lists(small_counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))
thresholds = st.integers(min_value=2, max_value=11)


def _published(table, hidden):
    return {(i, j): v for i, row in enumerate(table) for j, v in enumerate(row) if (i, j) not in hidden}


def _equations_hold(table):
    return (all(sum(row[:-1]) == row[-1] for row in table)
            and all(sum(r[j] for r in table[:-1]) == table[-1][j] for j in range(len(table[0]))))


@settings(max_examples=300, deadline=None)
@given(tables, thresholds)
def test_no_published_cell_between_one_and_threshold(counts, threshold):
    published = safe_table(counts, [str(i) for i in range(len(counts))],
                           [str(j) for j in range(len(counts[0]))], threshold)
    values = [v for row in published.cells for v in row] + published.row_totals + published.col_totals
    values.append(published.total)
    assert all(v is None or v == 0 or v >= threshold for v in values)


@settings(max_examples=300, deadline=None)
@given(tables, thresholds)
def test_every_hidden_cell_has_another_consistent_value(counts, threshold):
    """For each hidden cell, a second non-negative table agrees on every published number and on
    every total equation, yet differs in that cell: the totals do not reveal it."""
    table = extend(counts)
    primary, complementary = suppress_extended(table, threshold)
    hidden = primary | complementary
    for cell in hidden:
        other = alternative_table(table, hidden, cell)
        assert other is not None, f"cell {cell} of {table} is recoverable"
        assert _published(other, hidden) == _published(table, hidden)
        assert _equations_hold(other)
        assert all(v >= 0 for row in other for v in row)
        assert other[cell[0]][cell[1]] != table[cell[0]][cell[1]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 7), min_size=2, max_size=2), min_size=2, max_size=2), st.integers(2, 6))
def test_brute_force_two_by_two_every_hidden_cell_is_ambiguous(counts, threshold):
    """Independent check on 2×2 tables: enumerate every table matching what was published."""
    table = extend(counts)
    primary, complementary = suppress_extended(table, threshold)
    hidden = primary | complementary
    published = _published(table, hidden)
    grand = table[2][2]
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    for a, b, c, d in itertools.product(range(grand + 1), repeat=4):
        candidate = extend([[a, b], [c, d]])
        if _published(candidate, hidden) == published:
            for (i, j) in hidden:
                seen[(i, j)].add(candidate[i][j])
    assert all(len(values) >= 2 for values in seen.values()), (table, hidden, seen)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list("abcdefg")), small_counts, min_size=1), thresholds)
def test_breakdown_hides_small_groups_and_cannot_be_recovered_from_the_total(counts, threshold):
    shown, total, _hidden = safe_breakdown(counts, threshold)
    assert all(v is None or v == 0 or v >= threshold for v in [*shown.values(), total])
    if total is not None:
        hidden_groups = [g for g, v in shown.items() if v is None]
        assert len(hidden_groups) != 1, "a single hidden group equals the total minus the others"


def test_breakdown_known_answer():
    shown, total, hidden = safe_breakdown({"female": 3, "male": 40, "other": 0}, 5)
    assert shown == {"female": None, "male": None, "other": 0}
    assert total == 43 and hidden == 2


def test_table_known_answer():
    result = safe_table([[3, 10, 12], [20, 1, 30], [0, 0, 7]], "abc", "xyz", 5)
    assert result.cells[0][0] is None and result.cells[1][1] is None
    assert result.primary == 2 and result.complementary == 2
    assert result.cells[2] == [0, 0, 7] and result.total == 83


quasi = ["sex", "age", "citizenship"]
people = st.lists(st.fixed_dictionaries({
    "sex": st.sampled_from(["F", "M"]),
    "age": st.sampled_from(["18--20", "21--23", "30--38"]),
    "citizenship": st.sampled_from(["NPL", "BGD", "PHL", "ETH", ""]),
    "is_child": st.booleans(),
}), max_size=120)


@settings(max_examples=200, deadline=None)
@given(people, st.integers(1, 15))
def test_k_anonymous_export_has_no_group_below_k(records, k):
    result = k_anonymise(records, quasi_identifiers=quasi, k=k)
    sizes = Counter(tuple(r[q] for q in quasi) for r in result.rows)
    assert all(size >= k for size in sizes.values())
    assert result.suppressed + len(result.rows) == len(records)
    assert result.suppressed == len(records) - len(result.rows)


def test_k_anonymous_known_answer():
    records = [{"sex": "F", "age": "21--23", "citizenship": "NPL"}] * 11 + \
              [{"sex": "F", "age": "21--23", "citizenship": "BGD"}] * 2 + \
              [{"sex": "M", "age": "48+", "citizenship": "PHL"}] * 3
    result = k_anonymise(records, quasi_identifiers=quasi, k=11)
    assert len(result.rows) == 11 and result.suppressed == 5 and result.generalised == 5
    assert smallest_group(result.rows, quasi) == 11


def test_coarsening_helpers():
    assert age_band(17) == "9--17" and age_band(18) == "18--20" and age_band(None) == ""
    assert alpha3("np") == "NPL" and alpha3("") == "" and alpha3("QQ") == ""


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=8), st.floats(0.1, 5), thresholds)
def test_noisy_release_never_publishes_small_cells(counts, epsilon, threshold):
    cells, total = noisy_counts(counts, epsilon, threshold)
    assert all(v is None or v == 0 or v >= threshold for v in [*cells, total])


def test_privacy_loss_matches_requested_epsilon():
    assert privacy_loss(0.5) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        privacy_loss(0)


@settings(max_examples=200, deadline=None)
@given(tables, thresholds, st.data())
def test_forced_cells_are_respected_and_hidden_cells_stay_ambiguous(counts, threshold, data):
    table = extend(counts)
    cells = [(i, j) for i in range(len(table)) for j in range(len(table[0]))]
    must_hide = set(data.draw(st.lists(st.sampled_from(cells), max_size=2)))
    must_show = {c for c in data.draw(st.lists(st.sampled_from(cells), max_size=2))
                 if c not in must_hide and not 0 < table[c[0]][c[1]] < threshold}
    primary, complementary = suppress_extended(table, threshold, must_hide=must_hide, must_show=must_show)
    hidden = primary | complementary
    assert must_hide <= hidden
    whole_table_withheld = hidden == set(cells)
    assert whole_table_withheld or not (must_show & hidden)
    for cell in hidden:
        assert alternative_table(table, hidden, cell) is not None or whole_table_withheld


def test_cells_found_on_positive_cycles_are_protected_and_the_rest_are_proved_one_by_one():
    import random

    from reintegra.monitoring.privacy import suppression

    rng = random.Random(3)
    for _ in range(300):
        counts = [[rng.choice([0, 1, 2, 4, 7]) for _ in range(3)] for _ in range(rng.randint(1, 8))]
        table = suppression.extend(counts)
        hidden = {(i, j) for i in range(len(table)) for j in range(len(table[0])) if rng.random() < 0.4}
        quick = suppression._on_positive_cycles(table, hidden)
        for cell in hidden:
            on_cycle = suppression.alternative_table(table, hidden, cell) is not None
            if cell in quick:
                assert on_cycle                      # never claims a cell the full proof would not
            elif table[cell[0]][cell[1]] >= 1 and on_cycle:
                # not on a cycle of positive cells: its cycle must cross a zero cell
                cycle = suppression._signed_cycle(table, hidden, cell, 1) or suppression._signed_cycle(table, hidden,
                                                                                                     cell, -1)
                assert cycle is not None and any(table[i][j] == 0 for i, j in cycle)
