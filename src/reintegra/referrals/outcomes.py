"""Provider outcome tracking (3b.2 "impact and outcomes"): per provider and service, referrals
received, acceptance, response time, completion, outcomes and feedback; with small-cell suppression.

Counts below the threshold are shown as "<N" and rates over fewer referrals than the threshold are
withheld, so no figure can single out a survivor. Totals are suppressed together with their cells.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from reintegra.core.permissions import organizations_with
from reintegra.referrals.models import Outcome, Referral, Status

THRESHOLD = getattr(settings, "REINTEGRA_SUPPRESSION_THRESHOLD", 5)
SUPPORT_RULES = {"acceptance": 0.5, "completion": 0.5, "response_days": 7.0}


@dataclass
class ProviderRow:
    organization_id: int
    organization: str
    service: str
    received: int
    accepted: int
    completed: int
    closed_after_acceptance: int
    achieved: int
    training_completed: int
    employed: int
    response_hours: list[float]
    ratings: list[int]
    later_training: int = 0  # referred survivors who later completed training with this provider
    later_employed_6m: int = 0  # referred survivors still in work at the 6-month retention check
    hidden: set[str] = field(default_factory=set)  # counts hidden by complementary suppression

    def _count(self, value: int, name: str = "") -> str:
        return f"<{THRESHOLD}" if 0 < value < THRESHOLD or name in self.hidden else str(value)

    @property
    def suppressed(self) -> bool:
        return self.received < THRESHOLD

    @staticmethod
    def _small(value: int) -> bool:
        return 0 < value < THRESHOLD

    def _rate(self, numerator: int, denominator: int) -> float | None:
        """Shown only when neither part nor its complement is a small cell: with the count of
        referrals on screen, a rate would otherwise give a suppressed count away."""
        if denominator < THRESHOLD or self._small(numerator) or self._small(denominator - numerator):
            return None
        return numerator / denominator

    @staticmethod
    def _raw_rate(numerator: int, denominator: int) -> float | None:
        return numerator / denominator if denominator >= THRESHOLD else None

    @property
    def acceptance_rate(self) -> float | None:
        if self.hidden & {"received", "accepted"}:  # the rate and the other count would give it away
            return None
        return self._rate(self.accepted, self.received)

    @property
    def completion_rate(self) -> float | None:
        if "completed" in self.hidden:
            return None
        return self._rate(self.completed, self.closed_after_acceptance)

    @property
    def median_response_days(self) -> float | None:
        if len(self.response_hours) < THRESHOLD:
            return None
        return round(statistics.median(self.response_hours) / 24, 1)

    @property
    def mean_rating(self) -> float | None:
        return round(statistics.mean(self.ratings), 1) if len(self.ratings) >= THRESHOLD else None

    def shown(self) -> dict[str, Any]:
        return {name: self._count(getattr(self, name), name) for name in COUNT_FIELDS}

    @property
    def support_reasons(self) -> list[str]:
        """For coordinators, not for publication: flags use the exact rates over enough referrals
        (a flag names a provider, never a survivor)."""
        reasons = []
        acceptance = self._raw_rate(self.accepted, self.received)
        completion = self._raw_rate(self.completed, self.closed_after_acceptance)
        if acceptance is not None and acceptance < SUPPORT_RULES["acceptance"]:
            reasons.append("acceptance")
        if completion is not None and completion < SUPPORT_RULES["completion"]:
            reasons.append("completion")
        if self.median_response_days is not None and self.median_response_days > SUPPORT_RULES["response_days"]:
            reasons.append("response_time")
        return reasons


COUNT_FIELDS = ("received", "accepted", "completed", "achieved", "training_completed", "employed",
                "later_training", "later_employed_6m")


def _complementary_suppression(rows: list[ProviderRow]) -> None:
    """Service rows of one provider add up to the provider's row (shown on the "by provider" view):
    when a count is suppressed in exactly one of them, hide the smallest other one as well, so the
    suppressed count cannot be recovered by subtraction."""
    by_provider: dict[int, list[ProviderRow]] = defaultdict(list)
    for row in rows:
        by_provider[row.organization_id].append(row)
    for group in by_provider.values():
        if len(group) < 2:
            continue
        for name in COUNT_FIELDS:
            small = [r for r in group if ProviderRow._small(getattr(r, name))]
            if len(small) != 1:
                continue
            others = sorted((r for r in group if r is not small[0]), key=lambda r: getattr(r, name))
            others[0].hidden.add(name)


def provider_outcomes(*, user: Any, by_service: bool = False) -> list[ProviderRow]:
    """Aggregates over every referral in the network; only for holders of referral.outcomes."""
    if not organizations_with(user, "referral.outcomes"):
        return []
    rows: dict[tuple[int, str], ProviderRow] = {}
    ratings: dict[int, list[int]] = defaultdict(list)
    referrals = (Referral.objects.exclude(status=Status.DRAFT)
                 .values_list("id", "recipient_id", "recipient__name", "service__name", "status", "sent_at",
                              "responded_at", "outcome"))
    from reintegra.referrals.models import Feedback

    for referral_id, rating in Feedback.objects.values_list("referral_id", "rating"):
        ratings[referral_id].append(rating)
    for rid, org_id, org_name, service_name, status, sent_at, responded_at, outcome in referrals.iterator():
        key = (org_id, (service_name or "") if by_service else "")
        row = rows.get(key)
        if row is None:
            row = rows[key] = ProviderRow(org_id, org_name, key[1], 0, 0, 0, 0, 0, 0, 0, [], [])
        row.received += 1
        if status in {Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED} or (
                status == Status.CANCELLED and responded_at):
            row.accepted += 1
        if status in {Status.COMPLETED} or (status == Status.CANCELLED and responded_at):
            row.closed_after_acceptance += 1
        if status == Status.COMPLETED:
            row.completed += 1
            row.achieved += outcome in {Outcome.ACHIEVED, Outcome.TRAINING_COMPLETED, Outcome.EMPLOYED}
            row.training_completed += outcome == Outcome.TRAINING_COMPLETED
            row.employed += outcome == Outcome.EMPLOYED
        if sent_at and responded_at:
            row.response_hours.append((responded_at - sent_at).total_seconds() / 3600)
        row.ratings.extend(ratings.get(rid, []))
    _add_later_outcomes(rows, by_service)
    result = sorted(rows.values(), key=lambda r: (r.organization, r.service))
    if by_service:
        _complementary_suppression(result)
    return result


def _add_later_outcomes(rows: dict[tuple[int, str], ProviderRow], by_service: bool) -> None:
    """Training completed (training app) and employment at 6 months (employment app) of the
    survivors each provider accepted, counted once per provider and case, where those records exist."""
    accepted = (Referral.objects.filter(status__in=[Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED])
                .values_list("recipient_id", "service__name", "case_id", "sent_at").distinct())
    pairs: dict[tuple[int, str], set[int]] = defaultdict(set)
    earliest: dict[int, Any] = {}
    for org_id, service_name, case_id, sent_at in accepted:
        pairs[(org_id, (service_name or "") if by_service else "")].add(case_id)
        if sent_at and (case_id not in earliest or sent_at < earliest[case_id]):
            earliest[case_id] = sent_at
    case_ids = {c for cases in pairs.values() for c in cases}
    if not case_ids:
        return
    trained: set[tuple[int, int]] = set()
    employed: set[int] = set()
    try:
        from reintegra.training.models import Enrolment

        trained = set(Enrolment.objects.filter(case_id__in=case_ids, status__in=["completed", "certified"])
                      .values_list("organization_id", "case_id"))
    except (ImportError, LookupError):
        pass
    try:
        from reintegra.employment.models import RetentionCheck

        for case_id, started in (RetentionCheck.objects.filter(month=6, still_employed=True,
                                                               placement__case_id__in=case_ids)
                                 .values_list("placement__case_id", "placement__started_on")):
            first = earliest.get(case_id)
            if first is None or started >= first.date():
                employed.add(case_id)
    except (ImportError, LookupError):
        pass
    for key, cases in pairs.items():
        row = rows.get(key)
        if row is None:
            continue
        row.later_training = sum(1 for c in cases if (key[0], c) in trained)
        row.later_employed_6m = sum(1 for c in cases if c in employed)


def providers_needing_support(*, user: Any) -> list[ProviderRow]:
    return [row for row in provider_outcomes(user=user) if not row.suppressed and row.support_reasons]
