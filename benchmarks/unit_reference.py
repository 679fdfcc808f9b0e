"""DuckDB cross-check of the indicators counted from their own records (training, employment,
referrals, phases, outcomes): hand-written DuckDB SQL over the source rows computes, per indicator
base and disaggregation, the units, the units in the numerator and the median, which must equal what
the unit facts give the dashboard (statistics/unit_cells.FactUnits, before suppression).

Run by benchmarks/dashboard.py in the same run as the case figures, or alone:

    .venv/bin/python benchmarks/unit_reference.py --scale medium
    REINTEGRA_BENCH_COPIES=100 .venv/bin/python benchmarks/unit_reference.py --scale medium

With REINTEGRA_BENCH_COPIES=n every case and its records count n times (ids moved per copy, in the
unit facts and in DuckDB alike): the read path and the reference at n times the scale, without
generating a national database. The facts are rebuilt at the end of such a run.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

AGE = """CASE WHEN birth_year IS NULL THEN 'unknown' WHEN year(opened_on) - birth_year < 15 THEN '0-14'
  WHEN year(opened_on) - birth_year < 18 THEN '15-17' WHEN year(opened_on) - birth_year < 25 THEN '18-24'
  WHEN year(opened_on) - birth_year < 35 THEN '25-34' WHEN year(opened_on) - birth_year < 50 THEN '35-49'
  ELSE '50+' END"""

SOURCES = {
    "cases": ("SELECT c.id, s.gender, s.birth_year, s.nationality, s.has_disability, c.admin_area, o.country, "
              "o.name, c.opened_on, c.closed_on FROM cases_case c JOIN people_survivor s ON s.id = c.survivor_id "
              "JOIN core_organization o ON o.id = c.organization_id",
              {"birth_year": "INTEGER", "opened_on": "DATE", "closed_on": "DATE", "has_disability": "BOOLEAN",
               "gender": "VARCHAR", "nationality": "VARCHAR", "admin_area": "VARCHAR", "country": "VARCHAR",
               "name": "VARCHAR"}),
    "episodes": ("SELECT id, case_id, form, isic_section, started_on FROM cases_exploitationepisode",
                 {"started_on": "DATE", "form": "VARCHAR", "isic_section": "VARCHAR"}),
    "enrolments": ("SELECT e.id, e.case_id, e.status, e.completed_on, e.dropped_out_on, e.dropout_category, "
                   "o.name AS provider, p.name AS programme, p.isco_code FROM training_enrolment e "
                   "JOIN core_organization o ON o.id = e.organization_id "
                   "JOIN training_programme p ON p.id = e.programme_id WHERE e.case_id IS NOT NULL",
                   {"completed_on": "DATE", "dropped_out_on": "DATE", "case_id": "BIGINT", "isco_code": "VARCHAR",
                    "provider": "VARCHAR", "programme": "VARCHAR"}),
    "placements": ("SELECT p.id, p.case_id, p.kind, p.started_on, p.ended_on, o.name AS provider, p.isco_code, "
                   "p.employer_id FROM employment_placement p JOIN core_organization o ON o.id = p.organization_id",
                   {"started_on": "DATE", "ended_on": "DATE", "employer_id": "BIGINT", "isco_code": "VARCHAR",
                    "provider": "VARCHAR"}),
    "employers": ("SELECT id, register_hit_id, written_contracts, minimum_wage, safety_health, "
                  "freedom_of_association, no_recruitment_fees FROM employment_employer",
                  {"register_hit_id": "BIGINT", "written_contracts": "BOOLEAN", "minimum_wage": "BOOLEAN",
                   "safety_health": "BOOLEAN", "freedom_of_association": "BOOLEAN",
                   "no_recruitment_fees": "BOOLEAN"}),
    "checks": ("SELECT placement_id, month, due_on, still_employed FROM employment_retentioncheck",
               {"due_on": "DATE", "still_employed": "BOOLEAN"}),
    "enterprises": ("SELECT e.id, e.case_id, e.started_on, e.status, o.name AS provider, e.isco_code "
                    "FROM employment_enterprise e JOIN core_organization o ON o.id = e.organization_id "
                    "WHERE e.started_on IS NOT NULL",
                    {"started_on": "DATE", "isco_code": "VARCHAR", "provider": "VARCHAR"}),
    "viability": ("SELECT enterprise_id, checked_on, trading FROM employment_viabilitycheck",
                  {"checked_on": "DATE", "trading": "BOOLEAN"}),
    "followups": ("SELECT id, case_id, done_on FROM cases_followup WHERE done_on IS NOT NULL", {"done_on": "DATE"}),
    "referrals": ("SELECT r.id, r.case_id, r.status, r.sent_at, r.responded_at, r.closed_at, o.name AS provider "
                  "FROM referrals_referral r JOIN core_organization o ON o.id = r.recipient_id",
                  {"sent_at": "TIMESTAMP", "responded_at": "TIMESTAMP", "closed_at": "TIMESTAMP",
                   "provider": "VARCHAR"}),
    "feedback": ("SELECT r.case_id, f.rating, o.name AS provider, f.created_at FROM referrals_feedback f "
                 "JOIN referrals_referral r ON r.id = f.referral_id JOIN core_organization o ON o.id = r.recipient_id",
                 {"created_at": "TIMESTAMP", "provider": "VARCHAR"}),
    "phases": ("SELECT id, case_id, phase, started_on FROM cases_phasechange",
               {"started_on": "DATE", "phase": "VARCHAR"}),
    "outcomes": ("SELECT id, case_id, timepoint, assessed_on, safety, legal_protection, mental_wellbeing, "
                 "economic_empowerment, social_support, physical_wellbeing FROM cases_outcomeassessment",
                 {"assessed_on": "DATE"}),
}

KEYS = f"""CREATE OR REPLACE TABLE k AS
WITH fe AS (SELECT case_id, form, isic_section FROM episodes
            QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY started_on NULLS LAST, id) = 1),
a AS (SELECT c.*, {AGE} AS age_group FROM cases c)
SELECT a.id AS case_id, COALESCE(NULLIF(gender, ''), 'NonSpecifiedUnknown') AS sex, age_group,
  CASE WHEN age_group = 'unknown' THEN 'unknown' WHEN age_group IN ('0-14', '15-17') THEN 'child' ELSE 'adult' END
    AS child,
  COALESCE(NULLIF(nationality, ''), 'unknown') AS nationality,
  CASE WHEN COALESCE(nationality, '') = '' THEN 'unknown' WHEN nationality <> country THEN 'migrant'
       ELSE 'national' END AS migrant,
  CASE WHEN has_disability THEN 'yes' ELSE 'no' END AS disability, COALESCE(NULLIF(admin_area, ''), 'unknown') AS area,
  name AS organization, COALESCE(NULLIF(fe.form, ''), 'unknown') AS form_of_exploitation,
  COALESCE(NULLIF(fe.isic_section, ''), 'unknown') AS sector, closed_on
FROM a LEFT JOIN fe ON fe.case_id = a.id
"""

DECENT = """CREATE OR REPLACE TABLE decent AS SELECT p.case_id, p.started_on, p.ended_on FROM placements p
JOIN employers e ON e.id = p.employer_id WHERE p.kind = 'wage' AND e.register_hit_id IS NULL AND e.written_contracts
AND e.minimum_wage AND e.safety_health AND e.freedom_of_association AND e.no_recruitment_fees"""

TRADE = "COALESCE(NULLIF({}, ''), 'unknown')"

# base -> SELECT of its units: case_id, hit, value and the base's own dimensions.
UNITS = {
    "graduates_in_decent_work": f"""
WITH comp AS (SELECT * FROM enrolments WHERE status IN ('completed', 'certified')
              AND completed_on BETWEEN $start AND $end
              QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY completed_on, id) = 1)
SELECT comp.case_id, FALSE AS hit, CAST(min(d.started_on) - comp.completed_on AS DOUBLE) AS value,
  any_value(provider) AS provider, any_value(programme) AS programme, any_value({TRADE.format('isco_code')}) AS trade
FROM comp JOIN decent d ON d.case_id = comp.case_id AND d.started_on >= comp.completed_on AND d.started_on <= $as_of
GROUP BY comp.case_id, comp.completed_on""",
    "enrolments_ended": f"""
SELECT case_id, status = 'dropped_out' AS hit, NULL::DOUBLE AS value, provider, programme,
  {TRADE.format('isco_code')} AS trade FROM enrolments
WHERE (status IN ('completed', 'certified') AND completed_on BETWEEN $start AND $end)
   OR (status = 'dropped_out' AND dropped_out_on BETWEEN $start AND $end)""",
    "follow_up_waves": """
WITH f AS (SELECT f.*, CASE WHEN greatest(f.done_on - c.opened_on, 0) <= 182 THEN '0-6 months'
             WHEN greatest(f.done_on - c.opened_on, 0) <= 365 THEN '7-12 months'
             WHEN greatest(f.done_on - c.opened_on, 0) <= 730 THEN '13-24 months'
             WHEN greatest(f.done_on - c.opened_on, 0) <= 1095 THEN '25-36 months' ELSE '37+ months' END AS wave
           FROM followups f JOIN cases c ON c.id = f.case_id WHERE f.done_on BETWEEN $start AND $end
           QUALIFY row_number() OVER (PARTITION BY f.case_id, wave ORDER BY f.done_on DESC) = 1)
SELECT f.case_id, EXISTS (SELECT 1 FROM decent d WHERE d.case_id = f.case_id AND d.started_on <= f.done_on
  AND (d.ended_on IS NULL OR d.ended_on > f.done_on)) AS hit, NULL::DOUBLE AS value, wave FROM f""",
    "enterprises_12m": f"""
WITH e AS (SELECT *, CAST(started_on + INTERVAL 12 MONTH AS DATE) AS anniversary FROM enterprises
           WHERE started_on BETWEEN $start AND $end),
c AS (SELECT e.id, arg_min(v.trading, v.checked_on) AS trading FROM e JOIN viability v
      ON v.enterprise_id = e.id AND v.checked_on >= e.anniversary GROUP BY e.id)
SELECT e.case_id, COALESCE(c.trading, FALSE) AS hit, NULL::DOUBLE AS value, provider,
  {TRADE.format('isco_code')} AS trade
FROM e LEFT JOIN c ON c.id = e.id WHERE e.anniversary <= $as_of AND (c.trading IS NOT NULL OR e.status = 'closed')""",
    "apprentices": f"""
SELECT case_id, FALSE AS hit, NULL::DOUBLE AS value, provider, {TRADE.format('isco_code')} AS trade, kind AS facet
FROM placements WHERE kind IN ('apprenticeship', 'internship') AND started_on BETWEEN $start AND $end
QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY started_on, id) = 1""",
    "referrals_answered": """
SELECT case_id, status <> 'declined' AS hit, round(epoch(responded_at - sent_at) / 86400, 2) AS value, provider
FROM referrals WHERE sent_at IS NOT NULL AND CAST(responded_at AS DATE) BETWEEN $start AND $end""",
    "referrals_closed_accepted": """
SELECT case_id, status = 'completed' AS hit, NULL::DOUBLE AS value, provider FROM referrals
WHERE responded_at IS NOT NULL AND status IN ('completed', 'cancelled')
  AND CAST(closed_at AS DATE) BETWEEN $start AND $end""",
    "feedback": """
SELECT case_id, rating >= 4 AS hit, NULL::DOUBLE AS value, provider FROM feedback
WHERE CAST(created_at AS DATE) BETWEEN $start AND $end""",
    "phase_spells": """
WITH s AS (SELECT p.case_id, p.phase, p.started_on AS began,
             COALESCE(lead(p.started_on) OVER (PARTITION BY p.case_id ORDER BY p.started_on, p.id),
                      CASE WHEN k.closed_on <= $end THEN k.closed_on END) AS ended
           FROM phases p JOIN k ON k.case_id = p.case_id WHERE p.started_on <= $end)
SELECT case_id, FALSE AS hit, CAST(ended - began AS DOUBLE) AS value, phase FROM s
WHERE ended BETWEEN $start AND $end AND ended >= began""",
    "outcome_pairs": """
WITH i AS (SELECT * FROM outcomes WHERE timepoint = 'intake' AND assessed_on <= $end
           QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY assessed_on, id) = 1),
l AS (SELECT * FROM outcomes WHERE timepoint <> 'intake' AND assessed_on BETWEEN $start AND $end
      QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY assessed_on DESC, id DESC) = 1)
SELECT l.case_id, FALSE AS hit, ((l.safety - i.safety) + (l.legal_protection - i.legal_protection)
  + (l.mental_wellbeing - i.mental_wellbeing) + (l.economic_empowerment - i.economic_empowerment)
  + (l.social_support - i.social_support) + (l.physical_wellbeing - i.physical_wellbeing)) / 6.0 AS value
FROM l JOIN i ON i.case_id = l.case_id""",
}
for _m in (3, 6, 12):
    UNITS[f"retention_{_m}m"] = f"""
WITH f AS (SELECT * FROM placements WHERE started_on BETWEEN $start AND $end
           QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY started_on, id) = 1),
d AS (SELECT f.*, r.still_employed, COALESCE(r.due_on, CAST(f.started_on + INTERVAL {_m} MONTH AS DATE)) AS due
      FROM f LEFT JOIN checks r ON r.placement_id = f.id AND r.month = {_m})
SELECT case_id, COALESCE(still_employed, FALSE) AS hit, NULL::DOUBLE AS value, provider,
  {TRADE.format('isco_code')} AS trade
FROM d WHERE due <= $as_of AND (still_employed IS NOT NULL OR (ended_on IS NOT NULL AND ended_on <= due))"""

NUMBERS = {"birth_year", "month", "rating", "safety", "legal_protection", "mental_wellbeing", "economic_empowerment",
           "social_support", "physical_wellbeing"}
PERSON = ["sex", "age_group", "child", "nationality", "migrant", "disability", "area", "organization",
          "form_of_exploitation", "sector"]
OWN = {"graduates_in_decent_work": ["provider", "programme", "trade"], "enrolments_ended": ["provider", "programme",
       "trade"], "follow_up_waves": ["wave"], "enterprises_12m": ["provider", "trade"],
       "apprentices": ["provider", "trade"], "referrals_answered": ["provider"],
       "referrals_closed_accepted": ["provider"], "feedback": ["provider"], "phase_spells": ["phase"],
       "outcome_pairs": [], **{f"retention_{m}m": ["provider", "trade"] for m in (3, 6, 12)}}


def grouped(base: str) -> str:
    dims = PERSON + OWN[base]
    sets = ", ".join(["()"] + [f"({d})" for d in dims])
    flags = ", ".join(f"GROUPING({d}) = 0" for d in dims)
    groups = ", ".join(f"CAST({d} AS VARCHAR)" for d in dims)
    return (f"WITH u AS ({UNITS[base]}) SELECT [{flags}], [{groups}], COUNT(*), "
            f"SUM(hit::INT), median(value) FROM u JOIN k USING (case_id) GROUP BY GROUPING SETS ({sets})")


def export(directory: str) -> tuple[dict[str, str], float]:
    from django.db import connection

    began = time.perf_counter()
    paths = {}
    for name, (sql, _types) in SOURCES.items():
        path = str(Path(directory) / f"{name}.csv")
        with open(path, "w", newline="") as handle, connection.cursor() as cursor:
            cursor.execute(sql)
            writer = csv.writer(handle)
            writer.writerow([c[0] for c in cursor.description])
            while batch := cursor.fetchmany(20000):
                writer.writerows(batch)
        paths[name] = path
    return paths, time.perf_counter() - began


def load(db, paths: dict[str, str], vendor: str) -> float:
    began = time.perf_counter()
    for name, (_sql, declared) in SOURCES.items():
        with open(paths[name]) as handle:
            header = handle.readline().strip().split(",")
        # Declared types; ids and scores are numbers, the rest text (an empty file has no types to sniff).
        types = {c: "BIGINT" if c == "id" or c.endswith("_id") else "INTEGER" if c in NUMBERS else "VARCHAR"
                 for c in header}
        types.update(declared)
        type_list = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
        db.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv('{paths[name]}', header=true, "
                   f"types={{{type_list}}})")
    db.execute(KEYS)
    db.execute(DECENT)
    return time.perf_counter() - began


OFFSET = 10_000_000  # ids of the k-th copy: id + k * OFFSET


def replicate_sources(db, copies: int) -> None:
    """Every source table `copies` times, ids (and the ids that join them) moved per copy."""
    for name in SOURCES:
        columns = [r[0] for r in db.execute(f"DESCRIBE {name}").fetchall()]
        moved = ", ".join(f"{c} + k * {OFFSET} AS {c}" if c == "id" or c.endswith("_id") else c for c in columns)
        db.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {moved} FROM {name}, range({copies}) AS r(k)")


def replicate_facts(copies: int) -> None:
    """The unit facts of `copies` copies of every case (the same copies replicate_sources makes)."""
    from django.db import connection

    from reintegra.monitoring.models_units import UnitFact

    table = UnitFact._meta.db_table
    columns = [f.column for f in UnitFact._meta.concrete_fields if f.column != "id"]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE unit_fact_copy AS SELECT * FROM {table}")
        for k in range(1, copies):
            moved = ", ".join(f"case_id + {k * OFFSET}" if c == "case_id" else c for c in columns)
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {moved} FROM unit_fact_copy")
        cursor.execute("DROP TABLE unit_fact_copy")
        cursor.execute(f"{'VACUUM ' if connection.vendor == 'postgresql' else ''}ANALYZE {table}")


def reference(db, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, list[tuple]]:
    params = {"start": start, "end": end, "as_of": as_of}
    result = {}
    for base in UNITS:
        sql = grouped(base)
        used = {p: v for p, v in params.items() if f"${p}" in sql}
        result[base] = db.execute(sql, used).fetchall()
    return result


def check(rows: dict[str, list[tuple]], scope, start: dt.date, end: dt.date, as_of: dt.date) -> int:
    """Figures compared; raises on the first difference."""
    from reintegra.monitoring.statistics.unit_cells import FactUnits, median

    checked = 0
    for base, grouped_rows in rows.items():
        facts = FactUnits(base, scope, start, end, as_of)
        dims = PERSON + OWN[base]
        facts.dimensions(dims)  # one grouped scan for all of them where the database can
        for flags, values, units, hits, value_median in grouped_rows:
            dim = next((d for d, f in zip(dims, flags, strict=True) if f), "")
            group = "" if not dim else values[dims.index(dim)]
            cells = facts.cells(dim)
            assert cells.units[group] == units, (base, dim, group, cells.units[group], units)
            assert cells.hits[group] == (hits or 0), (base, dim, group, "hits")
            if value_median is not None:
                ours = median(facts.values(dim).get(group, {}))  # type: ignore[arg-type]
                # Response days are rounded to hundredths: Python rounds half to even on the binary value.
                tolerance = 0.0101 if base == "referrals_answered" else 1e-6
                assert ours is not None and abs(ours - float(value_median)) < tolerance, (base, dim, group, ours,
                                                                                          value_median)
            checked += 3
        facts.close()
    return checked


def run(scope, start: dt.date, end: dt.date, as_of: dt.date, repeat: int, vendor: str,
        copies: int = 1) -> dict[str, float]:
    import duckdb

    with tempfile.TemporaryDirectory() as directory:
        paths, export_s = export(directory)
        db = duckdb.connect()
        load_s = load(db, paths, vendor)
    if copies > 1:
        replicate_sources(db, copies)
        db.execute(KEYS)
        db.execute(DECENT)
    runs, rows = [], {}
    for _ in range(repeat):
        began = time.perf_counter()
        rows = reference(db, start, end, as_of)
        runs.append(time.perf_counter() - began)
    checked = check(rows, scope, start, end, as_of)
    return {"duck_s": statistics.median(runs), "export_s": export_s, "load_s": load_s, "checked": checked}


def main() -> None:
    from dashboard import parse, setup

    copies = int(os.environ.get("REINTEGRA_BENCH_COPIES", "1"))  # > 1: every case that many times over
    args = parse(__doc__.splitlines()[0])
    facts = setup(args.scale, args.cases, args.copy_from, args.keys_from)
    from django.utils import timezone

    from reintegra.monitoring.selectors import Scope
    from reintegra.monitoring.statistics import unit_facts
    from reintegra.monitoring.statistics.board import unit_panels

    today = timezone.localdate()
    start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    scope = Scope(network=True)
    began = time.perf_counter()
    unit_facts.rebuild()
    rebuild_s = time.perf_counter() - began
    if facts["database"] == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE monitoring_unitfact")
    if copies > 1:
        began = time.perf_counter()
        replicate_facts(copies)
        print(f"unit facts of {copies} copies of every case written in {time.perf_counter() - began:.0f} s")
    reference_times = run(scope, start, end, today, args.repeat, facts["database"], copies)
    timings = {}
    paths = (("unit panels, direct", True), ("unit panels, unit facts", False)) if copies == 1 else (
        ("unit panels, unit facts", False),)
    for label, direct in paths:
        runs = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            unit_panels(scope, start, end, today, direct=direct)
            runs.append(time.perf_counter() - began)
        timings[label] = statistics.median(runs)
    duck = reference_times["duck_s"]
    print(f"database={facts['database']} cases={facts['cases']} period {start}..{end}; unit facts rebuilt in "
          f"{rebuild_s:.1f} s; {reference_times['checked']} unit figures identical to DuckDB's")
    print(f"duckdb unit query (reference) {duck:8.3f} s   1.00x   (+ export {reference_times['export_s']:.1f} s, "
          f"load {reference_times['load_s']:.1f} s)")
    for label, seconds in timings.items():
        print(f"{label:30s}{seconds:8.3f} s  {seconds / duck:5.2f}x")
    if copies > 1:
        unit_facts.rebuild()
    if facts["database"] == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:  # what autovacuum does after a rebuild
            cursor.execute("VACUUM ANALYZE monitoring_unitfact")


if __name__ == "__main__":
    main()
