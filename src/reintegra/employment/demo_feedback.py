"""Demo employer feedback: recorded by staff about one placement in four, and about the partnership
from one employer in five (portal feedback about a person needs that person's disclosure consent,
so the demo keeps the portal to partnership feedback); then the mentor register (demo_mentors).
Bulk inserts, streamed in batches, so the national scale stays fast; runs after employment/demo.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reintegra.employment import demo_mentors
from reintegra.employment.models import Employer, EmployerFeedback, Placement

BATCH = 5000
PLACEMENT_SHARE = 0.25
PARTNERSHIP_SHARE = 0.2
RATINGS = (1, 2, 3, 4, 5)
RATING_WEIGHTS = (4, 8, 18, 42, 28)  # most employers satisfied, some not
COMMENTS = ("Punctual and keen to learn.", "Needs more support with the machines.", "")


def _rating(ctx: Any) -> int:
    return ctx.rng.choices(RATINGS, weights=RATING_WEIGHTS)[0]


def _about_placements(ctx: Any) -> None:
    rng, today = ctx.rng, ctx.today
    rows: list[EmployerFeedback] = []
    placements = (Placement.objects.filter(employer__isnull=False, started_on__lte=today - dt.timedelta(days=14))
                  .order_by("id").values_list("id", "organization_id", "employer_id", "started_on")
                  .iterator(chunk_size=BATCH))
    for placement_id, org_id, employer_id, started_on in placements:
        if rng.random() >= PLACEMENT_SHARE:
            continue
        given = min(today, started_on + dt.timedelta(days=rng.randint(14, 200)))
        rows.append(EmployerFeedback(
            organization_id=org_id, employer_id=employer_id, placement_id=placement_id, given_on=given,
            rating=_rating(ctx), comment=rng.choice(COMMENTS) if rng.random() < 0.1 else ""))
        if len(rows) == BATCH:
            EmployerFeedback.objects.bulk_create(rows)
            rows = []
    EmployerFeedback.objects.bulk_create(rows, batch_size=BATCH)


def _about_the_partnership(ctx: Any) -> None:
    rng, today = ctx.rng, ctx.today
    rows = [EmployerFeedback(organization_id=org_id, employer_id=employer_id, rating=_rating(ctx),
                             given_on=today - dt.timedelta(days=rng.randint(0, 720)),
                             channel=EmployerFeedback.Channel.PORTAL if rng.random() < 0.3
                             else EmployerFeedback.Channel.STAFF)
            for employer_id, org_id in Employer.objects.filter(register_hit__isnull=True)
            .order_by("id").values_list("id", "organization_id")
            if rng.random() < PARTNERSHIP_SHARE]
    EmployerFeedback.objects.bulk_create(rows, batch_size=BATCH)


def populate(ctx: Any) -> None:
    _about_placements(ctx)
    _about_the_partnership(ctx)
    demo_mentors.populate(ctx)
