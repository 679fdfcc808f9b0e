"""Case search p95 with user scoping, against the same search without scoping, in the same run.

    .venv/bin/python benchmarks/case_search.py --scale medium
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/case_search.py --scale national

Each search is what the case list does: `cases.selectors.case_search(user=…, query=…)` (scoped,
audited), then the first page of 25 ordered by opening date and the total count for the pager.
The reference runs the same filters on the unscoped table. A third variant, "proposed", is the
rewrite recommended to the cases app (see docs/monitoring.md): code prefix matched through the
unique index (upper-cased `startswith` on PostgreSQL, a range on SQLite), survivor ids resolved
first, and the team condition as a subquery instead of a join, so no `id IN (scope)` wrapper.
"""

from __future__ import annotations

import random
import time

from dashboard import parse, percentile, setup

SEARCHES = {"small": 200, "medium": 200, "national": 60}


def main() -> None:
    args = parse(__doc__.splitlines()[0])
    facts = setup(args.scale, args.cases)
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

    from django.db import connection
    from django.utils import timezone

    from reintegra.core import audit
    from reintegra.core.models import BreakGlassGrant
    from reintegra.core.permissions import memberships_with
    from reintegra.people.selectors import survivor_ids_matching_name

    def proposed(user, query: str, status: str):
        prefix = query.strip().upper()
        codes_q = (Q(code__startswith=prefix) if connection.vendor == "postgresql"
                   else Q(code__gte=prefix, code__lt=prefix + "\U0010ffff"))
        ids = list(Survivor.objects.filter(codes_q).values_list("id", flat=True)[:5000])
        ids += list(survivor_ids_matching_name(query))
        clauses = Q(id__in=BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).values("case_id"))
        for membership in memberships_with(user, "case.view_all"):
            clause = Q(organization_id=membership.organization_id)
            if membership.area_scope:
                clause &= Q(admin_area=membership.area_scope)
            clauses |= clause
        assigned = list(memberships_with(user, "case.view_assigned").values_list("organization_id", flat=True))
        if assigned:
            on_team = Case.team.through.objects.filter(user=user).values("case_id")
            clauses |= Q(organization_id__in=assigned) & (Q(case_manager=user) | Q(id__in=on_team))
        cases = Case.objects.filter(clauses, survivor_id__in=ids).select_related("survivor", "organization",
                                                                                   "case_manager")
        if status:
            cases = cases.filter(status=status)
        audit.record(audit.Action.SEARCH, actor=user, object_type="cases.case", detail={"kind": "code"})
        return cases

    results = {}
    for username in ["casemanager", "supervisor"]:
        user = User.objects.get(username=username)
        scoped, plain, rewritten = [], [], []
        for n, code in enumerate(codes):
            status = statuses[n % len(statuses)]
            began = time.perf_counter()
            current_rows, current_count = page(case_search(user=user, query=code, status=status))
            scoped.append(time.perf_counter() - began)
            began = time.perf_counter()
            proposed_rows, proposed_count = page(proposed(user, code, status))
            rewritten.append(time.perf_counter() - began)
            assert (current_count, current_rows) == (proposed_count, proposed_rows), "rewrite changed the answer"
            began = time.perf_counter()
            reference = Case.objects.filter(Q(survivor__code__istartswith=code))
            if status:
                reference = reference.filter(status=status)
            page(reference.select_related("survivor", "organization", "case_manager"))
            plain.append(time.perf_counter() - began)
        results[username] = (percentile(scoped, 0.5), percentile(scoped, 0.95), percentile(plain, 0.95),
                             percentile(rewritten, 0.95))

    print(f"database={facts['database']} scale={facts['scale']} cases={facts['cases']} "
          f"generated_s={facts.get('generated_seconds', 'reused')}; {searches} searches per user")
    for username, (p50, p95, ref95, new95) in results.items():
        print(f"{username:12s} scoped p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms   "
              f"unscoped p95 {ref95 * 1000:7.1f} ms   ratio {p95 / ref95:5.2f}x   "
              f"proposed scoped p95 {new95 * 1000:7.1f} ms ({new95 / ref95:4.2f}x)")
    print("target: scoped p95 < 50 ms at national scale on PostgreSQL (ARCHITECTURE §6)")


if __name__ == "__main__":
    main()
