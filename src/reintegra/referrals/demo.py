"""Demo referrals from the case-holding organisations to providers, in every status, with the
sharing consent each needs (so the recipient's view works in the demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from reintegra.cases.models import Case
from reintegra.demo.bulk import insert
from reintegra.demo.generator import sized
from reintegra.directory.models import Service
from reintegra.referrals.models import Outcome, Referral, ReferralEvent, Status

COUNT = {"small": 40, "medium": 2_000, "national": 200_000}  # one for every five cases beyond small
PATHS = [  # status reached and its share
    (Status.SENT, 0.15), (Status.ACCEPTED, 0.1), (Status.IN_PROGRESS, 0.15), (Status.COMPLETED, 0.4),
    (Status.DECLINED, 0.1), (Status.CANCELLED, 0.05), (Status.EXPIRED, 0.05),
]


def populate(ctx: Any) -> None:
    from reintegra.people.models import Consent

    rng = ctx.rng
    services = list(Service.objects.filter(provider__member__isnull=False)
                    .values_list("id", "provider__member_id")[:5000])
    # A slice rather than `id__in` over the context's ids: at national scale that list is too long for SQLite.
    count = sized(ctx, COUNT[ctx.scale])
    cases = list(Case.objects.filter(id__gte=min(ctx.case_ids, default=0)).order_by("id")
                 .values_list("id", "organization_id", "survivor_id")[: count * 2])
    if not services or not cases:
        return
    now = timezone.now()
    referrals, consents = [], {}
    for _ in range(count):
        case_id, org_id, survivor_id = rng.choice(cases)
        service_id, recipient_id = rng.choice(services)
        if recipient_id == org_id:
            continue
        status = rng.choices([p for p, _w in PATHS], weights=[w for _p, w in PATHS])[0]
        sent = now - dt.timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
        answered = sent + dt.timedelta(hours=rng.randint(2, 24 * 12))
        referrals.append(Referral(
            organization_id=org_id, case_id=case_id, recipient_id=recipient_id, service_id=service_id,
            reason="Demo referral",
            shared_sections=rng.choice([["summary"], ["summary", "needs"], ["summary", "plan"]]),
            status=status, response_due=(sent + dt.timedelta(days=10)).date(), sent_at=sent,
            responded_at=answered if status not in {Status.SENT, Status.EXPIRED} else None,
            closed_at=answered + dt.timedelta(days=30) if status in {Status.COMPLETED, Status.CANCELLED,
                                                                     Status.DECLINED, Status.EXPIRED} else None,
            decline_reason="No places" if status == Status.DECLINED else "",
            outcome=rng.choice(list(Outcome.values)) if status == Status.COMPLETED else "",
            created_at=sent))
        consents[(survivor_id, recipient_id)] = org_id
    insert(referrals, batch_size=5000)
    insert([ReferralEvent(organization_id=r.organization_id, referral=r,
                                                     from_status="sent" if r.status != Status.SENT else "draft",
                                                     to_status=r.status, at=r.sent_at or now) for r in referrals],
                                      batch_size=5000)
    insert([Consent(organization_id=org, survivor_id=survivor, purpose="sharing",
                                         shared_with_id=recipient, given=True, recorded_on=ctx.today)
                                 for (survivor, recipient), org in consents.items()], batch_size=5000)
