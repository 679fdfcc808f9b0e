"""Economic-pathway indicators (3f, 3g, 3h): time from training to decent work, retention at 3, 6
and 12 months, dropout and its reasons, decent work by follow-up wave, viable enterprises and
apprenticeships. Each function returns the counting units of one indicator (see units.py).

Decent work: a wage placement with an employer that meets all five decent-work criteria checked at
vetting and is not listed in a forced-labour register. Self-employment is measured separately
(viable enterprises): its conditions are not vetted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from reintegra.cases.models import FollowUp
from reintegra.employment.models import DECENT_WORK_CRITERIA, Enterprise, Placement, RetentionCheck, ViabilityCheck
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.units import Unit, add_months, batched, person_keys, scope_q
from reintegra.training.models import DropoutReason, Enrolment

ENDED = (Enrolment.Status.COMPLETED, Enrolment.Status.CERTIFIED)
DAYS_BUCKETS = [(0, 30, "0-30"), (31, 90, "31-90"), (91, 180, "91-180"), (181, 365, "181-365"),
                (366, 10**6, "366+")]
WAVES = [(0, 182, "0-6 months"), (183, 365, "7-12 months"), (366, 730, "13-24 months"),
         (731, 1095, "25-36 months"), (1096, 10**6, "37+ months")]
OTHER_REASONS = "other reasons"


def decent_placements() -> Q:
    q = Q(kind=Placement.Kind.WAGE, employer__isnull=False, employer__register_hit__isnull=True)
    for name in DECENT_WORK_CRITERIA:
        q &= Q(**{f"employer__{name}": True})
    return q


def bucket(days: float, buckets=DAYS_BUCKETS) -> str:
    return next(label for low, high, label in buckets if low <= days <= high)


def _with_keys(rows: list[tuple[int, dict]]) -> list[Unit]:
    keys = person_keys(case for case, _u in rows)
    units = []
    for case, spec in rows:
        if case not in keys:
            continue
        units.append(Unit(person=case, keys={**keys[case], **spec.pop("keys", {})}, **spec))
    return units


def _trade(code: str) -> str:
    return code or "unknown"


def training_to_decent_work(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per survivor who completed training in the period and later started decent work:
    days from the first completion in the period to the first decent-work placement after it."""
    completions: dict[int, tuple[dt.date, dict[str, str]]] = {}
    for case_id, completed_on, provider, name, isco in (
            Enrolment.objects.filter(scope_q(scope, "case__"), case__isnull=False, status__in=ENDED,
                                     completed_on__gte=start, completed_on__lte=end)
            .order_by("completed_on", "id")
            .values_list("case_id", "completed_on", "organization__name", "programme__name", "programme__isco_code")):
        if case_id is not None and completed_on is not None:
            completions.setdefault(case_id, (completed_on, {"provider": provider, "programme": name,
                                                            "trade": _trade(isco)}))
    if not completions:
        return []
    first_job: dict[int, dt.date] = {}
    jobs = (row for chunk in batched(completions) for row in Placement.objects.filter(
        decent_placements(), case_id__in=chunk, started_on__lte=as_of).order_by("started_on")
        .values_list("case_id", "started_on"))
    for case_id, started_on in jobs:
        completed_on = completions[case_id][0]
        if started_on >= completed_on:
            first_job.setdefault(case_id, started_on)
    rows = []
    for case_id, started_on in first_job.items():
        completed_on, keys = completions[case_id]
        days = (started_on - completed_on).days
        rows.append((case_id, {"value": float(days), "facet": bucket(days), "keys": dict(keys)}))
    return _with_keys(rows)


def retention(months: int):
    def units(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
        """One unit per survivor (their first placement started in the period) whose month-`months`
        check is due by the as-of date and whose answer is known: the check says still employed or
        not, or the placement ended before the check was due (later checks are then cancelled)."""
        placements: dict[int, tuple] = {}
        for row in (Placement.objects.filter(scope_q(scope, "case__"), started_on__gte=start, started_on__lte=end)
                    .order_by("started_on", "id")
                    .values_list("case_id", "id", "started_on", "ended_on", "organization__name", "isco_code")):
            placements.setdefault(row[0], row)
        checks = {placement_id: (due_on, still) for chunk in batched(p[1] for p in placements.values())
                  for placement_id, due_on, still in RetentionCheck.objects.filter(
                      placement_id__in=chunk, month=months).values_list("placement_id", "due_on", "still_employed")}
        rows = []
        for case_id, placement_id, started_on, ended_on, provider, isco in placements.values():
            due, still = checks.get(placement_id, (add_months(started_on, months), None))
            if due > as_of:
                continue
            if still is not None:
                held = bool(still)
            elif ended_on is not None and ended_on <= due:
                held = False
            else:
                continue
            rows.append((case_id, {"hit": held, "keys": {"provider": provider, "trade": _trade(isco)}}))
        return _with_keys(rows)
    return units


def reason_label(category: str) -> str:
    """The published reason: a label from training's fixed list, never the private free-text note."""
    return str(DropoutReason(category).label) if category in DropoutReason.values else "not recorded"


def dropout(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per survivor enrolment that ended in the period (completed or dropped out); dropouts
    are the numerator and carry their reason from training's fixed list (the free-text note is never
    read). Reasons recorded fewer times than the threshold are pooled before publication (publish.py)."""
    ended = (Q(status__in=ENDED, completed_on__gte=start, completed_on__lte=end)
             | Q(status=Enrolment.Status.DROPPED_OUT, dropped_out_on__gte=start, dropped_out_on__lte=end))
    rows: list[tuple[int, dict]] = []
    for case_id, status, reason, provider, name, isco in (
            Enrolment.objects.filter(scope_q(scope, "case__"), ended, case__isnull=False)
            .values_list("case_id", "status", "dropout_category", "organization__name", "programme__name",
                         "programme__isco_code")):
        dropped = status == Enrolment.Status.DROPPED_OUT
        rows.append((case_id, {"hit": dropped, "facet": reason_label(reason) if dropped else "",
                               "keys": {"provider": provider, "programme": name, "trade": _trade(isco)}}))
    return _with_keys(rows)


def apprenticeships(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per survivor who started an apprenticeship or internship in the period."""
    first: dict[int, Placement] = {}
    for placement in (Placement.objects.filter(scope_q(scope, "case__"), started_on__gte=start, started_on__lte=end,
                                               kind__in=[Placement.Kind.APPRENTICESHIP, Placement.Kind.INTERNSHIP])
                      .select_related("organization").order_by("started_on", "id")):
        first.setdefault(placement.case_id, placement)
    return _with_keys([(case, {"facet": p.kind,
                                "keys": {"provider": p.organization.name, "trade": _trade(p.isco_code)}})
                       for case, p in first.items()])


def viable_enterprises(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per enterprise that started trading in the period at least 12 months before the
    as-of date and whose situation at 12 months is known: the first viability check on or after
    the first anniversary says whether it still trades; without one, a closed enterprise counts as
    not viable and an open one is left out (not known)."""
    enterprises = list(Enterprise.objects.filter(scope_q(scope, "case__"), started_on__gte=start, started_on__lte=end)
                       .select_related("organization"))
    checks: dict[int, list[ViabilityCheck]] = {}
    for chunk in batched(e.id for e in enterprises):
        for check in ViabilityCheck.objects.filter(enterprise_id__in=chunk).order_by("checked_on"):
            checks.setdefault(check.enterprise_id, []).append(check)
    rows = []
    for enterprise in enterprises:
        assert enterprise.started_on is not None
        anniversary = add_months(enterprise.started_on, 12)
        if anniversary > as_of:
            continue
        later = [c for c in checks.get(enterprise.id, []) if c.checked_on >= anniversary]
        if later:
            trading = later[0].trading
        elif enterprise.status == Enterprise.Status.CLOSED:
            trading = False
        else:
            continue
        rows.append((enterprise.case_id, {"hit": trading, "keys": {"provider": enterprise.organization.name,
                                                                    "trade": _trade(enterprise.isco_code)}}))
    return _with_keys(rows)


def decent_work_by_wave(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per survivor and follow-up wave (months since the case opened) with a follow-up
    contact done in the period; in the numerator when, on the day of the latest such contact, the
    survivor held a decent-work placement."""
    latest: dict[tuple[int, str], dt.date] = {}
    for case_id, opened_on, done_on in (FollowUp.objects.filter(scope_q(scope, "case__"), done_on__gte=start,
                                                                done_on__lte=end)
                                        .order_by("done_on").values_list("case_id", "case__opened_on", "done_on")):
        if done_on is None:
            continue
        wave = bucket(max((done_on - opened_on).days, 0), WAVES)
        latest[(case_id, wave)] = done_on
    jobs: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    held_jobs = (row for chunk in batched(c for c, _w in latest) for row in Placement.objects.filter(
        decent_placements(), case_id__in=chunk).values_list("case_id", "started_on", "ended_on"))
    for case_id, started_on, ended_on in held_jobs:
        jobs.setdefault(case_id, []).append((started_on, ended_on))
    rows = []
    for (case_id, wave), day in latest.items():
        held = any(s <= day and (e is None or e > day) for s, e in jobs.get(case_id, []))
        rows.append((case_id, {"hit": held, "keys": {"wave": wave}}))
    return _with_keys(rows)


def reason_counts(units: list[Unit]) -> Counter[str]:
    return Counter(u.facet for u in units if u.hit)
