"""Survivors vs community trainees programme by programme: known answers, linked suppression (the
overall figures are the margins of the per-programme tables), the joint audit, and properties."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.monitoring.privacy.audit import determined
from reintegra.monitoring.privacy.suppression import alternative_table
from reintegra.monitoring.statistics.comparison import (
    ATTENDING,
    CERTIFIED,
    COMMUNITY,
    COMPLETED,
    DROPPED,
    OTHER_PROGRAMMES,
    POPULATIONS,
    PROGRAMME_MEASURES,
    SURVIVORS,
    Record,
    _grid,
    _population_tables,
    _protect,
    pooled,
    publish,
)

T = 5
_ids = iter(range(1, 10**6))


def people(programme: str, population: str, outcome: str, n: int, placed: int = 0) -> list[Record]:
    sign = 1 if population == SURVIVORS else -1
    return [Record(sign * next(_ids), population, programme, outcome, k < placed) for k in range(n)]


def by_programme(records, t=T):
    overall, rows, hidden = publish(records, t)
    return {r.code: r.cells for r in overall}, {row.label: row.cells for row in rows}, hidden


def test_known_answers_without_suppression():
    records = (people("Tailoring", SURVIVORS, CERTIFIED, 6, placed=5) + people("Tailoring", SURVIVORS, COMPLETED, 5)
               + people("Tailoring", SURVIVORS, DROPPED, 5) + people("Tailoring", SURVIVORS, ATTENDING, 2)
               + people("Tailoring", COMMUNITY, CERTIFIED, 8) + people("Tailoring", COMMUNITY, COMPLETED, 6)
               + people("Tailoring", COMMUNITY, DROPPED, 5)
               + people("Welding", SURVIVORS, CERTIFIED, 5, placed=5) + people("Welding", SURVIVORS, COMPLETED, 5)
               + people("Welding", SURVIVORS, DROPPED, 6) + people("Welding", COMMUNITY, CERTIFIED, 7)
               + people("Welding", COMMUNITY, COMPLETED, 5) + people("Welding", COMMUNITY, DROPPED, 5))
    overall, programmes, hidden = by_programme(records)
    assert hidden == 0 and list(programmes) == ["Tailoring", "Welding"]
    tailoring = programmes["Tailoring"]
    assert tailoring["enrolled"][SURVIVORS].value == 18 and tailoring["enrolled"][COMMUNITY].value == 19
    assert (tailoring["completion"][SURVIVORS].numerator, tailoring["completion"][SURVIVORS].count) == (11, 16)
    assert (tailoring["certification"][SURVIVORS].numerator, tailoring["dropout"][SURVIVORS].numerator) == (6, 5)
    assert tailoring["completion"][COMMUNITY].value == pytest.approx(14 / 19)
    assert programmes["Welding"]["dropout"][COMMUNITY].value == pytest.approx(5 / 17)
    assert overall["enrolled"][SURVIVORS].value == 34 and overall["enrolled"][COMMUNITY].value == 36
    assert (overall["completion"][SURVIVORS].numerator, overall["completion"][SURVIVORS].count) == (21, 32)
    assert overall["certification"][SURVIVORS].numerator == 11 and overall["dropout"][COMMUNITY].numerator == 10
    assert (overall["placement"][SURVIVORS].numerator, overall["placement"][SURVIVORS].count) == (10, 21)


def test_a_hidden_programme_is_not_the_overall_minus_the_shown_programmes():
    """Tailoring: 3 survivors dropped out (hidden). Welding shows 6; were the overall 9 shown too,
    9 - 6 would give Tailoring's 3. The overall is the margin of the same table: hidden with it."""
    records = (people("Tailoring", SURVIVORS, COMPLETED, 8) + people("Tailoring", SURVIVORS, DROPPED, 3)
               + people("Welding", SURVIVORS, COMPLETED, 9) + people("Welding", SURVIVORS, DROPPED, 6)
               + people("Cooking", SURVIVORS, COMPLETED, 7) + people("Cooking", SURVIVORS, DROPPED, 7))
    overall, programmes, hidden = by_programme(records)
    dropout = {name: cells["dropout"][SURVIVORS].numerator for name, cells in programmes.items()}
    assert dropout["Tailoring"] is None and hidden > 0
    shown = [v for v in dropout.values() if v is not None]
    total = overall["dropout"][SURVIVORS].numerator
    assert total is None or len(shown) <= len(dropout) - 2  # never one unknown in the column equation
    # Completion is the same table's other column: its hidden cells move with the dropout ones.
    completion = {name: cells["completion"][SURVIVORS].numerator for name, cells in programmes.items()}
    assert sum(v is None for v in completion.values()) + (overall["completion"][SURVIVORS].numerator is None) != 1


def test_programmes_with_few_survivors_are_pooled_and_not_named():
    records = (people("Tailoring", SURVIVORS, COMPLETED, 6) + people("Tailoring", COMMUNITY, COMPLETED, 6)
               + people("Rare craft", SURVIVORS, COMPLETED, 2) + people("Rare craft", COMMUNITY, COMPLETED, 9)
               + people("Bakery", SURVIVORS, DROPPED, 3) + people("Bakery", COMMUNITY, DROPPED, 9))
    _overall, programmes, _hidden = by_programme(records)
    assert list(programmes) == ["Tailoring", "Other programmes"]
    other = programmes["Other programmes"]
    assert other["enrolled"][SURVIVORS].value == 5 and other["enrolled"][COMMUNITY].value == 18


def test_a_cell_with_few_people_is_hidden_whatever_it_counts():
    one = Record(7, SURVIVORS, "Tailoring", DROPPED)
    records = (people("Tailoring", SURVIVORS, COMPLETED, 6) + [one] * 6 + people("Tailoring", COMMUNITY, COMPLETED, 8)
               + people("Welding", SURVIVORS, COMPLETED, 6) + people("Welding", SURVIVORS, DROPPED, 6))
    _overall, programmes, _hidden = by_programme(records)
    assert programmes["Tailoring"]["dropout"][SURVIVORS].numerator is None


def test_audit_finds_a_lonely_hidden_cell_and_clears_a_cycle():
    shape = (3, 3)  # 2 x 2 interior with margins
    assert determined([(shape, {(0, 0)})]) == {(0, (0, 0))}
    cycle = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert determined([(shape, cycle)]) == set()
    # Alone, a one-row table hiding its two cells (and their column totals) keeps them unknown...
    alone = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert determined([((2, 3), alone)]) == set()
    # ...but when its first cell is the (hidden) base of a second table whose cells are shown, the
    # second table's row equation gives it, and the first table's row equation then gives the other.
    linked = determined([((2, 3), alone), ((2, 3), {(0, 2), (1, 2)})],
                        [((0, (0, 0)), (1, (0, 2))), ((0, (0, 0)), (1, (1, 2)))])
    assert {(0, (0, 0)), (0, (0, 1)), (1, (0, 2))} <= linked


# --- properties --------------------------------------------------------------------------------------

record = st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(list(POPULATIONS)),
                   st.sampled_from([CERTIFIED, COMPLETED, DROPPED, ATTENDING]), st.integers(1, 30), st.booleans())


def _records(raw) -> list[Record]:
    out = []
    for programme, population, outcome, person, placed in raw:
        done = population == SURVIVORS and outcome in (CERTIFIED, COMPLETED)
        out.append(Record(person if population == SURVIVORS else -person, population, programme, outcome,
                          placed and done))
    return out


def _displayed_counts(overall, rows):
    for cells in [*(r.cells for r in overall), *(c for row in rows for c in row.cells.values())]:
        for group in cells.values():
            yield from (v for v in (group.count, group.numerator) if v is not None)


@settings(max_examples=150, deadline=None)
@given(raw=st.lists(record, max_size=90), t=st.sampled_from([3, 5]))
def test_no_small_number_is_published(raw, t):
    overall, rows, _hidden = publish(_records(raw), t)
    assert not [v for v in _displayed_counts(overall, rows) if 0 < v < t]


@settings(max_examples=150, deadline=None)
@given(raw=st.lists(record, max_size=90), t=st.sampled_from([3, 5]))
def test_no_hidden_cell_follows_from_the_published_numbers(raw, t):
    records = pooled(_records(raw), t)
    programmes = sorted({r.programme for r in records}) or [OTHER_PROGRAMMES]
    enrolled = _protect(*_grid(records, programmes, list(POPULATIONS), "population"), t)
    groups = [[enrolled]] + [_population_tables([r for r in records if r.population == p], programmes, t,
                                                p == SURVIVORS) for p in POPULATIONS]
    for tables in groups:
        links = [((0, (i, 0)), (1, (i, 2))) for i in range(len(programmes) + 1)] if len(tables) > 1 else []
        if len(tables) == 3:
            links += [((0, (len(programmes), 0)), (2, (0, 2))), ((0, (len(programmes), 0)), (2, (1, 2)))]
        shapes = [((len(x.values), len(x.values[0])), x.hidden) for x in tables]
        pinned = {ref for ref in determined(shapes, links) if tables[ref[0]].values[ref[1][0]][ref[1][1]]}
        assert not pinned
        for table in tables:
            for cell in table.hidden:
                if table.values[cell[0]][cell[1]]:
                    assert alternative_table(table.values, set(table.hidden), cell) is not None, cell


@settings(max_examples=100, deadline=None)
@given(raw=st.lists(record, max_size=90), t=st.sampled_from([3, 5]))
def test_overall_minus_shown_programmes_never_gives_a_hidden_one(raw, t):
    records = pooled(_records(raw), t)
    overall, rows, _hidden = publish(records, t)
    totals = {r.code: r.cells for r in overall}
    for measure in PROGRAMME_MEASURES:
        for population in POPULATIONS:
            shown = [row.cells[measure][population] for row in rows]
            field = "value" if measure == "enrolled" else "numerator"
            unknown = [g for g in shown if getattr(g, field) is None]
            if getattr(totals[measure][population], field) is not None and len(unknown) == 1:
                truth = Counter((r.programme, r.population) for r in records if measure == "enrolled"
                                or r.outcome in ({CERTIFIED, COMPLETED} if measure == "completion" else
                                                 {CERTIFIED} if measure == "certification" else {DROPPED}))
                label = unknown[0].label
                key = OTHER_PROGRAMMES if label == "Other programmes" else label
                assert truth[(key, population)] == 0
