"""Candidate counting units of each unit-fact base, computed from the source records of given cases.

Each function mirrors the direct computation of its indicator (pathway.py, referrals_ind.py,
lifecycle.py) but does not know the period or the as-of date: every record that could become a unit
is emitted once, with the days that decide in which periods it counts (see models_units.py):
- "first record of the survivor in the period" (training completion, placement, apprenticeship):
  `prev_day` is the day of the survivor's previous record, so the record is the first in [start, end]
  exactly when it lies in it and the previous one lies before start;
- "latest record in the period" (follow-up waves, outcome assessments): `next_day` likewise;
- "answer known by the as-of date" (retention checks due, enterprise anniversaries, a later decent
  job): `known_from`.
Records that could never count (a completion never followed by decent work) are left out; they
still move `prev_day` of the ones after them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    FollowUp,
    OutcomeAssessment,
    PhaseChange,
    Timepoint,
)
from reintegra.employment.models import SATISFIED_FROM as EMPLOYER_SATISFIED_FROM
from reintegra.employment.models import EmployerFeedback, Enterprise, Placement, RetentionCheck, ViabilityCheck
from reintegra.monitoring.statistics.pathway import ENDED, WAVES, bucket, decent_placements, reason_label
from reintegra.monitoring.statistics.referrals_ind import SATISFIED_FROM
from reintegra.monitoring.statistics.units import add_months, case_key_rows
from reintegra.referrals.models import Feedback, Referral, Status
from reintegra.training.models import Enrolment

DOMAINS = "outcome_pairs:domains"  # per-domain changes of the outcome pairs, one row per domain


@dataclass
class Candidate:
    base: str
    case: int
    day: dt.date
    hit: bool = False
    value: float | None = None
    facet: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    last_day: dt.date | None = None
    prev_day: dt.date | None = None
    next_day: dt.date | None = None
    known_from: dt.date | None = None


@dataclass(frozen=True)
class CaseKeys:
    organization_id: int
    admin_area: str
    keys: dict[str, str]


def case_keys(case_ids: list[int]) -> dict[int, CaseKeys]:
    """As units.person_keys, with the migrant status always computed (the read side drops the
    dimension when the units in a table come from organisations of more than one country)."""
    return {case_id: CaseKeys(org_id, area, keys)
            for case_id, (org_id, area, _country, keys) in case_key_rows(case_ids).items()}


def _trade(code: str | None) -> str:
    return code or "unknown"


def graduates(case_ids: list[int]) -> list[Candidate]:
    completions: dict[int, list[tuple[dt.date, dict[str, str]]]] = defaultdict(list)
    for case_id, completed_on, provider, name, isco in (
            Enrolment.objects.filter(case_id__in=case_ids, status__in=ENDED, completed_on__isnull=False)
            .order_by("completed_on", "id")
            .values_list("case_id", "completed_on", "organization__name", "programme__name", "programme__isco_code")):
        if completed_on is not None:
            keys = {"provider": provider, "programme": name, "trade": _trade(isco)}
            completions[case_id].append((completed_on, keys))
    jobs: dict[int, list[dt.date]] = defaultdict(list)
    for case_id, started_on in (Placement.objects.filter(decent_placements(), case_id__in=list(completions))
                                .order_by("started_on").values_list("case_id", "started_on")):
        jobs[case_id].append(started_on)
    rows = []
    for case_id, items in completions.items():
        previous = None
        for completed_on, keys in items:
            job = next((s for s in jobs.get(case_id, []) if s >= completed_on), None)
            if job is not None:
                days = (job - completed_on).days
                rows.append(Candidate("graduates_in_decent_work", case_id, completed_on, value=float(days),
                                      facet=bucket(days), keys=keys, prev_day=previous, known_from=job))
            previous = completed_on
    return rows


def retention(case_ids: list[int]) -> list[Candidate]:
    months = (3, 6, 12)
    placements = list(Placement.objects.filter(case_id__in=case_ids).order_by("started_on", "id").values_list(
        "case_id", "id", "started_on", "ended_on", "organization__name", "isco_code"))
    checks = {(placement_id, month): (due_on, still) for placement_id, month, due_on, still in
              RetentionCheck.objects.filter(placement__case_id__in=case_ids, month__in=months)
              .values_list("placement_id", "month", "due_on", "still_employed")}
    previous: dict[int, dt.date] = {}
    rows = []
    for case_id, placement_id, started_on, ended_on, provider, isco in placements:
        for month in months:
            due, still = checks.get((placement_id, month), (add_months(started_on, month), None))
            if still is not None:
                held = bool(still)
            elif ended_on is not None and ended_on <= due:
                held = False
            else:
                continue
            rows.append(Candidate(f"retention_{month}m", case_id, started_on, hit=held, known_from=due,
                                  prev_day=previous.get(case_id), keys={"provider": provider, "trade": _trade(isco)}))
        previous[case_id] = started_on
    return rows


def enrolments_ended(case_ids: list[int]) -> list[Candidate]:
    rows = []
    for case_id, status, completed_on, dropped_on, reason, provider, name, isco in (
            Enrolment.objects.filter(case_id__in=case_ids).values_list(
                "case_id", "status", "completed_on", "dropped_out_on", "dropout_category", "organization__name",
                "programme__name", "programme__isco_code")):
        keys = {"provider": provider, "programme": name, "trade": _trade(isco)}
        if status in ENDED and completed_on is not None:
            rows.append(Candidate("enrolments_ended", case_id, completed_on, keys=keys))
        elif status == Enrolment.Status.DROPPED_OUT and dropped_on is not None:
            rows.append(Candidate("enrolments_ended", case_id, dropped_on, hit=True, facet=reason_label(reason),
                                  keys=keys))
    return rows


def _decent_jobs(case_ids: list[int]) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    jobs: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for case_id, started_on, ended_on in (Placement.objects.filter(decent_placements(), case_id__in=case_ids)
                                          .values_list("case_id", "started_on", "ended_on")):
        jobs[case_id].append((started_on, ended_on))
    return jobs


def follow_up_waves(case_ids: list[int]) -> list[Candidate]:
    contacts: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for case_id, opened_on, done_on in (FollowUp.objects.filter(case_id__in=case_ids, done_on__isnull=False)
                                        .order_by("done_on", "id")
                                        .values_list("case_id", "case__opened_on", "done_on")):
        if done_on is None:
            continue
        contacts[(case_id, bucket(max((done_on - opened_on).days, 0), WAVES))].append(done_on)
    jobs = _decent_jobs(list({c for c, _w in contacts}))
    rows = []
    for (case_id, wave), days in contacts.items():
        for n, day in enumerate(days):
            held = any(s <= day and (e is None or e > day) for s, e in jobs.get(case_id, []))
            rows.append(Candidate("follow_up_waves", case_id, day, hit=held, keys={"wave": wave},
                                  next_day=days[n + 1] if n + 1 < len(days) else None))
    return rows


def enterprises_12m(case_ids: list[int]) -> list[Candidate]:
    enterprises = list(Enterprise.objects.filter(case_id__in=case_ids, started_on__isnull=False)
                       .values_list("id", "case_id", "started_on", "status", "organization__name", "isco_code"))
    checks: dict[int, list[tuple[dt.date, bool]]] = defaultdict(list)
    for enterprise_id, checked_on, trading in (ViabilityCheck.objects.filter(enterprise__case_id__in=case_ids)
                                               .order_by("checked_on")
                                               .values_list("enterprise_id", "checked_on", "trading")):
        checks[enterprise_id].append((checked_on, trading))
    rows = []
    for enterprise_id, case_id, started_on, status, provider, isco in enterprises:
        if started_on is None:
            continue
        anniversary = add_months(started_on, 12)
        later = [trading for checked_on, trading in checks.get(enterprise_id, []) if checked_on >= anniversary]
        if later:
            trading = later[0]
        elif status == Enterprise.Status.CLOSED:
            trading = False
        else:
            continue
        rows.append(Candidate("enterprises_12m", case_id, started_on, hit=trading, known_from=anniversary,
                              keys={"provider": provider, "trade": _trade(isco)}))
    return rows


def apprentices(case_ids: list[int]) -> list[Candidate]:
    previous: dict[int, dt.date] = {}
    rows = []
    for case_id, started_on, kind, provider, isco in (
            Placement.objects.filter(case_id__in=case_ids,
                                     kind__in=[Placement.Kind.APPRENTICESHIP, Placement.Kind.INTERNSHIP])
            .order_by("started_on", "id").values_list("case_id", "started_on", "kind", "organization__name",
                                                      "isco_code")):
        rows.append(Candidate("apprentices", case_id, started_on, facet=kind, prev_day=previous.get(case_id),
                              keys={"provider": provider, "trade": _trade(isco)}))
        previous[case_id] = started_on
    return rows


def referrals(case_ids: list[int]) -> list[Candidate]:
    rows = []
    for case_id, status, sent_at, responded_at, closed_at, recipient in (
            Referral.objects.filter(case_id__in=case_ids, responded_at__isnull=False)
            .values_list("case_id", "status", "sent_at", "responded_at", "closed_at", "recipient__name")):
        keys = {"provider": recipient}
        if responded_at is None:
            continue
        if sent_at is not None:
            days = (responded_at - sent_at).total_seconds() / 86400
            rows.append(Candidate("referrals_answered", case_id, timezone.localdate(responded_at),
                                  hit=status != Status.DECLINED, value=round(days, 2), keys=keys))
        if closed_at is not None and status in (Status.COMPLETED, Status.CANCELLED):
            rows.append(Candidate("referrals_closed_accepted", case_id, timezone.localdate(closed_at),
                                  hit=status == Status.COMPLETED, keys=dict(keys)))
    return rows


def feedback(case_ids: list[int]) -> list[Candidate]:
    return [Candidate("feedback", case_id, timezone.localdate(created_at), hit=rating >= SATISFIED_FROM,
                      keys={"provider": recipient})
            for case_id, rating, recipient, created_at in Feedback.objects.filter(referral__case_id__in=case_ids)
            .values_list("referral__case_id", "rating", "referral__recipient__name", "created_at")]


def employer_feedback(case_ids: list[int]) -> list[Candidate]:
    """Employers' feedback about a survivor's placement (people_ind.placement_feedback)."""
    return [Candidate("employer_feedback", case_id, given_on, hit=rating >= EMPLOYER_SATISFIED_FROM, facet="placement",
                      keys={"provider": provider, "trade": _trade(isco)})
            for case_id, rating, provider, isco, given_on in EmployerFeedback.objects.filter(
                placement__case_id__in=case_ids).values_list(
                "placement__case_id", "rating", "placement__organization__name", "placement__isco_code", "given_on")]


def phase_spells(case_ids: list[int]) -> list[Candidate]:
    history: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    closed: dict[int, dt.date | None] = {}
    for case_id, phase, started_on, closed_on in (PhaseChange.objects.filter(case_id__in=case_ids)
                                                  .order_by("case_id", "started_on", "id")
                                                  .values_list("case_id", "phase", "started_on", "case__closed_on")):
        history[case_id].append((phase, started_on))
        closed[case_id] = closed_on
    rows = []

    def spell(case_id: int, phase: str, began: dt.date, ended: dt.date, next_day: dt.date | None = None) -> None:
        rows.append(Candidate("phase_spells", case_id, ended, value=float((ended - began).days), facet=phase,
                              keys={"phase": phase}, next_day=next_day))

    for case_id, spells in history.items():
        closed_on = closed[case_id]
        for n, (phase, began) in enumerate(spells):
            if n + 1 < len(spells):
                following = spells[n + 1][1]
                spell(case_id, phase, began, following)
                # While the next phase lies after the period's end, the closure ends this spell.
                if closed_on is not None and began <= closed_on < following:
                    spell(case_id, phase, began, closed_on, next_day=following)
            elif closed_on is not None and closed_on >= began:
                spell(case_id, phase, began, closed_on)
    return rows


def outcome_pairs(case_ids: list[int]) -> list[Candidate]:
    domains = [code for code, _label in OUTCOME_DOMAINS]
    intake: dict[int, tuple[dt.date, dict[str, int]]] = {}
    later: dict[int, list[tuple[dt.date, dict[str, int]]]] = defaultdict(list)
    for case_id, timepoint, assessed_on, *scores in (OutcomeAssessment.objects.filter(case_id__in=case_ids)
                                                     .order_by("assessed_on", "id")
                                                     .values_list("case_id", "timepoint", "assessed_on", *domains)):
        if timepoint == Timepoint.INTAKE:
            intake.setdefault(case_id, (assessed_on, dict(zip(domains, scores, strict=True))))
        else:
            later[case_id].append((assessed_on, dict(zip(domains, scores, strict=True))))
    rows = []
    for case_id, assessments in later.items():
        if case_id not in intake:
            continue
        intake_day, before = intake[case_id]
        for n, (day, after) in enumerate(assessments):
            changes = {d: float(after[d] - before[d]) for d in domains}
            last_day = max(day, intake_day)
            next_day = assessments[n + 1][0] if n + 1 < len(assessments) else None
            rows.append(Candidate("outcome_pairs", case_id, day, value=statistics.fmean(changes.values()),
                                  last_day=last_day, next_day=next_day))
            rows += [Candidate(DOMAINS, case_id, day, value=v, facet=d, last_day=last_day, next_day=next_day)
                     for d, v in changes.items()]
    return rows


# base -> candidates of given cases. Bases not listed here (mentors, who are not cases, and any
# computation registered without a producer) are computed directly by their unit functions.
PRODUCERS: dict[str, Callable[[list[int]], list[Candidate]]] = {
    "graduates_in_decent_work": graduates,
    "retention_3m": retention, "retention_6m": retention, "retention_12m": retention,
    "enrolments_ended": enrolments_ended,
    "follow_up_waves": follow_up_waves,
    "enterprises_12m": enterprises_12m,
    "apprentices": apprentices,
    "referrals_answered": referrals, "referrals_closed_accepted": referrals,
    "feedback": feedback,
    "employer_feedback": employer_feedback,
    "phase_spells": phase_spells,
    "outcome_pairs": outcome_pairs,
}


def units_of_no_case() -> dict[str, Callable[..., list]]:
    """Base -> the unit function of its units that belong to no case (read directly and joined to the
    facts of its case units): feedback about a partnership as a whole."""
    from reintegra.monitoring.statistics.people_ind import partnership_feedback

    return {"employer_feedback": partnership_feedback}


def candidates(case_ids: list[int]) -> list[tuple[Candidate, CaseKeys]]:
    """Every candidate unit of the given cases, with the case's keys (cases that no longer exist
    have none)."""
    keys = case_keys(case_ids)
    if not keys:
        return []
    found = sorted(keys)
    seen: set[Callable] = set()
    result = []
    for producer in PRODUCERS.values():
        if producer in seen:
            continue
        seen.add(producer)
        for row in producer(found):
            if row.case in keys:
                result.append((row, keys[row.case]))
    return result
