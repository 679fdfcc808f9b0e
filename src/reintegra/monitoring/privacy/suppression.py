"""Small-cell suppression with complementary suppression for one- and two-way count tables.

The table is handled in its *extended* form: the interior cells plus a margin column (row totals),
a margin row (column totals) and the grand total in the corner, so totals are cells like any other.
Every row of the extended table obeys "interior cells sum to the margin", and so does every column.

Primary suppression hides every published number from 1 to threshold-1 (totals included).
Complementary suppression then adds hidden cells until no hidden cell can be recovered exactly from
what is published: for each hidden cell we look for a cycle of hidden cells through it (rows and
columns as the nodes of a bipartite graph, hidden cells as edges). Moving one unit around such a
cycle gives a second non-negative table with the same published numbers but a different value in
that cell, so the published numbers do not determine it. `alternative_table` returns that second
table; the property tests use it as the proof.

`suppress_extended` chooses the complementary cells in rounds (tall tables, such as one row per
organisation with hits, misses and their total, have hundreds of cells to protect):

1. Lone cells: a hidden cell alone in its row or column lies on no cycle, so it gets a partner in
   that line, the cheapest allowed one by `_cost` (preferring cells not left alone in their other
   line); repeated until no line holds exactly one hidden cell. This is linear in the table and,
   on the dashboard's tables, usually all that is needed.
2. Proof: the cells on a cycle of positive cells are found for all hidden cells at once (Tarjan's
   bridges); each remaining cell gets its own search for a cycle (`_signed_cycle`, the search
   `alternative_table` makes), and the cycle found proves every cell on it.
3. Repair: every cell left without a proof, in order, gets one complementary cell chosen by
   `_complement_for`, unless a complement chosen earlier in the round already protects it: the
   cheapest cell that closes a cycle `alternative_table` accepts (signs and zeros respected), else
   one that grows the hidden cells joined to it. Then back to 1.

When a cell cannot be protected even with every cell outside `must_show` hidden (or a forced cell
is alone in a line of published cells), the table is withheld at once.

A cell once proved stays proved (hiding more cells never removes a cycle), so each is proved once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence, Set
from dataclasses import dataclass

Cell = tuple[int, int]


def extend(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """Interior counts -> extended table with row totals, column totals and the grand total."""
    if not counts or not counts[0]:
        raise ValueError("A table needs at least one row and one column.")
    width = len(counts[0])
    if any(len(row) != width for row in counts):
        raise ValueError("Every row must have the same number of columns.")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("Counts cannot be negative.")
    rows = [list(row) + [sum(row)] for row in counts]
    totals = [sum(row[j] for row in rows) for j in range(width + 1)]
    return rows + [totals]


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


def _allowed(table: list[list[int]], cell: Cell, step: int) -> bool:
    """Whether moving `step` (times the cell's sign) keeps `cell` non-negative."""
    return table[cell[0]][cell[1]] >= 1 or step * _sign(table, cell) >= 0


def _signed_cycle(table: list[list[int]], hidden: set[Cell], cell: Cell, direction: int,
                  lines: Index | None = None) -> list[Cell] | None:
    """A cycle of hidden cells through `cell` (listed from `cell`) along which moving one unit,
    starting with `direction` on `cell`, leaves every cell non-negative; None if there is none.

    Cells alternate +1/-1 along the cycle (times each cell's sign in its equations). Leaving a column
    node is always an odd position and leaving a row node an even one, so whether a cell may be
    used depends only on the direction it is crossed: a breadth-first search finds the cycle.
    """

    if not _allowed(table, cell, direction):
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
            moves = [(("r", c[0]), c) for c in by_col.get(index, []) if c != cell and _allowed(table, c, -direction)]
        else:
            moves = [(("c", c[1]), c) for c in by_row.get(index, []) if c != cell and _allowed(table, c, direction)]
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


def _reachable(origin: tuple[str, int], index: Index, without: Cell) -> set[tuple[str, int]]:
    """Row and column nodes joined to `origin` by hidden cells other than `without`."""
    by_row, by_col = index
    seen = {origin}
    queue = deque([origin])
    while queue:
        kind, number = queue.popleft()
        if kind == "r":
            neighbours = [("c", c[1]) for c in by_row.get(number, []) if c != without]
        else:
            neighbours = [("r", c[0]) for c in by_col.get(number, []) if c != without]
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


def _signed_reach(table: list[list[int]], index: Index, cell: Cell, direction: int, *,
                  backward: bool) -> set[tuple[str, int]]:
    """The nodes `_signed_cycle(table, hidden, cell, direction)` can reach from `cell`'s column, or
    (`backward`) those from which it can reach `cell`'s row, without crossing `cell` itself."""
    by_row, by_col = index
    origin = ("r", cell[0]) if backward else ("c", cell[1])
    seen = {origin}
    queue = deque([origin])
    while queue:
        kind, number = queue.popleft()
        # A cell is crossed with `direction` from its row to its column, with `-direction` the other way.
        if kind == "r":
            step = -direction if backward else direction
            neighbours = [("c", c[1]) for c in by_row.get(number, []) if c != cell and _allowed(table, c, step)]
        else:
            step = direction if backward else -direction
            neighbours = [("r", c[0]) for c in by_col.get(number, []) if c != cell and _allowed(table, c, step)]
        for node in neighbours:
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


def _closing(table: list[list[int]], index: Index, cell: Cell) -> set[Cell]:
    """Cells whose hiding would at once give `cell` a cycle `alternative_table` accepts: they join a
    node reachable from `cell`'s column to one that reaches `cell`'s row, crossed in an allowed way."""
    found: set[Cell] = set()
    for direction in (1, -1):
        if not _allowed(table, cell, direction):
            continue
        ahead = _signed_reach(table, index, cell, direction, backward=False)
        behind = _signed_reach(table, index, cell, direction, backward=True)
        rows_ahead = [i for kind, i in ahead if kind == "r"]
        cols_ahead = [j for kind, j in ahead if kind == "c"]
        rows_behind = [i for kind, i in behind if kind == "r"]
        cols_behind = [j for kind, j in behind if kind == "c"]
        found |= {(i, j) for i in rows_ahead for j in cols_behind if _allowed(table, (i, j), direction)}
        found |= {(i, j) for i in rows_behind for j in cols_ahead if _allowed(table, (i, j), -direction)}
    return found


class _Hidden:
    """The hidden cells, indexed by row (axis 0) and by column (axis 1), and what may still be hidden."""

    def __init__(self, table: list[list[int]], cells: Set[Cell], must_show: Set[Cell]):
        self.table = table
        self.cells = set(cells)
        self.index = _index(self.cells)
        self.blocked = self.cells | set(must_show)  # hidden already, or must stay published

    def add(self, cell: Cell) -> None:
        self.cells.add(cell)
        self.blocked.add(cell)
        self.index[0].setdefault(cell[0], []).append(cell)
        self.index[1].setdefault(cell[1], []).append(cell)

    def line(self, axis: int, number: int) -> list[Cell]:
        """Every cell of row `number` (axis 0) or column `number` (axis 1)."""
        if axis == 0:
            return [(number, j) for j in range(len(self.table[0]))]
        return [(i, number) for i in range(len(self.table))]

    def partner(self, axis: int, number: int) -> Cell | None:
        """The allowed cell of a line to hide next to its lone hidden cell. Preferred: one whose
        crossing line already holds a hidden cell (it is not left alone there), else one whose
        crossing line still has another allowed cell (it can get a partner in turn); then by `_cost`."""
        other = 1 - axis

        def key(c: Cell) -> tuple[bool, bool, tuple[bool, int, bool, Cell]]:
            alone = c[other] not in self.index[other]
            stuck = alone and all(d == c or d in self.blocked for d in self.line(other, c[other]))
            return alone, stuck, _cost(self.table, c)

        allowed = [c for c in self.line(axis, number) if c not in self.blocked]
        return min(allowed, key=key) if allowed else None


def _complement_for(hidden: _Hidden, cell: Cell) -> Cell | None:
    """A cell to hide next so that `cell` lies on a cycle, or moves towards one; None when no
    choice of allowed cells can protect `cell`."""
    table, blocked, index = hidden.table, hidden.blocked, hidden.index
    closing = {c for c in _closing(table, index, cell) if c not in blocked and c != cell}
    if closing:
        return min(closing, key=lambda c: _cost(table, c))
    # No single cell will do (zero cells cannot go below 0). Hiding more never removes a cycle, so
    # if `cell` has none with every allowed cell hidden, it can never have one.
    n_rows, n_cols = len(table), len(table[0])
    most = hidden.cells | {(i, j) for i in range(n_rows) for j in range(n_cols) if (i, j) not in blocked}
    if alternative_table(table, most, cell) is None:
        return None
    # Grow the hidden cells joined to `cell`, preferring one that closes a cycle whatever the signs.
    from_row = _reachable(("r", cell[0]), index, cell)
    from_col = _reachable(("c", cell[1]), index, cell)
    rows_a = [i for kind, i in from_row if kind == "r"]
    cols_a = [j for kind, j in from_row if kind == "c"]
    rows_b = [i for kind, i in from_col if kind == "r"]
    cols_b = [j for kind, j in from_col if kind == "c"]
    closing = {(i, j) for i in rows_a for j in cols_b} | {(i, j) for i in rows_b for j in cols_a}
    closing = {c for c in closing if c not in blocked and c != cell}
    if closing:
        return min(closing, key=lambda c: _cost(table, c))
    growing = {(i, j) for i in rows_a + rows_b for j in range(n_cols)}
    growing |= {(i, j) for j in cols_a + cols_b for i in range(n_rows)}
    growing = {c for c in growing if c not in blocked}
    return min(growing, key=lambda c: _cost(table, c)) if growing else None


def _close_lone_cells(hidden: _Hidden, forced: Set[Cell]) -> bool:
    """Pre-pass: a hidden cell alone in its row or its column lies on no cycle, so it gets a partner
    in that line (`_Hidden.partner`); repeated until no row or column holds exactly one hidden cell,
    except lines without an allowed cell left. False when such a line's lone cell is `forced`: no
    choice of complementary cells can protect it."""
    stuck: set[tuple[int, int]] = set()
    while True:
        lone = [(axis, number) for axis in (0, 1) for number, cells in sorted(hidden.index[axis].items())
                if len(cells) == 1 and (axis, number) not in stuck]
        if not lone:
            return True
        for axis, number in lone:
            cells = hidden.index[axis][number]
            if len(cells) > 1:  # given a partner by an earlier line of this pass
                continue
            partner = hidden.partner(axis, number)
            if partner is not None:
                hidden.add(partner)
            elif cells[0] in forced:
                return False
            else:  # left to the exact loop
                stuck.add((axis, number))


def _proof_cycle(table: list[list[int]], hidden: _Hidden, cell: Cell) -> list[Cell] | None:
    """The cycle `alternative_table` moves one unit around for `cell`, or None. Every cell on it
    changes in that alternative table, so the one cycle proves all of them."""
    for direction in (1, -1):
        cycle = _signed_cycle(table, hidden.cells, cell, direction, hidden.index)
        if cycle is not None:
            return cycle
    return None


def _exposed(table: list[list[int]], hidden: _Hidden, protected: set[Cell]) -> list[Cell]:
    """Hidden cells without an `alternative_table` proof, in order; the proved ones join `protected`."""
    protected |= _on_positive_cycles(table, hidden.cells)
    unproved = sorted(hidden.cells - protected)
    on_some_cycle = _on_positive_cycles(table, hidden.cells, positive=False) if unproved else set()
    exposed = []
    for cell in unproved:
        if cell in protected:
            continue
        cycle = _proof_cycle(table, hidden, cell) if cell in on_some_cycle else None
        if cycle is None:
            exposed.append(cell)
        else:
            protected.update(cycle)
    return exposed


def suppress_extended(table: list[list[int]], threshold: int, *, must_hide: Set[Cell] = frozenset(),
                      must_show: Set[Cell] = frozenset()) -> tuple[set[Cell], set[Cell]]:
    """(primary, complementary) hidden cells of an extended table.

    `must_hide` / `must_show` keep tables that share numbers consistent (a number hidden in one
    table must not be published in another). When the table cannot be protected without hiding a
    `must_show` cell, every cell is hidden: withholding a table is always safe.
    """
    primary = {(i, j) for i, row in enumerate(table) for j, v in enumerate(row) if 0 < v < threshold}
    withheld = {(i, j) for i in range(len(table)) for j in range(len(table[0]))} - primary
    forced = primary | set(must_hide)
    hidden = _Hidden(table, forced, must_show)
    # Hiding more cells never removes a cycle, so a cell once protected stays protected.
    protected: set[Cell] = set()
    while True:
        if not _close_lone_cells(hidden, forced) and must_show:
            return primary, withheld
        exposed = _exposed(table, hidden, protected)
        if not exposed:
            break
        for number, cell in enumerate(exposed):
            # a complement chosen for an earlier cell of this round may already protect this one
            if number and (cell in protected or _proof_cycle(table, hidden, cell)):
                continue
            extra = _complement_for(hidden, cell)
            if extra is None:
                return primary, withheld if must_show else hidden.cells - primary
            hidden.add(extra)
    return primary, hidden.cells - primary


@dataclass(frozen=True)
class SafeTable:
    """A published table: None marks a suppressed number."""

    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None
    threshold: int
    primary: int
    complementary: int

    @property
    def suppressed(self) -> int:
        return self.primary + self.complementary


def safe_table(counts: Sequence[Sequence[int]], row_labels: Sequence[str], col_labels: Sequence[str],
               threshold: int, *, must_hide: Set[Cell] = frozenset(),
               must_show: Set[Cell] = frozenset()) -> SafeTable:
    """Suppress a two-way table of counts (rows × columns, with row, column and grand totals).

    Cells are addressed in the extended table: row totals are column len(col_labels), column
    totals are row len(row_labels)."""
    table = extend(counts)
    primary, complementary = suppress_extended(table, threshold, must_hide=must_hide, must_show=must_show)
    hidden = primary | complementary
    n_rows, n_cols = len(counts), len(counts[0])

    def show(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else table[i][j]

    return SafeTable(
        row_labels=list(row_labels), col_labels=list(col_labels),
        cells=[[show(i, j) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[show(i, n_cols) for i in range(n_rows)],
        col_totals=[show(n_rows, j) for j in range(n_cols)],
        total=show(n_rows, n_cols), threshold=threshold,
        primary=len(primary), complementary=len(complementary),
    )


def safe_breakdown(counts: dict[str, int], threshold: int, *, hide: Sequence[str] = (),
                   show: Sequence[str] = (), show_total: bool = False,
                   ) -> tuple[dict[str, int | None], int | None, int]:
    """A one-way breakdown (group -> count) and its total; returns (cells, total, hidden count).

    Handled as a one-column table; a group is shown only when neither its cell nor its (identical)
    row total is hidden, which publishes no more than the two-way rule allows.
    """
    labels = list(counts)
    if not labels:
        return {}, 0, 0
    table = extend([[counts[label]] for label in labels])
    index = {label: i for i, label in enumerate(labels)}
    must_hide = {(index[g], j) for g in hide if g in index for j in (0, 1)}
    must_show = {(index[g], j) for g in show if g in index for j in (0, 1)}
    if show_total:
        must_show |= {(len(labels), 0), (len(labels), 1)}
    primary, complementary = suppress_extended(table, threshold, must_hide=must_hide, must_show=must_show)
    hidden = primary | complementary
    shown = {label: (None if {(i, 0), (i, 1)} & hidden else table[i][0]) for i, label in enumerate(labels)}
    last = len(labels)
    total = None if {(last, 0), (last, 1)} & hidden else table[last][0]
    return shown, total, sum(value is None for value in shown.values()) + (total is None)
