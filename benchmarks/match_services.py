"""Benchmark: rank services for one case among 100,000 (target < 50 ms, ARCHITECTURE.md §6).

Builds a throw-away SQLite database under a temporary REINTEGRA_HOME, fills it with synthetic
services, then times, for the same random profiles:
  - matching: `rank(profile)` over the in-memory index (hard rules, scoring, top 10, reasons);
  - reference: a plain filtered query (open services of the wanted types in the person's area,
    first 20 ids), the cheapest thing a page could do instead of ranking.
Prints p50/p95 of both and their ratio. Run: .venv/bin/python benchmarks/match_services.py [N]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid

N_SERVICES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_PROFILES = 200

os.environ.setdefault("REINTEGRA_HOME", tempfile.mkdtemp(prefix="reintegra-bench-"))
os.environ.setdefault("REINTEGRA_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reintegra.core.reference import organization_types  # noqa: E402
from reintegra.directory import attributes  # noqa: E402
from reintegra.directory.models import Provider, Service, ServiceStatus  # noqa: E402
from reintegra.referrals.matching import Profile, rank, service_index  # noqa: E402

AREAS = [f"Area {i:02d}" for i in range(40)]
LANGS = ["en", "fr", "es", "ar", "ne", "hi", "bn", "pt", "ru", "uz", "am", "tl"]
NEEDS = ["skills", "health", "care", "legal_entitlements", "job_readiness", "financial_services", "migration_status"]


def populate(rng: random.Random) -> None:
    types = [t["code"] for t in organization_types()]
    codes = attributes.codes_in("support") + attributes.codes_in("target_group") + ["trauma_informed"]
    providers = [Provider(id=uuid.UUID(int=rng.getrandbits(128)), name=f"Provider {i}", admin_area=rng.choice(AREAS))
                 for i in range(1000)]
    Provider.objects.bulk_create(providers, batch_size=1000)
    batch = []
    for i in range(N_SERVICES + N_SERVICES // 10):  # the extra tenth is closed: ranked out by the index
        lo = rng.choice([None, 0, 16, 18])
        batch.append(Service(
            id=uuid.UUID(int=rng.getrandbits(128)), provider=rng.choice(providers), name=f"Service {i}",
            status=ServiceStatus.ACTIVE if i < N_SERVICES else ServiceStatus.INACTIVE,
            service_type=rng.choice(types), admin_area=rng.choice(AREAS), minimum_age=lo,
            maximum_age=rng.choice([None, 25, 65]), sex_eligibility=rng.choice(["any"] * 8 + ["female", "male"]),
            flags=attributes.mask(rng.sample(codes, rng.randint(0, 4))),
            language_codes=",".join(rng.sample(LANGS, rng.randint(1, 3))),
            requires_legal_residence=rng.random() < 0.2, places_available=rng.choice([None, 0, 2, 10]),
            waiting_days=rng.choice([None, 0, 14, 60])))
        if len(batch) == 5000:
            Service.objects.bulk_create(batch)
            batch = []
    Service.objects.bulk_create(batch)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    rng = random.Random(7)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    populate(rng)
    print(f"services: {Service.objects.count():,} (filled in {time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    index = service_index()
    print(f"index build (once per process, rebuilt when the directory changes): {time.perf_counter() - started:.2f} s"
          f" for {len(index):,} open services")
    profiles = [Profile(age=rng.randint(15, 60), sex=rng.choice(["female", "male", "any"]), area=rng.choice(AREAS),
                        languages=set(rng.sample(LANGS, rng.randint(1, 2))), needs=rng.sample(NEEDS, 2),
                        supports=set(rng.sample(attributes.codes_in("support"), 1)), target_groups={"victims_only"},
                        legal_residence=rng.random() < 0.7) for _ in range(N_PROFILES)]
    match_ms, query_ms, page_ms = [], [], []
    for profile in profiles:
        t0 = time.perf_counter()
        rank(profile, limit=10)  # as the page does: cached index, freshness check included
        page_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        results = rank(profile, limit=10, index=index)
        match_ms.append((time.perf_counter() - t0) * 1000)
        assert results and len(results) <= 10
        wanted = list(profile.wanted_types())
        t0 = time.perf_counter()
        list(Service.objects.filter(status=ServiceStatus.ACTIVE, accepts_referrals=True, service_type__in=wanted,
                                    admin_area=profile.area).values_list("id", flat=True)[:20])
        query_ms.append((time.perf_counter() - t0) * 1000)
    m50, m95 = statistics.median(match_ms), percentile(match_ms, 0.95)
    q50, q95 = statistics.median(query_ms), percentile(query_ms, 0.95)
    print(f"rank one case among {len(index):,}: p50 {m50:.1f} ms, p95 {m95:.1f} ms, max {max(match_ms):.1f} ms "
          f"(target < 50 ms: {'met' if m95 < 50 else 'NOT met'})")
    print(f"same through the page's path (cached index + freshness check): p50 {statistics.median(page_ms):.1f} ms,"
          f" p95 {percentile(page_ms, 0.95):.1f} ms")
    print(f"reference, plain filtered query (type + area, 20 ids): p50 {q50:.1f} ms, p95 {q95:.1f} ms")
    print(f"ratio matching / plain query: p50 {m50 / q50:.1f}x, p95 {m95 / q95:.1f}x")


if __name__ == "__main__":
    main()
