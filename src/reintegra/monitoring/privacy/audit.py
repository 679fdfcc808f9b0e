"""Joint audit of linked suppressed tables: which hidden cells the published numbers pin down.

Each extended table (interior, row totals, totals row; see suppression.py) contributes its row and
column equations. Tables are linked when a cell of one is the same number as a cell of another (a
per-programme table's row totals are the next table's base, for instance); such cells are one
unknown. A hidden cell is *determined* when its unit vector lies in the row space of the equations
restricted to the hidden cells (published cells move to the constant side): then some combination
of published numbers gives its exact value, whatever the other hidden cells are. Exact rational
arithmetic; the tables here are small (tens of cells).

This is the linear part of disclosure; the suppression engine also checks each table with
non-negativity (alternative_table). Together they are the audit run on the comparison tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from reintegra.monitoring.privacy.suppression import Cell

Ref = tuple[int, Cell]  # (table index, cell of its extended table)


def _equations(shape: tuple[int, int]) -> list[list[Cell]]:
    """Each equation as its cells, the margin cell last (interior cells sum to it)."""
    n_rows, n_cols = shape
    rows = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    cols = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return rows + cols


def determined(tables: Sequence[tuple[tuple[int, int], set[Cell]]], links: Iterable[tuple[Ref, Ref]] = ()
               ) -> set[Ref]:
    """The hidden cells (as (table, cell)) whose value follows from the published ones.

    `tables`: (shape of the extended table, its hidden cells). `links`: pairs of cells that are
    the same number; both must be hidden or both published."""
    canonical: dict[Ref, Ref] = {}

    def find(ref: Ref) -> Ref:
        while canonical.get(ref, ref) != ref:
            ref = canonical[ref]
        return ref

    for a, b in links:
        canonical[find(a)] = find(b)
    variables: dict[Ref, int] = {}
    for index, (_shape, hidden) in enumerate(tables):
        for cell in sorted(hidden):
            variables.setdefault(find((index, cell)), len(variables))
    matrix: list[dict[int, Fraction]] = []
    for index, (shape, hidden) in enumerate(tables):
        for cells in _equations(shape):
            row: dict[int, Fraction] = {}
            for position, cell in enumerate(cells):
                if cell in hidden:
                    var = variables[find((index, cell))]
                    row[var] = row.get(var, Fraction(0)) + (-1 if position == len(cells) - 1 else 1)
            row = {k: v for k, v in row.items() if v}
            if row:
                matrix.append(row)
    pivots = _echelon(matrix)
    fixed = {var for var in variables.values() if not _reduce({var: Fraction(1)}, pivots)}
    return {(index, cell) for index, (_shape, hidden) in enumerate(tables) for cell in hidden
            if variables[find((index, cell))] in fixed}


def _reduce(vector: dict[int, Fraction], pivots: dict[int, dict[int, Fraction]]) -> dict[int, Fraction]:
    vector = dict(vector)
    for column in sorted(pivots):
        factor = vector.get(column)
        if factor:
            for k, v in pivots[column].items():
                vector[k] = vector.get(k, Fraction(0)) - factor * v
            vector = {k: v for k, v in vector.items() if v}
    return vector


def _echelon(matrix: list[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """Fully reduced rows keyed by their pivot column."""
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in matrix:
        row = _reduce(row, pivots)
        if not row:
            continue
        column = min(row)
        scale = row[column]
        row = {k: v / scale for k, v in row.items()}
        for other in pivots.values():  # keep every pivot row free of the new pivot column
            factor = other.get(column)
            if factor:
                for k, v in row.items():
                    other[k] = other.get(k, Fraction(0)) - factor * v
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[column] = row
    return pivots
