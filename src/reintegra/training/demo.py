"""Demo training at every scale, in proportion to cases (`populate(ctx)`, bulk inserts only).

The economic-pathway demo (employment/demo.py, run after this one) takes the first
`PATHWAY_CASES[scale]` cases through skills, training and placement. In the small demo that is 40
of 60 cases, so two cases in three start a programme and one community trainee joins for every
four of them. At medium and national scale that slice is a small share of the cases, so this hook
enrols the cases after it at the same rates — in programmes of the network's training providers —
so the monitoring indicators on training (completion, certification, dropout, comparison group)
see realistic volumes and can be benchmarked. The small demo is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from reintegra.cases.models import Case
from reintegra.demo.bulk import insert
from reintegra.demo.generator import sized
from reintegra.training.models import CommunityTrainee, Enrolment, Programme

SURVIVOR_SHARE = 40 / 60  # cases that start a programme in the small demo
COMMUNITY_PER_SURVIVOR_CASE = 1 / 4
BATCH = 5000
# (name, kind, ISCO-08, schedule, weeks): what a provider of the network offers.
OFFER = [
    ("Garment making", "vocational", "7531", "part_time", 12),
    ("Food processing", "vocational", "7512", "full_time", 12),
    ("Literacy and numeracy", "foundational", "", "evenings", 24),
    ("Job readiness", "core", "", "part_time", 8),
    ("Rights at work", "workers_rights", "", "weekends", 4),
]
OUTCOMES = ["attending", "completed", "certified", "certified", "dropped_out"]  # as in the pathway demo
DROPOUT_REASONS = {"care duties": "care_duties", "found work": "found_work", "transport too costly": "cost",
                   "health": "health", "moved away": "moved"}  # demo note -> DropoutReason


def _already_covered(scale: str) -> int:
    try:
        from reintegra.employment.demo import PATHWAY_CASES
    except ImportError:  # pragma: no cover - a deployment without the employment app
        return 0
    return int(PATHWAY_CASES.get(scale, 0))


def _programmes(ctx: Any, cases: int) -> list[Programme]:
    providers = [o for o in ctx.organizations.values() if o.type == "tvet"]
    if not providers:
        return []
    # Seats enough for everyone attending at once: the demo never overfills a programme.
    per_programme = max(25, round(cases * 0.2 / (len(providers) * len(OFFER))) + 5)
    return Programme.objects.bulk_create([
        Programme(organization=provider, name=f"{name} ({provider.name})", kind=kind, isco_code=isco,
                  schedule=schedule, duration_weeks=weeks, admin_area=provider.admin_area, language="en",
                  capacity=per_programme, qualification="Level 1 certificate" if kind == "vocational" else "",
                  open_to="victims" if kind == "workers_rights" else "community")
        for provider in providers for name, kind, isco, schedule, weeks in OFFER], batch_size=BATCH)


def _enrolment(ctx: Any, programme: Programme, enrolled: dt.date, **who: Any) -> Enrolment | None:
    """One enrolment with the status mix of the pathway demo; `who` is the case or the community trainee."""
    rng = ctx.rng
    if enrolled > ctx.today:
        return None
    outcome = rng.choice(OUTCOMES)
    done = enrolled + dt.timedelta(weeks=programme.duration_weeks)
    finished = done <= ctx.today and outcome != "attending"
    dropout_note = rng.choice(sorted(DROPOUT_REASONS)) if finished and outcome == "dropped_out" else ""
    return Enrolment(
        organization_id=programme.organization_id, programme=programme, **who,
        status=outcome if finished else "attending", enrolled_on=enrolled, started_on=enrolled,
        completed_on=done if finished and outcome in ("completed", "certified") else None,
        certified_on=done if finished and outcome == "certified" else None,
        certificate=f"TVET-D{rng.getrandbits(32):08X}" if finished and outcome == "certified" else "",
        dropped_out_on=done if finished and outcome == "dropped_out" else None,
        dropout_category=DROPOUT_REASONS.get(dropout_note, ""), dropout_reason=dropout_note,
        transport=rng.random() < 0.5, childcare=rng.random() < 0.2,
        stipend=Decimal(50) if "case_id" in who else None)


def _community_trainees(ctx: Any, programmes: list[Programme], count: int) -> None:
    """Codes "T-D" + 8 hex digits: unique within the demo and never equal to an application code
    ("T-" + 8), which matters at national scale where random codes would collide."""
    rng = ctx.rng
    used: set[str] = set()
    while count > 0:
        size = min(BATCH, count)
        trainees, chosen = [], []
        for _ in range(size):
            code = f"T-D{rng.getrandbits(32):08X}"
            while code in used:
                code = f"T-D{rng.getrandbits(32):08X}"
            used.add(code)
            programme = rng.choice(programmes)
            chosen.append(programme)
            trainees.append(CommunityTrainee(organization_id=programme.organization_id, code=code,
                                             gender=rng.choice(["Feminine", "Masculine"]),
                                             birth_year=rng.randint(1975, 2006)))
        insert(trainees)
        enrolments = [_enrolment(ctx, programme, ctx.today - dt.timedelta(days=rng.randint(0, 700)),
                                 community_trainee=trainee)
                      for programme, trainee in zip(chosen, trainees, strict=True)]
        insert([e for e in enrolments if e is not None])
        count -= size


def populate(ctx: Any) -> None:
    covered = sized(ctx, _already_covered(ctx.scale))
    wanted = round(SURVIVOR_SHARE * len(ctx.case_ids)) - covered
    if ctx.scale == "small" or wanted <= 0:
        return
    chosen = ctx.case_ids[covered:covered + wanted]
    programmes = _programmes(ctx, len(chosen))
    if not programmes or not chosen:
        return
    rng = ctx.rng
    # An id range, not `id__in`: at national scale the list is too long for one SQLite statement.
    rows = (Case.objects.filter(id__gte=chosen[0], id__lte=chosen[-1]).order_by("id")
            .values_list("id", "organization_id", "opened_on").iterator(chunk_size=BATCH))
    batch: list[Enrolment] = []
    for case_id, org_id, opened in rows:
        enrolment = _enrolment(ctx, rng.choice(programmes), opened + dt.timedelta(days=rng.randint(30, 120)),
                               case_id=case_id, case_organization_id=org_id)
        if enrolment is not None:
            batch.append(enrolment)
        if len(batch) == BATCH:
            insert(batch)
            batch = []
    insert(batch)
    _community_trainees(ctx, [p for p in programmes if p.open_to == "community"],
                        round(len(chosen) * COMMUNITY_PER_SURVIVOR_CASE))
