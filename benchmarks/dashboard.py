"""Full M&E dashboard (every live indicator × every disaggregation) against a hand-written DuckDB
query computing the same numbers over the same rows, in the same run.

    .venv/bin/python benchmarks/dashboard.py --scale medium
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/dashboard.py --scale national

Prints seconds and ratios: raw figures, published dashboard (with suppression), the whole page
(HTML with SVG charts) as the coordinator sees it, and DuckDB. Checks the numbers agree.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock


# --- Shared with case_search.py and unit_reference.py: the benchmark database (benchdb.py builds it with
# every app's demo hook, or copies a generated PostgreSQL one into SQLite). SQLite by default
# (REINTEGRA_HOME, default /tmp/reintegra-bench-<scale>); PostgreSQL when DATABASE_URL is set.
def parse(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "national"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", type=int, default=None, help="override the scale's number of cases")
    parser.add_argument("--copy-from", default=None, metavar="POSTGRES_URL",
                        help="fill a new SQLite database with the rows of an already generated PostgreSQL one "
                             "(the same data on both, in minutes instead of a second generation)")
    parser.add_argument("--keys-from", default=None, metavar="REINTEGRA_HOME",
                        help="the REINTEGRA_HOME the copied PostgreSQL database was generated with (its data keys)")
    return parser.parse_args()


def setup(scale: str, cases: int | None = None, copy_from: str | None = None, keys_from: str | None = None) -> dict:
    # The benchmark times a calendar year as the coordinator's view: a deployment whose aggregate-only
    # roles report by year (statistics/periods.py; the default granularity is the quarter).
    os.environ.setdefault("REINTEGRA_AGGREGATE_PERIOD", "year")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchdb import setup as build

    facts = build(scale, cases, copy_from, keys_from=keys_from)
    from reintegra.cases.models import Case
    from reintegra.core.models import Organization

    facts["organizations"] = Organization.objects.count()
    facts["cases"] = Case.objects.count()
    facts.setdefault("generated_seconds", facts.get("copied_seconds", "reused"))
    return facts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


AGE_SQL = """CASE WHEN birth_year IS NULL THEN 'unknown' WHEN y - birth_year < 15 THEN '0-14'
  WHEN y - birth_year < 18 THEN '15-17' WHEN y - birth_year < 25 THEN '18-24' WHEN y - birth_year < 35 THEN '25-34'
  WHEN y - birth_year < 50 THEN '35-49' ELSE '50+' END"""

# Form of exploitation and sector: of the case's first episode by (started_on, id), an unknown start
# placed last on every engine (statistics/cube.py orders by "started_on IS NULL, started_on, id").
DUCKDB_QUERY = f"""
WITH first_episode AS (
  SELECT case_id, form, isic_section FROM episodes
  QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY started_on NULLS LAST, id) = 1
), base AS (
  SELECT facts.*, year(opened_on) AS y, COALESCE(NULLIF(e.form, ''), 'unknown') AS form_of_exploitation,
    COALESCE(NULLIF(e.isic_section, ''), 'unknown') AS sector
  FROM facts LEFT JOIN first_episode e ON e.case_id = facts.case_id
  WHERE opened_on <= $end AND (closed_on IS NULL OR closed_on >= $start)
), f AS (
  SELECT COALESCE(gender, 'NonSpecifiedUnknown') AS sex, {AGE_SQL} AS age_group,
    COALESCE(NULLIF(nationality, ''), 'unknown') AS nationality,
    CASE WHEN COALESCE(nationality, '') = '' THEN 'unknown' WHEN nationality <> country THEN 'migrant'
         ELSE 'national' END AS migrant,
    CASE WHEN has_disability THEN 'yes' ELSE 'no' END AS disability,
    COALESCE(NULLIF(admin_area, ''), 'unknown') AS area, organization_id,
    opened_on >= $start AS opened,
    -- an open case's closed_on is NULL: without COALESCE a group with no closure would SUM to NULL
    COALESCE(closed_on <= $end, FALSE) AS closed,
    opened_on >= $start AND opened_on <= $cutoff AS engaged_den,
    opened_on >= $start AND opened_on <= $cutoff AND (closed_on IS NULL OR closed_on - opened_on > 365) AS engaged_num,
    CASE WHEN closed_on <= $end THEN closed_on - opened_on END AS days, form_of_exploitation, sector
  FROM base
), g AS (SELECT *, CASE WHEN age_group = 'unknown' THEN 'unknown'
                        WHEN age_group IN ('0-14', '15-17') THEN 'child' ELSE 'adult' END AS child FROM f)
SELECT GROUPING(sex) = 0 AS by_sex, GROUPING(age_group) = 0 AS by_age, GROUPING(child) = 0 AS by_child,
  GROUPING(nationality) = 0 AS by_nat, GROUPING(migrant) = 0 AS by_mig, GROUPING(disability) = 0 AS by_dis,
  GROUPING(area) = 0 AS by_area, GROUPING(organization_id) = 0 AS by_org,
  sex, age_group, child, nationality, migrant, disability, area, organization_id,
  SUM(opened::INT) AS opened, COUNT(*) AS active, SUM(closed::INT) AS closed,
  SUM(engaged_den::INT) AS engaged_den, SUM(engaged_num::INT) AS engaged_num,
  SUM((opened AND child = 'child')::INT) AS children, SUM((opened AND disability = 'yes')::INT) AS disabled,
  SUM((opened AND migrant = 'migrant')::INT) AS migrants, median(days) AS median_days,
  GROUPING(form_of_exploitation) = 0 AS by_form, GROUPING(sector) = 0 AS by_sector, form_of_exploitation, sector
FROM g
GROUP BY GROUPING SETS ((), (sex), (age_group), (child), (nationality), (migrant), (disability), (area),
                        (organization_id), (form_of_exploitation), (sector))
"""
DIM_FLAGS = ["by_sex", "by_age", "by_child", "by_nat", "by_mig", "by_dis", "by_area", "by_org", "by_form", "by_sector"]
DIM_CODES = ["sex", "age_group", "child", "nationality", "migrant", "disability", "area", "organization",
             "form_of_exploitation", "sector"]


def reference_query(vendor: str) -> str:
    """DUCKDB_QUERY with an unknown episode start placed as the benchmarked database places it."""
    return DUCKDB_QUERY


def timed(function, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs), result


FACT_COLUMNS = ["gender", "birth_year", "nationality", "has_disability", "organization_id", "admin_area", "country",
                "opened_on", "closed_on", "case_id"]
EPISODE_COLUMNS = ["id", "case_id", "form", "isic_section", "started_on"]


def export_rows(path: str, episodes_path: str) -> int:
    from django.db import connection

    from reintegra.monitoring.statistics.cube import tables

    t = tables()
    sql = (f"SELECT s.gender, s.birth_year, s.nationality, s.has_disability, c.organization_id, c.admin_area, "
           f"o.country, c.opened_on, c.closed_on, c.id FROM {t['case']} c "
           f"JOIN {t['survivor']} s ON s.id = c.survivor_id JOIN {t['organization']} o ON o.id = c.organization_id")
    count = 0
    for target, columns, query in ((path, FACT_COLUMNS, sql),
                                   (episodes_path, EPISODE_COLUMNS, f"SELECT {', '.join(EPISODE_COLUMNS)} "
                                                                    f"FROM {t['episode']}")):
        with open(target, "w", newline="") as handle, connection.cursor() as cursor:
            writer = csv.writer(handle)
            writer.writerow(columns)
            cursor.execute(query)
            while batch := cursor.fetchmany(20000):
                writer.writerows(batch)
                count += len(batch) if target == path else 0
    return count


def compare(figures, duck_rows, names: dict[int, str]) -> int:
    """Number of figures checked; raises if any differs."""
    checked = 0
    for row in duck_rows:
        flags = [*row[:8], *row[25:27]]  # the two dimensions added later come after the measures
        dims = [code for code, flag in zip(DIM_CODES, flags, strict=True) if flag]
        dim = dims[0] if dims else ""
        values = dict(zip(DIM_CODES, [*row[8:16], *row[27:29]], strict=True))
        if dim == "migrant" and "migrant" not in figures.dimension_names:
            continue
        group = "" if not dim else (names.get(values[dim], str(values[dim])) if dim == "organization"
                                    else str(values[dim]))
        opened, active, closed, engaged_den, engaged_num = row[16:21]
        assert figures.bases["opened"][dim][group] == opened, (dim, group, "opened")
        assert figures.bases["active"][dim][group] == active, (dim, group, "active")
        assert figures.bases["closed"][dim][group] == closed, (dim, group, "closed", closed)
        base = figures.engaged_base()
        engaged = figures.proportions["engaged_12m"][dim][group]
        assert engaged == (engaged_num, engaged_den if base == "engaged_den" else opened), (dim, group, engaged)
        if dim not in ("child", "age_group"):
            assert figures.proportions["child_share"][dim][group][0] == row[21]
        if dim != "disability":
            assert figures.proportions["disability_share"][dim][group][0] == row[22]
        if dim not in ("migrant", "nationality") and "migrant" in figures.dimension_names:
            assert figures.proportions["migrant_share"][dim][group][0] == row[23]
        from reintegra.monitoring.statistics.figures import median

        expected = median(figures.durations[dim].get(group, []))
        assert (expected is None and row[24] is None) or abs(float(row[24]) - expected) < 1e-9, (dim, group)
        checked += 11
    return checked


def same_figures(a, b) -> None:
    for attribute in ("dimension_names", "bases", "proportions", "durations", "duration_buckets", "derived_from"):
        assert getattr(a, attribute) == getattr(b, attribute), attribute


def refresh_after_one_change(repeat: int) -> tuple[float, float]:
    """Seconds to refresh the aggregate after one case closes, and after it reopens (data left as found)."""
    from django.utils import timezone

    from reintegra.cases.models import Case
    from reintegra.monitoring.statistics import aggregate

    case = Case.objects.filter(closed_on__isnull=True).order_by("-id").first()
    runs: dict[str, list[float]] = {"close": [], "reopen": []}
    for _ in range(repeat):
        for label, closed_on in (("close", timezone.localdate()), ("reopen", None)):
            case.closed_on = closed_on
            case.save(update_fields=["closed_on", "updated_at"])
            began = time.perf_counter()
            aggregate.refresh()
            runs[label].append(time.perf_counter() - began)
    return statistics.median(runs["close"]), statistics.median(runs["reopen"])


def refresh_units_after_one_change(repeat: int) -> float:
    """Seconds to refresh the unit facts (and the cubes) after one enrolment's completion day moved
    (moved back afterwards: data left as found)."""
    from reintegra.monitoring.statistics import unit_facts
    from reintegra.training.models import Enrolment

    enrolment = Enrolment.objects.filter(completed_on__isnull=False, case__isnull=False).order_by("-id").first()
    original = enrolment.completed_on
    runs = []
    for n in range(repeat):
        for day in (original - dt.timedelta(days=n + 1), original):
            enrolment.completed_on = day
            enrolment.save(update_fields=["completed_on"])
            began = time.perf_counter()
            unit_facts.refresh()
            runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def main() -> None:
    args = parse(__doc__.splitlines()[0])
    facts = setup(args.scale, args.cases, args.copy_from, args.keys_from)
    import duckdb
    from django.test import Client
    from django.utils import timezone

    from reintegra.core.models import Organization, User
    from reintegra.monitoring.models import AggregateState, CaseFact, ClosureDays, OpeningMonth
    from reintegra.monitoring.selectors import Scope
    from reintegra.monitoring.statistics import aggregate
    from reintegra.monitoring.statistics import figures as raw
    from reintegra.monitoring.statistics.board import published

    load = os.getloadavg()
    today = timezone.localdate()
    # The coordinator may only ask for calendar months, quarters or years (statistics/periods.py): the
    # last full year. A two-year window ending today (partial months at both ends) is timed too.
    start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    scope = Scope(network=True)
    first_build = AggregateState.objects.filter(high_water__isnull=False).count() == 0
    began = time.perf_counter()
    aggregate.rebuild()
    rebuild_s = time.perf_counter() - began
    if facts["database"] == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:  # what autovacuum does after a rebuild (index-only scans)
            cursor.execute("VACUUM ANALYZE monitoring_casefact")
            cursor.execute("VACUUM ANALYZE monitoring_unitfact")  # a rebuild leaves the old rows dead
    sizes = (CaseFact.objects.count(), OpeningMonth.objects.count(), ClosureDays.objects.count())
    noop_s, _state = timed(aggregate.refresh, args.repeat)
    close_s, reopen_s = refresh_after_one_change(args.repeat)
    raw_s, figures = timed(lambda: raw.compute(scope, start, end, today), args.repeat)
    direct_s, direct = timed(lambda: raw.compute(scope, start, end, today, direct=True), 1)
    same_figures(figures, direct)
    window = (today.replace(year=today.year - 2), today)
    window_s, window_figures = timed(lambda: raw.compute(scope, *window, today), args.repeat)
    same_figures(window_figures, raw.compute(scope, *window, today, direct=True))
    published(scope, start, end, today)  # builds today's unit cubes, as the nightly rebuild leaves them
    pub_s, board = timed(lambda: published(scope, start, end, today), args.repeat)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="coordinator"))
    url = f"/monitoring/?start={start}&end={end}&chart=sex"
    client.get(url)  # warm vl-convert
    page_s, response = timed(lambda: client.get(url), args.repeat)
    assert response.status_code == 200

    with tempfile.NamedTemporaryFile(suffix=".csv") as handle, tempfile.NamedTemporaryFile(suffix=".csv") as episodes:
        began = time.perf_counter()
        rows = export_rows(handle.name, episodes.name)
        export_s = time.perf_counter() - began
        db = duckdb.connect()
        began = time.perf_counter()
        db.execute(f"CREATE TABLE facts AS SELECT * FROM read_csv('{handle.name}', header=true, "
                   "types={'opened_on': 'DATE', 'closed_on': 'DATE', 'birth_year': 'INTEGER'})")
        db.execute(f"CREATE TABLE episodes AS SELECT * FROM read_csv('{episodes.name}', header=true, "
                   "types={'id': 'BIGINT', 'case_id': 'BIGINT', 'started_on': 'DATE', 'form': 'VARCHAR', "
                   "'isic_section': 'VARCHAR'})")
        load_s = time.perf_counter() - began
    cutoff = min(end, today - dt.timedelta(days=365))
    params = {"start": start, "end": end, "cutoff": cutoff}
    query = reference_query(facts["database"])
    duck_s, duck_rows = timed(lambda: db.execute(query, params).fetchall(), args.repeat)
    names = dict(Organization.objects.values_list("id", "name"))
    checked = compare(figures, duck_rows, names)
    case_panels = sum(1 for panel in board.panels if not hasattr(panel, "distribution_label"))

    print(f"database={facts['database']} scale={facts['scale']} cases={facts['cases']} "
          f"organisations={facts['organizations']} generated_s={facts.get('generated_seconds', 'reused')} "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"period {start}..{end}; {len(board.panels)} live indicators ({case_panels} from cases, "
          f"{len(board.panels) - case_panels} from their own records) x {len(board.dimensions)} disaggregations; "
          f"{board.suppressed_cells} cells suppressed; {checked} case figures identical to DuckDB's; "
          "aggregate path identical to the direct scan")
    print(f"aggregate: {sizes[0]} case facts, {sizes[1]} opening-month rows, {sizes[2]} closure-day rows; "
          f"full rebuild {rebuild_s:.1f} s{' (first build)' if first_build else ''}; refresh with nothing changed "
          f"{noop_s * 1000:.0f} ms, after one case closed {close_s * 1000:.0f} ms, reopened {reopen_s * 1000:.0f} ms")
    print(f"duckdb query (reference)      {duck_s:8.3f} s   1.00x   (+ export {export_s:.1f} s, load {load_s:.1f} s,"
          f" {rows} rows)")
    for label, seconds in [("raw figures, direct scan", direct_s), ("raw figures (aggregate)", raw_s),
                           (f"  same, {window[0]}..{window[1]}", window_s),
                           ("published dashboard", pub_s), ("dashboard page with charts", page_s)]:
        print(f"{label:30s}{seconds:8.3f} s  {seconds / duck_s:5.2f}x")
    # The indicators counted from their own records (unit facts), against DuckDB over their source rows.
    from unit_reference import run as unit_reference

    from reintegra.monitoring.models_units import UnitCube
    from reintegra.monitoring.statistics import unit_cube, unit_facts
    from reintegra.monitoring.statistics.board import unit_panels

    units = unit_reference(scope, start, end, today, args.repeat, facts["database"])
    cube_s, _panels = timed(lambda: unit_panels(scope, start, end, today), args.repeat)
    UnitCube.objects.all().delete()
    build_s, cube_panels = timed(lambda: unit_panels(scope, start, end, today), 1)  # the day's first read
    with mock.patch.object(unit_cube, "applies", return_value=False):  # the grouped facts, as other scopes
        unit_s, fact_panels = timed(lambda: unit_panels(scope, start, end, today), args.repeat)
    assert cube_panels == fact_panels
    direct_units_s, _panels = timed(lambda: unit_panels(scope, start, end, today, direct=True), 1)
    noop_units_s, _state = timed(unit_facts.refresh, args.repeat)
    change_s = refresh_units_after_one_change(args.repeat)
    print(f"unit indicators: {units['checked']} unit figures identical to DuckDB's; refresh with nothing changed "
          f"{noop_units_s * 1000:.0f} ms, after one enrolment changed {change_s * 1000:.0f} ms "
          f"({UnitCube.objects.count()} cubes kept in step)")
    print(f"duckdb unit query (reference) {units['duck_s']:8.3f} s   1.00x   (+ export {units['export_s']:.1f} s, "
          f"load {units['load_s']:.1f} s)")
    for label, seconds in [("unit panels, direct", direct_units_s), ("unit panels, unit facts", unit_s),
                           ("unit panels, cubes built", build_s), ("unit panels, cubes", cube_s)]:
        print(f"{label:30s}{seconds:8.3f} s  {seconds / units['duck_s']:5.2f}x")
    print(f"all panels vs both references: published {pub_s:.3f} s = "
          f"{pub_s / (duck_s + units['duck_s']):.2f}x DuckDB's {duck_s + units['duck_s']:.3f} s")
    print("target: page < 2 s and within 3x of DuckDB (ARCHITECTURE §6); raw/published/page include the refresh")


if __name__ == "__main__":
    main()
