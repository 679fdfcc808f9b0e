"""Timing of complementary suppression (privacy/suppression.suppress_extended) on tables shaped like
the national dashboard's: tall proportion tables as statistics/publish.py `UnitPublisher.proportion`
builds them (one row per organisation, columns hits / misses / row total, a total row) and one-column
breakdowns as `safe_breakdown` builds them: 100, 300 and 1,000 rows at thresholds 3, 5 and 11, and at
threshold 5 a table without the overall rate and one of mostly large organisations; 1,000 groups;
and one stress table that needs the exact repair loop.

The tables are generated from a fixed seed. Each is suppressed by the current engine and by the
previous algorithm (the REFERENCE section below, a verbatim copy of suppress_extended and its helpers
from `git show 9c8f059:src/reintegra/monitoring/privacy/suppression.py`) in the same run; the script
prints seconds (best of 3), the ratio reference/current and the number of complementary cells each
chooses (hidden beyond the primary cells and must_hide), and checks the current result (every hidden
cell has an `alternative_table` proof, no published number in 1..threshold-1, must_hide hidden,
must_show shown unless the whole table is withheld).

    .venv/bin/python benchmarks/suppression.py
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import deque
from collections.abc import Set
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from reintegra.monitoring.privacy import suppression  # noqa: E402
from reintegra.monitoring.privacy.suppression import Cell, extend  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# REFERENCE: the previous algorithm (one complementary cell per round, every round re-proving the
# hidden cells), kept here unchanged apart from the entry point's name, to time against and to count
# the complementary cells it hides.
# ---------------------------------------------------------------------------------------------------

def _sign(table: list[list[int]], cell: Cell) -> int:
    """Margins enter their row/column equation with the opposite sign of interior cells."""
    last_row, last_col = len(table) - 1, len(table[0]) - 1
    flips = (cell[0] == last_row) + (cell[1] == last_col)
    return -1 if flips == 1 else 1


Index = tuple[dict[int, list[Cell]], dict[int, list[Cell]]]  # hidden cells by row, by column


def _index(hidden: Set[Cell]) -> Index:
    by_row: dict[int, list[Cell]] = {}
    by_col: dict[int, list[Cell]] = {}
    for c in hidden:
        by_row.setdefault(c[0], []).append(c)
        by_col.setdefault(c[1], []).append(c)
    return by_row, by_col


def _signed_cycle(table: list[list[int]], hidden: set[Cell], cell: Cell, direction: int,
                  lines: Index | None = None) -> list[Cell] | None:
    """A cycle of hidden cells through `cell` (listed from `cell`) along which moving one unit,
    starting with `direction` on `cell`, leaves every cell non-negative; None if there is none.

    Cells alternate +1/-1 along the cycle (times each cell's sign in its equations). Leaving a column
    node is always an odd position and leaving a row node an even one, so whether a cell may be
    used depends only on the direction it is crossed: a breadth-first search finds the cycle.
    """

    def allowed(c: Cell, step: int) -> bool:
        return table[c[0]][c[1]] >= 1 or step * _sign(table, c) >= 0

    if not allowed(cell, direction):
        return None
    by_row, by_col = lines if lines is not None else _index(hidden)
    start, goal = ("c", cell[1]), ("r", cell[0])
    came_from: dict[tuple[str, int], tuple[tuple[str, int], Cell] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path: list[Cell] = []
            while came_from[node] is not None:
                previous, via = came_from[node]  # type: ignore[misc]
                path.append(via)
                node = previous
            return [cell, *reversed(path)]
        kind, index = node
        if kind == "c":
            moves = [(("r", c[0]), c) for c in by_col.get(index, []) if c != cell and allowed(c, -direction)]
        else:
            moves = [(("c", c[1]), c) for c in by_row.get(index, []) if c != cell and allowed(c, direction)]
        for neighbour, via in moves:
            if neighbour not in came_from:
                came_from[neighbour] = (node, via)
                queue.append(neighbour)
    return None


def alternative_table(table: list[list[int]], hidden: set[Cell], cell: Cell,
                      index: Index | None = None) -> list[list[int]] | None:
    """Another non-negative table agreeing on every published cell and every row/column equation
    but with a different value in `cell`; None when no single cycle of hidden cells gives one.
    `index` is `_index(hidden)` when the caller keeps one."""
    index = index if index is not None else _index(hidden)
    for direction in (1, -1):
        cycle = _signed_cycle(table, hidden, cell, direction, index)
        if cycle is None:
            continue
        candidate = [row[:] for row in table]
        for position, (i, j) in enumerate(cycle):
            candidate[i][j] += direction * (1 if position % 2 == 0 else -1) * _sign(table, (i, j))
        if all(candidate[i][j] >= 0 for i, j in cycle):
            return candidate
    return None


def _on_positive_cycles(table: list[list[int]], cells: Set[Cell], *, positive: bool = True) -> set[Cell]:
    """Cells of `cells` lying on a cycle of cells that each hold at least 1 — moving one unit around
    it in either direction keeps every cell non-negative, so each is protected. They are the edges
    of the row/column graph that are not bridges (Tarjan's low-link, iteratively: tables can have
    thousands of rows). A quick answer for most cells; the rest are proved one by one.
    With `positive=False`, cells on any cycle at all: a cell outside them cannot be protected."""
    n_rows = len(table)
    edges = [c for c in cells if not positive or table[c[0]][c[1]] >= 1]
    adjacent: dict[int, list[tuple[int, int]]] = {}
    for number, (i, j) in enumerate(edges):
        adjacent.setdefault(i, []).append((n_rows + j, number))
        adjacent.setdefault(n_rows + j, []).append((i, number))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: set[int] = set()
    for root in adjacent:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, -1, iter(adjacent[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            step = next(neighbours, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
                continue
            other, number = step
            if number == via:
                continue
            if other in order:
                low[node] = min(low[node], order[other])
            else:
                order[other] = low[other] = len(order)
                stack.append((other, number, iter(adjacent[other])))
    return {edge for number, edge in enumerate(edges) if number not in bridges}


def _reachable(origin: tuple[str, int], hidden: set[Cell], without: Cell) -> set[tuple[str, int]]:
    """Row and column nodes joined to `origin` by hidden cells other than `without`."""
    cols_of_row: dict[int, list[int]] = {}
    rows_of_col: dict[int, list[int]] = {}
    for i, j in hidden:
        if (i, j) != without:
            cols_of_row.setdefault(i, []).append(j)
            rows_of_col.setdefault(j, []).append(i)
    seen = {origin}
    queue = deque([origin])
    while queue:
        kind, index = queue.popleft()
        neighbours = [("c", j) for j in cols_of_row.get(index, [])] if kind == "r" else \
            [("r", i) for i in rows_of_col.get(index, [])]
        for node in neighbours:
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


def _cost(table: list[list[int]], cell: Cell) -> tuple[bool, int, bool, Cell]:
    """Prefer hiding the smallest non-zero interior cell (least information lost)."""
    value = table[cell[0]][cell[1]]
    is_margin = cell[0] == len(table) - 1 or cell[1] == len(table[0]) - 1
    return (value == 0, value, is_margin, cell)


def _complement_for(table: list[list[int]], blocked: set[Cell], cell: Cell,
                    hidden: set[Cell] | None = None) -> Cell | None:
    """A cell to hide next so that `cell` moves towards lying on a cycle; never one in `blocked`."""
    hidden = blocked if hidden is None else hidden
    n_rows, n_cols = len(table), len(table[0])
    from_row = _reachable(("r", cell[0]), hidden, cell)
    from_col = _reachable(("c", cell[1]), hidden, cell)
    rows_a = [i for kind, i in from_row if kind == "r"]
    cols_a = [j for kind, j in from_row if kind == "c"]
    rows_b = [i for kind, i in from_col if kind == "r"]
    cols_b = [j for kind, j in from_col if kind == "c"]
    # Any hidden cell joining the row's side to the column's side closes a cycle through `cell`.
    closing = {(i, j) for i in rows_a for j in cols_b} | {(i, j) for i in rows_b for j in cols_a}
    closing = {c for c in closing if c not in blocked and c != cell}
    if closing:
        return min(closing, key=lambda c: _cost(table, c))
    growing = {(i, j) for i in rows_a + rows_b for j in range(n_cols)}
    growing |= {(i, j) for j in cols_a + cols_b for i in range(n_rows)}
    growing = {c for c in growing if c not in blocked}
    return min(growing, key=lambda c: _cost(table, c)) if growing else None


def reference_suppress_extended(table: list[list[int]], threshold: int, *, must_hide: Set[Cell] = frozenset(),
                      must_show: Set[Cell] = frozenset()) -> tuple[set[Cell], set[Cell]]:
    """(primary, complementary) hidden cells of an extended table.

    `must_hide` / `must_show` keep tables that share numbers consistent (a number hidden in one
    table must not be published in another). When the table cannot be protected without hiding a
    `must_show` cell, every cell is hidden: withholding a table is always safe.
    """
    primary = {(i, j) for i, row in enumerate(table) for j, v in enumerate(row) if 0 < v < threshold}
    hidden = primary | set(must_hide)
    every_cell = {(i, j) for i in range(len(table)) for j in range(len(table[0]))}
    # Hiding more cells never removes a cycle, so a cell once protected stays protected: each cell
    # is proved once, not again after every complement (that made large tables cubic).
    protected: set[Cell] = set()
    index = _index(hidden)
    while True:
        exposed = None
        protected |= _on_positive_cycles(table, hidden - protected)
        unproved = hidden - protected
        on_some_cycle = _on_positive_cycles(table, hidden, positive=False) if unproved else set()
        for c in sorted(unproved):
            if c not in on_some_cycle or alternative_table(table, hidden, c, index) is None:
                exposed = c
                break
            protected.add(c)
        if exposed is None:
            break
        extra = _complement_for(table, hidden | set(must_show), exposed, hidden)
        if extra is None:
            if must_show:
                hidden = set(every_cell)
            break
        hidden.add(extra)
        index[0].setdefault(extra[0], []).append(extra)
        index[1].setdefault(extra[1], []).append(extra)
    return primary, hidden - primary



# ---------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------

Case = tuple[str, list[list[int]], int, set[Cell], set[Cell]]  # name, extended table, t, hide, show


def _organisations(rng: random.Random, n: int, large: float) -> list[tuple[int, int, int, int, int]]:
    """(units, hits, persons, hit persons, miss persons) per organisation: mostly small ones and a
    share `large` of large ones; a person can be behind several units."""
    rows = []
    for _ in range(n):
        if rng.random() < large:
            units = rng.randint(500, 5000)
            hits = round(units * rng.uniform(0.1, 0.9))
        else:
            units = max(1, int(math.exp(rng.uniform(0, math.log(200)))))
            hits = min(units, rng.choice([0, 0, rng.randint(0, 5), rng.randint(0, 30)]))
        share = rng.uniform(0.5, 1.0)
        rows.append((units, hits, max(1, round(units * share)), round(hits * share),
                     round((units - hits) * share)))
    return rows


def proportion_case(seed: int, n: int, t: int, *, large: float = 0.03, numerator_shown: bool = True) -> Case:
    """What UnitPublisher.proportion passes to safe_table: a row total is published when the base
    breakdown showed it (approximated here: at least t units and t persons, and never exactly one
    group hidden); a hits or misses cell behind fewer than t persons must be hidden; a few groups are
    forced hidden (a derived dimension whose parent group is hidden); the overall count is shown, the
    overall hits and misses when `numerator_shown`."""
    rng = random.Random(seed)
    orgs = _organisations(rng, n, large)
    small = lambda v: 0 < v < t  # noqa: E731
    visible = [not small(u) and not small(p) for u, _h, p, _hp, _mp in orgs]
    if visible.count(False) == 1:
        visible[min((u, i) for i, (u, *_r) in enumerate(orgs) if visible[i])[1]] = False
    table = extend([[h, u - h] for u, h, *_r in orgs])
    hide = {(i, 2) for i in range(n) if not visible[i]}
    show = {(i, 2) for i in range(n) if visible[i]}
    for i, (_u, _h, _p, hit_persons, miss_persons) in enumerate(orgs):
        if small(hit_persons):
            hide.add((i, 0))
        if small(miss_persons):
            hide.add((i, 1))
        if rng.random() < 0.01:
            hide |= {(i, 0), (i, 1)}
    show.add((n, 2))
    (show if numerator_shown else hide).update({(n, 0), (n, 1)})
    kind = ("" if numerator_shown else ", no overall rate") + (", large orgs" if large > 0.5 else "")
    return f"proportion {n} rows t={t}{kind}", table, t, hide, show - hide


def breakdown_case(seed: int, n: int, t: int) -> Case:
    """What safe_breakdown passes for a base table: groups with fewer than t persons hidden, total shown."""
    rng = random.Random(seed)
    orgs = _organisations(rng, n, 0.03)
    table = extend([[u] for u, *_r in orgs])
    hide = {(i, j) for i, (_u, _h, p, *_r) in enumerate(orgs) if 0 < p < t for j in (0, 1)}
    return f"breakdown {n} groups t={t}", table, t, hide, {(n, 0), (n, 1)} - hide


def stress_case(seed: int, n: int, t: int) -> Case:
    """Not from the dashboard: many zeros and small cells, forced cells scattered anywhere. Lone
    cells are not enough here, so it times the exact repair loop."""
    rng = random.Random(seed)
    table = extend([[rng.choice([0, 1, 2, 4, 7, 30, 300]) for _ in range(2)] for _ in range(n)])
    cells = [(i, j) for i in range(n + 1) for j in range(3)]
    hide = {c for c in cells if rng.random() < 0.03}
    show = {c for c in cells if rng.random() < 0.02 and c not in hide and not 0 < table[c[0]][c[1]] < t}
    return f"stress {n} rows t={t} seed {seed}", table, t, hide, show


def cases() -> list[Case]:
    found = []
    for seed, n in enumerate((100, 300, 1000)):
        for t in (3, 5, 11):
            found.append(proportion_case(seed * 100 + t, n, t))
        found.append(proportion_case(seed * 100 + 50, n, 5, numerator_shown=False))
        found.append(proportion_case(seed * 100 + 60, n, 5, large=0.9))
    for t in (3, 5, 11):
        found.append(breakdown_case(7000 + t, 1000, t))
    found += [stress_case(seed, 300, 5) for seed in (1, 2)]
    return found


def check(table: list[list[int]], t: int, hide: set[Cell], show: set[Cell], hidden: set[Cell]) -> None:
    cells = {(i, j) for i in range(len(table)) for j in range(len(table[0]))}
    assert hide <= hidden
    if hidden == cells:
        return
    assert not hidden & show
    assert all(not 0 < table[i][j] < t for i, j in cells - hidden)
    index = suppression._index(hidden)
    for cell in hidden:
        assert suppression.alternative_table(table, hidden, cell, index) is not None, cell


def timed(engine, table, t, hide, show, repeat: int = 3) -> tuple[float, set[Cell], set[Cell]]:
    """Best of `repeat` runs."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        primary, complementary = engine(table, t, must_hide=hide, must_show=show)
        best = min(best, time.perf_counter() - start)
    return best, primary, complementary


def main() -> None:
    print("seconds: best of 3; chosen: complementary cells beyond primary and must_hide")
    print(f"{'table':44} {'reference s':>11} {'current s':>10} {'ratio':>6} {'chosen ref':>10} {'chosen now':>10}")
    sums = [0.0, 0.0, 0, 0]
    for name, table, t, hide, show in cases():
        old_s, old_primary, old_complementary = timed(reference_suppress_extended, table, t, hide, show)
        new_s, primary, complementary = timed(suppression.suppress_extended, table, t, hide, show)
        assert primary == old_primary
        check(table, t, hide, show, primary | complementary)
        old_chosen, new_chosen = len(old_complementary - hide), len(complementary - hide)
        sums = [sums[0] + old_s, sums[1] + new_s, sums[2] + old_chosen, sums[3] + new_chosen]
        print(f"{name:44} {old_s:11.4f} {new_s:10.4f} {old_s / new_s:6.1f} {old_chosen:10} {new_chosen:10}")
    print(f"{'all tables':44} {sums[0]:11.4f} {sums[1]:10.4f} {sums[0] / sums[1]:6.1f} {sums[2]:10} {sums[3]:10}"
          f"  ({100 * (sums[3] - sums[2]) / max(sums[2], 1):+.1f}% chosen cells)")


if __name__ == "__main__":
    main()
