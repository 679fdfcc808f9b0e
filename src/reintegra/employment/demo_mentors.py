"""Demo mentor and coach register: a few per organisation holding demo cases (one in four a peer
survivor, most trained), and mentoring or coaching sessions with them for one case in twenty."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reintegra.cases.models import Case
from reintegra.employment.models import Mentor, SupportSession

BATCH = 5000
PER_ORGANISATION = 4
CASES_MENTORED = 20  # one case in twenty
TRAININGS = ("Three-day mentoring course (survivor-centred approach)", "ILO coaching manual, five sessions",
             "Peer-support training")
NAMES = ("Asha", "Nadia", "Grace", "Omar", "Lina", "Samuel", "Mai", "Karim")


def _mentors(ctx: Any, organization_ids: list[int]) -> dict[int, list[Mentor]]:
    rng, today = ctx.rng, ctx.today
    rows = []
    for org_id in organization_ids:
        for n in range(PER_ORGANISATION):
            trained = rng.random() < 0.8
            rows.append(Mentor(
                organization_id=org_id, name=f"{rng.choice(NAMES)} (mentor {n + 1})",
                kind=Mentor.Kind.COACH if n % 3 == 2 else Mentor.Kind.MENTOR, peer_survivor=rng.random() < 0.25,
                trained_on=today - dt.timedelta(days=rng.randint(30, 900)) if trained else None,
                training=rng.choice(TRAININGS) if trained else "", active=rng.random() < 0.9))
    by_org: dict[int, list[Mentor]] = {}
    for mentor in Mentor.objects.bulk_create(rows, batch_size=BATCH):
        by_org.setdefault(mentor.organization_id, []).append(mentor)
    return by_org


def populate(ctx: Any) -> None:
    chosen = ctx.case_ids[::CASES_MENTORED]
    if not chosen:
        return
    rng, today = ctx.rng, ctx.today
    cases: list[tuple[int, int, dt.date]] = []
    for start in range(0, len(chosen), BATCH):  # every 20th id: `id__in` in slices reads only those rows
        cases += Case.objects.filter(id__in=chosen[start:start + BATCH]).values_list("id", "organization_id",
                                                                                     "opened_on")
    mentors = _mentors(ctx, sorted({org for _cid, org, _opened in cases}))
    sessions: list[SupportSession] = []
    for case_id, org_id, opened_on in cases:
        for _n in range(rng.randint(1, 3)):
            mentor = rng.choice(mentors[org_id])
            kind = SupportSession.Kind.COACHING if mentor.kind == Mentor.Kind.COACH else SupportSession.Kind.MENTORING
            span = max(1, (today - opened_on).days)
            sessions.append(SupportSession(
                organization_id=org_id, case_id=case_id, kind=kind, held_on=opened_on + dt.timedelta(
                    days=rng.randrange(span)), registered_mentor=mentor, peer_survivor_mentor=mentor.peer_survivor))
        if len(sessions) >= BATCH:
            SupportSession.objects.bulk_create(sessions)
            sessions = []
    SupportSession.objects.bulk_create(sessions, batch_size=BATCH)
