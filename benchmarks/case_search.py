"""Case search p95 with user scoping, against the same search without scoping, in the same run.

    .venv/bin/python benchmarks/case_search.py --scale medium
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/case_search.py --scale national

Each search is what the case list does: `cases.selectors.case_search(user=…, query=…)` (scoped,
audited), then the first page of 25 ordered by opening date and the total count for the pager.
The reference runs the same filters on the unscoped table.
"""

from __future__ import annotations

import random
import time

from dashboard import parse, percentile, setup

SEARCHES = {"small": 200, "medium": 200, "national": 60}


def main() -> None:
    args = parse(__doc__.splitlines()[0])
    facts = setup(args.scale)
    from django.db.models import Q

    from reintegra.cases.models import Case
    from reintegra.cases.selectors import case_search
    from reintegra.core.models import User
    from reintegra.people.models import Survivor

    rng = random.Random(7)
    max_id = Survivor.objects.order_by("-id").values_list("id", flat=True).first() or 0
    codes = []
    searches = SEARCHES[args.scale]
    while len(codes) < searches:
        code = Survivor.objects.filter(id__gte=rng.randrange(1, max_id + 1)).values_list("code", flat=True).first()
        if code:
            codes.append(code[: rng.choice([6, 7, 11])])
    statuses = ["", "", "Active", "FollowUp"]

    def page(queryset):
        rows = list(queryset.order_by("-opened_on", "-id")[:25])
        return rows, queryset.count()

    results = {}
    for username in ["casemanager", "supervisor"]:
        user = User.objects.get(username=username)
        scoped, plain = [], []
        for n, code in enumerate(codes):
            status = statuses[n % len(statuses)]
            began = time.perf_counter()
            page(case_search(user=user, query=code, status=status))
            scoped.append(time.perf_counter() - began)
            began = time.perf_counter()
            reference = Case.objects.filter(Q(survivor__code__istartswith=code))
            if status:
                reference = reference.filter(status=status)
            page(reference.select_related("survivor", "organization", "case_manager"))
            plain.append(time.perf_counter() - began)
        results[username] = (percentile(scoped, 0.5), percentile(scoped, 0.95), percentile(plain, 0.95))

    print(f"database={facts['database']} scale={facts['scale']} cases={facts['cases']} "
          f"generated_s={facts.get('generated_seconds', 'reused')}; {searches} searches per user")
    for username, (p50, p95, ref95) in results.items():
        print(f"{username:12s} scoped p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms   "
              f"unscoped p95 {ref95 * 1000:7.1f} ms   ratio {p95 / ref95:5.2f}x")
    print("target: scoped p95 < 50 ms at national scale on PostgreSQL (ARCHITECTURE §6)")


if __name__ == "__main__":
    main()
