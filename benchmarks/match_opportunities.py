"""Benchmark: rank 100,000 opportunities for one case (target < 50 ms, ARCHITECTURE.md §6).

Builds a throw-away SQLite database under a temporary REINTEGRA_HOME with 1,000 vetted employers
with N open opportunities, plus a tenth more closed ones and a tenth more open ones from 100
unvetted employers (neither may ever be offered), and 30 cases with skills profiles. Then, per case:
  - matching, end to end: `opportunities_for_case(case)` — reads the case's codes, checks the index
    version, scores every open opportunity, takes the top 20, loads them and writes the reasons;
  - ranking alone: `index.top(features)` on the in-memory index;
  - reference: a plain filtered query (open opportunities in the person's area for the wanted ISCO
    codes, first 20 rows), the cheapest thing a page could do instead of ranking.
Prints p50/p95 and ratios. Run: .venv/bin/python benchmarks/match_opportunities.py [N]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

N_OPPORTUNITIES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_CASES = 30
ROUNDS = 5

os.environ.setdefault("REINTEGRA_HOME", tempfile.mkdtemp(prefix="reintegra-bench-"))
os.environ.setdefault("REINTEGRA_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reintegra.cases.services import case_open  # noqa: E402
from reintegra.core.models import Membership, Organization, Role, User  # noqa: E402
from reintegra.employment.matching import build_index, case_features, opportunities_for_case  # noqa: E402
from reintegra.employment.models import Employer, Opportunity  # noqa: E402
from reintegra.employment.services.employers import bump_index  # noqa: E402
from reintegra.people.services import Identity  # noqa: E402
from reintegra.skills import coding  # noqa: E402
from reintegra.skills.models import CodedItem, SkillsProfile  # noqa: E402

AREAS = [f"Area {i:02d}" for i in range(40)]


def populate(rng: random.Random) -> list:
    org = Organization.objects.create(name="Bench NGO", type="anti_slavery", sector="ngo", country="NP")
    user = User.objects.create_user("bench", password="x")  # noqa: S106  (throw-away database)
    Membership.objects.create(user=user, organization=org, role=Role.SUPERVISOR)
    units = [code for code, _title in coding.isco_unit_choices()]
    skills = [label.code for label in coding.skill_labels()[:3000]] or [f"skill-{i}" for i in range(3000)]
    vetted = Employer.objects.bulk_create([
        Employer(organization=org, name=f"Employer {i}", admin_area=rng.choice(AREAS),
                 vetting=rng.choice(["approved"] * 4 + ["conditions"])) for i in range(1000)])
    unvetted = Employer.objects.bulk_create([
        Employer(organization=org, name=f"Unvetted {i}", admin_area=rng.choice(AREAS), vetting="not_vetted")
        for i in range(100)])
    batch = []
    today = dt.date.today()
    extra = N_OPPORTUNITIES // 10
    for i in range(N_OPPORTUNITIES + 2 * extra):  # + closed ones, + open ones of unvetted employers
        batch.append(Opportunity(
            organization=org, employer=rng.choice(unvetted if i >= N_OPPORTUNITIES + extra else vetted),
            title=f"Opportunity {i}", isco_code=rng.choice(units),
            skills="\n".join(rng.sample(skills, rng.randint(0, 5))), admin_area=rng.choice(AREAS),
            hours_per_week=rng.choice([20, 30, 40, 48]), min_literacy=rng.choice(["", "", "basic", "functional"]),
            suits_early_stage=rng.random() < 0.3, openings=rng.randint(1, 5),
            deadline=rng.choice([None, today + dt.timedelta(days=rng.randint(-30, 90))]),
            status="closed" if N_OPPORTUNITIES <= i < N_OPPORTUNITIES + extra else "open"))
        if len(batch) == 5000:
            Opportunity.objects.bulk_create(batch)
            batch = []
    Opportunity.objects.bulk_create(batch)
    bump_index()
    cases = []
    for i in range(N_CASES):
        case = case_open(actor=user, organization=org, identity=Identity(given_name=f"Person {i}"),
                         admin_area=rng.choice(AREAS))
        profile = SkillsProfile.objects.create(
            organization=org, case=case, literacy=rng.choice(["basic", "functional"]),
            preferred_areas=", ".join(rng.sample(AREAS, 2)), max_hours_per_week=rng.choice([None, 30, 40]))
        items = [CodedItem(organization=org, profile=profile, kind=rng.choice(["occupation", "aspiration"]), code=code,
                           label=code) for code in rng.sample(units, 2)]
        items += [CodedItem(organization=org, profile=profile, kind="skill", code=code, label=code)
                  for code in rng.sample(skills, 6)]
        CodedItem.objects.bulk_create(items)
        cases.append(case)
    return cases


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    rng = random.Random(11)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    cases = populate(rng)
    print(f"opportunities: {Opportunity.objects.count():,} (filled in {time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    index = build_index()
    assert len(index) == N_OPPORTUNITIES, "closed and unvetted employers' opportunities are never offered"
    print(f"index build (once per process, rebuilt when opportunities or employers change): "
          f"{time.perf_counter() - started:.2f} s for {len(index):,} offerable opportunities")
    opportunities_for_case(case=cases[0])  # load the shared index into this process
    end_to_end, ranking, reference = [], [], []
    for _round in range(ROUNDS):
        for case in cases:
            t0 = time.perf_counter()
            matches = opportunities_for_case(case=case, limit=20)
            end_to_end.append((time.perf_counter() - t0) * 1000)
            assert len(matches) == 20 and all(m.reasons for m in matches)
            features = case_features(case)
            t0 = time.perf_counter()
            index.top(features, 20)
            ranking.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            list(Opportunity.objects.filter(status="open", admin_area__in=features.areas,
                                            isco_code__in=list(features.occupations)).order_by("-id")[:20])
            reference.append((time.perf_counter() - t0) * 1000)
    e50, e95 = statistics.median(end_to_end), percentile(end_to_end, 0.95)
    r50, r95 = statistics.median(ranking), percentile(ranking, 0.95)
    q50, q95 = statistics.median(reference), percentile(reference, 0.95)
    print(f"rank one case among {len(index):,}, end to end: p50 {e50:.1f} ms, p95 {e95:.1f} ms, "
          f"max {max(end_to_end):.1f} ms (target < 50 ms: {'met' if e95 < 50 else 'NOT met'})")
    print(f"ranking alone (numpy index): p50 {r50:.1f} ms, p95 {r95:.1f} ms")
    print(f"reference, plain filtered query (areas + wanted ISCO codes, 20 rows): p50 {q50:.1f} ms, p95 {q95:.1f} ms")
    print(f"ratio end-to-end matching / plain query: p50 {e50 / q50:.1f}x, p95 {e95 / q95:.1f}x")


if __name__ == "__main__":
    main()
