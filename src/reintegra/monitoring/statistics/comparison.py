"""Survivors against community (non-victim) trainees in the same programmes (3h: "compare the
experience of victims who follow the programme with that of non-victim trainees"), overall and
programme by programme.

Cohort: enrolments made in the period, in programmes where a survivor in scope enrolled in the
period. Per population: enrolments, and among enrolments that have ended, the shares completed,
certified and dropped out; for survivors, the share of completers who started a placement after
completing (community trainees have no placement records: shown as not recorded).

Suppression is linked so that the overall figures are the *margins* of the per-programme tables
and are suppressed with them (a hidden programme cannot be recovered as the overall figure minus
the programmes shown):

- enrolments: one programme × population table; the overall enrolments are its column totals;
- per population, top-down (as HiTaS does for hierarchical tables): an outcome table programme ×
  (completed, dropped out) whose row totals are the enrolments that ended; a certification table
  programme × (certified, completed without certificate) whose row totals are the outcome table's
  completed cells, forced shown or hidden as there; for survivors, placement of completers overall,
  whose base is the outcome table's completed total;
- the linked tables are then audited together (privacy/audit.py: no hidden cell follows from the
  joint equations); a linked table that fails is withheld except for its shared base.

Every displayed number is a cell of one of these tables (never a sum of hidden cells). Programmes
with fewer than `threshold` survivors are pooled as "other programmes" (naming them would say that
someone was there), and a cell with fewer than `threshold` different people behind it is hidden
whatever it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from reintegra.employment.models import Placement
from reintegra.monitoring.privacy.audit import Ref, determined
from reintegra.monitoring.privacy.suppression import Cell, extend, suppress_extended
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.dashboard import Group, threshold
from reintegra.monitoring.statistics.units import batched, scope_q
from reintegra.training.models import Enrolment

SURVIVORS, COMMUNITY = "survivors", "community"
POPULATIONS = {SURVIVORS: _("Survivors"), COMMUNITY: _("Community trainees")}
MEASURES = {
    "enrolled": _("Enrolments"),
    "completion": _("Completed (of enrolments ended)"),
    "certification": _("Certified (of enrolments ended)"),
    "dropout": _("Dropped out (of enrolments ended)"),
    "placement": _("Placed after completing (of completers)"),
}
PROGRAMME_MEASURES = ("enrolled", "completion", "certification", "dropout")
CERTIFIED, COMPLETED, DROPPED, ATTENDING = "certified", "completed", "dropped", "attending"
OUTCOMES = (CERTIFIED, COMPLETED, DROPPED)  # ended enrolments; ATTENDING (or enrolled) has not ended
DONE_ANY = "done"  # completed, with or without a certificate
OTHER_PROGRAMMES = "__other__"
OUTCOME_OF: dict[str, str] = {Enrolment.Status.CERTIFIED: CERTIFIED, Enrolment.Status.COMPLETED: COMPLETED,
              Enrolment.Status.DROPPED_OUT: DROPPED}
DONE = {Enrolment.Status.COMPLETED, Enrolment.Status.CERTIFIED}


@dataclass(frozen=True)
class Record:
    """One enrolment of the cohort."""

    person: int           # the case (survivors) or minus the community trainee's id
    population: str
    programme: str
    outcome: str          # certified | completed | dropped | attending
    placed: bool = False  # survivors: started a placement on or after completing


@dataclass
class Row:
    code: str
    label: str
    kind: str  # count | proportion
    cells: dict[str, Group]  # population -> published group
    recorded: dict[str, bool] = field(default_factory=dict)


@dataclass
class ProgrammeRow:
    label: str
    cells: dict[str, dict[str, Group]]  # measure -> population -> published group


@dataclass
class Comparison:
    start: dt.date
    end: dt.date
    threshold: int
    programmes: int
    rows: list[Row]
    suppressed_cells: int
    by_programme: list[ProgrammeRow] = field(default_factory=list)


@dataclass
class _Table:
    """An extended table (interior, row totals, totals row) with its hidden cells."""

    values: list[list[int]]
    hidden: set[Cell]

    def get(self, i: int, j: int) -> int | None:
        return None if (i, j) in self.hidden else self.values[i][j]


def _protect(counts: list[list[int]], people: list[list[set[int]]], t: int, *,
             must_hide: Iterable[Cell] = (), must_show: Iterable[Cell] = ()) -> _Table:
    """Suppress one table; a cell (margins included) with 1..t-1 different people is hidden too."""
    table = extend(counts)
    rows = [[*row, set().union(*row)] for row in people]
    rows.append([set().union(*(row[j] for row in rows)) for j in range(len(rows[0]))])
    few = {(i, j) for i, row in enumerate(rows) for j, persons in enumerate(row) if 0 < len(persons) < t}
    hide = few | set(must_hide)
    primary, complementary = suppress_extended(table, t, must_hide=hide, must_show=set(must_show) - hide)
    return _Table(table, primary | complementary | hide)


def _grid(records: Sequence[Record], rows: list[str], cols: Sequence[str], col_of: str
          ) -> tuple[list[list[int]], list[list[set[int]]]]:
    index = {label: i for i, label in enumerate(rows)}
    counts = [[0] * len(cols) for _r in rows]
    people: list[list[set[int]]] = [[set() for _c in cols] for _r in rows]
    for r in records:
        value = getattr(r, col_of)
        if value in cols:
            i, j = index[r.programme], list(cols).index(value)
            counts[i][j] += 1
            people[i][j].add(r.person)
    return counts, people


def pooled(records: Sequence[Record], t: int) -> list[Record]:
    """Programmes with fewer than t different survivors become one "other programmes" row."""
    survivors: dict[str, set[int]] = {}
    for r in records:
        survivors.setdefault(r.programme, set())
        if r.population == SURVIVORS:
            survivors[r.programme].add(r.person)
    small = {p for p, people in survivors.items() if len(people) < t}
    return [Record(r.person, r.population, OTHER_PROGRAMMES, r.outcome, r.placed) if r.programme in small else r
            for r in records]


def _rate(label: str, numerator: int | None, denominator: int | None) -> Group:
    value = numerator / denominator if numerator is not None and denominator else None
    return Group(label, denominator, numerator, value)


def _linked(base: _Table, counts: list[list[int]], people: list[list[set[int]]], t: int, shared: list[Cell],
            base_cells: list[Cell]) -> _Table:
    """A table whose `shared` cells are the `base_cells` of `base`: shown or hidden as there."""
    must_show = {own for own, theirs in zip(shared, base_cells, strict=True) if theirs not in base.hidden}
    must_hide = set(shared) - must_show
    table = _protect(counts, people, t, must_hide=must_hide, must_show=must_show)
    table.hidden -= must_show  # published in `base` whatever this table does
    return table


def _hide_all_but(table: _Table, public: set[Cell]) -> None:
    table.hidden = {(i, j) for i in range(len(table.values)) for j in range(len(table.values[0]))} - public


def _population_tables(records: Sequence[Record], programmes: list[str], t: int, placements: bool
                       ) -> list[_Table]:
    """[outcomes (done, dropped | ended), certification (certified, not | done), placement?] of
    one population, suppressed top-down and audited together (docs/monitoring.md)."""
    last = len(programmes)
    ended = [r for r in records if r.outcome in OUTCOMES]
    outcomes = _protect(*_grid([replace(r, outcome=DONE_ANY if r.outcome in (CERTIFIED, COMPLETED) else DROPPED)
                                for r in ended], programmes, (DONE_ANY, DROPPED), "outcome"), t)
    done = [r for r in ended if r.outcome in (CERTIFIED, COMPLETED)]
    rows = list(range(last + 1))
    certification = _linked(outcomes, *_grid(done, programmes, (CERTIFIED, COMPLETED), "outcome"), t,
                            [(i, 2) for i in rows], [(i, 0) for i in rows])
    tables = [outcomes, certification]
    links = [((0, (i, 0)), (1, (i, 2))) for i in rows]
    if placements:
        placed = [[{r.person for r in done if r.placed}, {r.person for r in done if not r.placed}]]
        tables.append(_linked(outcomes, [[sum(r.placed for r in done), sum(not r.placed for r in done)]], placed, t,
                              [(0, 2), (1, 2)], [(last, 0), (last, 0)]))
        links += [((0, (last, 0)), (2, (0, 2))), ((0, (last, 0)), (2, (1, 2)))]
    for fallback in tables[1:]:  # a linked table that lets the joint equations pin a cell is withheld
        if not _pinned(tables, links):
            break
        margin = len(fallback.values[0]) - 1  # its row totals: the shared base, as the outcome table has it
        _hide_all_but(fallback, {(i, margin) for i in range(len(fallback.values))
                                 if (i, margin) not in fallback.hidden})
    return tables


def _pinned(tables: list[_Table], links: list[tuple[Ref, Ref]]) -> bool:
    shapes = [((len(x.values), len(x.values[0])), x.hidden) for x in tables]
    return bool({ref for ref in determined(shapes, links) if tables[ref[0]].values[ref[1][0]][ref[1][1]]})


def _outcome_groups(tables: list[_Table], i: int, label: str) -> dict[str, Group]:
    outcomes, certification = tables[0], tables[1]
    ended = outcomes.get(i, 2)
    return {"completion": _rate(label, outcomes.get(i, 0), ended),
            "certification": _rate(label, certification.get(i, 0), ended),
            "dropout": _rate(label, outcomes.get(i, 1), ended)}


def publish(records: Sequence[Record], t: int) -> tuple[list[Row], list[ProgrammeRow], int]:
    """(overall rows, per-programme rows, hidden cells) for the cohort's enrolments."""
    records = pooled(records, t)
    named = sorted({r.programme for r in records} - {OTHER_PROGRAMMES})
    programmes = named + ([OTHER_PROGRAMMES] if any(r.programme == OTHER_PROGRAMMES for r in records) else [])
    labels = [str(_("Other programmes")) if p == OTHER_PROGRAMMES else p for p in programmes]
    if not programmes:
        programmes, labels = [OTHER_PROGRAMMES], [str(_("Other programmes"))]
    last = len(programmes)
    enrolled = _protect(*_grid(records, programmes, list(POPULATIONS), "population"), t)
    linked = {p: _population_tables([r for r in records if r.population == p], programmes, t, p == SURVIVORS)
              for p in POPULATIONS}
    hidden = len(enrolled.hidden) + sum(len(x.hidden) for tables in linked.values() for x in tables)

    def count(i: int, j: int, label: str) -> Group:
        value = enrolled.get(i, j)
        return Group(label, value, None, value)

    overall: dict[str, dict[str, Group]] = {m: {} for m in MEASURES}
    for j, (population, name) in enumerate(POPULATIONS.items()):
        overall["enrolled"][population] = count(last, j, str(name))
        for code, group in _outcome_groups(linked[population], last, str(name)).items():
            overall[code][population] = group
    placed = linked[SURVIVORS][2]
    overall["placement"][SURVIVORS] = _rate(str(POPULATIONS[SURVIVORS]), placed.get(0, 0), placed.get(0, 2))
    overall["placement"][COMMUNITY] = Group(str(POPULATIONS[COMMUNITY]))
    rows = [Row(code, str(MEASURES[code]), "count" if code == "enrolled" else "proportion", overall[code],
                {SURVIVORS: True, COMMUNITY: code != "placement"}) for code in MEASURES]
    by_programme = []
    if records:
        for i, label in enumerate(labels):
            cells: dict[str, dict[str, Group]] = {m: {} for m in PROGRAMME_MEASURES}
            for j, population in enumerate(POPULATIONS):
                cells["enrolled"][population] = count(i, j, label)
                for code, group in _outcome_groups(linked[population], i, label).items():
                    cells[code][population] = group
            by_programme.append(ProgrammeRow(label, cells))
    return rows, by_programme, hidden


def _records(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> tuple[list[Record], int]:
    """The cohort's enrolments and the number of programmes compared."""
    survivor_enrolments = list(Enrolment.objects.filter(scope_q(scope, "case__"), case__isnull=False,
                                                        enrolled_on__gte=start, enrolled_on__lte=end)
                               .select_related("programme"))
    programme_ids = {e.programme_id for e in survivor_enrolments}
    community = list(Enrolment.objects.filter(programme_id__in=programme_ids, community_trainee__isnull=False,
                                              enrolled_on__gte=start, enrolled_on__lte=end)
                     .select_related("programme"))
    completers = {e.case_id: e.completed_on for e in survivor_enrolments if e.status in DONE and e.completed_on}
    placed = set()
    starts = (row for chunk in batched(c for c in completers if c is not None) for row in Placement.objects.filter(
        case_id__in=chunk, started_on__lte=as_of).values_list("case_id", "started_on"))
    for case_id, started_on in starts:
        completed_on = completers.get(case_id)
        if case_id is not None and completed_on is not None and started_on >= completed_on:
            placed.add(case_id)
    records = []
    for population, enrolments in ((SURVIVORS, survivor_enrolments), (COMMUNITY, community)):
        for e in enrolments:
            person = (e.case_id if population == SURVIVORS else -(e.community_trainee_id or 0)) or 0
            outcome = OUTCOME_OF.get(e.status, ATTENDING)
            records.append(Record(person, population, e.programme.name, outcome,
                                  population == SURVIVORS and e.status in DONE and bool(e.completed_on)
                                  and e.case_id in placed))
    return records, len(programme_ids)


def compare(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> Comparison:
    t = threshold()
    records, programmes = _records(scope, start, end, as_of)
    rows, by_programme, hidden = publish(records, t)
    return Comparison(start=start, end=end, threshold=t, programmes=programmes, rows=rows,
                      suppressed_cells=hidden, by_programme=by_programme)
