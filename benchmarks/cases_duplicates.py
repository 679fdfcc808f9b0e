"""Benchmark: the intake duplicate check in one organisation of N survivors (default 10,000, the
"small NGO" page target of ARCHITECTURE.md §6: p95 < 100 ms).

Builds a throw-away SQLite database under a temporary REINTEGRA_HOME with N survivors registered in
one organisation (names drawn from the demo lists with random extra given names, so many share
words), each with its encrypted identity, blind indexes and keyed name tokens. Then times, over
200 queries (a third exact, a third misspelt, a third unknown names):
  - near-duplicate search: `people.duplicates.find_candidates` (blind-index exact lookups + token
    query + Dice scoring);
  - the whole intake check as the page runs it: `cases.services.intake_duplicates` (adds scope,
    refinement with rapidfuzz on visible cases, and the audit entry);
  - reference: the exact blind-index lookup alone (what the platform did before).
Prints p50/p95 in ms and ratios. Run: .venv/bin/python benchmarks/cases_duplicates.py [N]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time

N_SURVIVORS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
N_QUERIES = 200

os.environ.setdefault("REINTEGRA_HOME", tempfile.mkdtemp(prefix="reintegra-bench-"))
os.environ.setdefault("REINTEGRA_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reintegra.cases.services import intake_duplicates  # noqa: E402
from reintegra.core import crypto  # noqa: E402
from reintegra.core.models import Membership, Organization, Role, User  # noqa: E402
from reintegra.demo.generator import FAMILY, GIVEN  # noqa: E402
from reintegra.people.duplicates import find_candidates, name_tokens  # noqa: E402
from reintegra.people.models import Survivor, SurvivorNameToken  # noqa: E402
from reintegra.people.services import refresh_blind_indexes  # noqa: E402

NAMES = GIVEN["female"] + GIVEN["male"]


def misspell(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + rng.choice("aeiouy") + name[i + 1:]


def populate(rng: random.Random) -> tuple[Organization, User, list[tuple[str, str, str]]]:
    org = Organization.objects.create(name="Bench NGO", type="anti_slavery", sector="ngo", country="NP")
    user = User.objects.create_user("bench", password="x-bench-password-1")
    Membership.objects.create(user=user, organization=org, role=Role.CASE_MANAGER)
    people = []
    for start in range(0, N_SURVIVORS, 2000):
        batch = []
        for _ in range(min(2000, N_SURVIVORS - start)):
            given = f"{rng.choice(NAMES)} {rng.choice(NAMES)}" if rng.random() < 0.3 else rng.choice(NAMES)
            family = rng.choice(FAMILY)
            birth = f"{rng.randint(1960, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            survivor = Survivor(organization=org, given_name=given, family_name=family, birth_date=birth,
                                birth_year=int(birth[:4]))
            refresh_blind_indexes(survivor)
            batch.append(survivor)
            people.append((given, family, birth))
        Survivor.objects.bulk_create(batch, batch_size=1000)
        SurvivorNameToken.objects.bulk_create(
            [SurvivorNameToken(survivor=s, organization=org, token=t) for s in batch for t in name_tokens(s.full_name)],
            batch_size=5000)
    return org, user, people


def queries(rng: random.Random, people: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    chosen = []
    for n in range(N_QUERIES):
        given, family, birth = rng.choice(people)
        if n % 3 == 1:
            family = misspell(rng, family)
        elif n % 3 == 2:
            given, family = "Zebulon", "Quaxworth"
        chosen.append((given, family, birth))
    return chosen


def timed(function, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        function(*item)
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def summary(label: str, values: list[float], reference: list[float] | None = None) -> str:
    p50, p95 = statistics.median(values), values[int(0.95 * len(values)) - 1]
    ratio = f"  ({p95 / reference[int(0.95 * len(reference)) - 1]:.1f}× reference p95)" if reference else ""
    return f"{label:<34} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms{ratio}"


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    started = time.perf_counter()
    org, user, people = populate(rng)
    print(f"{N_SURVIVORS} survivors, {SurvivorNameToken.objects.count()} tokens, built in "
          f"{time.perf_counter() - started:.1f} s")
    items = queries(rng, people)
    reference = timed(lambda g, f, b: list(Survivor.objects.filter(
        organization=org, name_birth_index=crypto.blind_index(f"{g} {f}", b)).values_list("id", flat=True)), items)
    search = timed(lambda g, f, b: find_candidates(organization_id=org.pk, full_name=f"{g} {f}", birth_date=b),
                   items)
    intake = timed(lambda g, f, b: intake_duplicates(actor=user, organization=org, given_name=g, family_name=f,
                                                     birth_date=b), items)
    found = sum(bool(find_candidates(organization_id=org.pk, full_name=f"{g} {f}", birth_date=b))
                for g, f, b in items[1::3])
    print(summary("reference: exact blind index", reference))
    print(summary("near-duplicate search", search, reference))
    print(summary("intake check (page)", intake, reference))
    print(f"misspelt names still found: {found}/{len(items[1::3])}")


if __name__ == "__main__":
    main()
