"""Provider outcome tracking (3b.2 "impact and outcomes"): per provider and service, referrals
received, acceptance, response time, completion, outcomes and feedback; with small-cell suppression.

Counts below the threshold are shown as "<N" and rates over fewer referrals than the threshold are
withheld, so no figure can single out a survivor. Totals are suppressed together with their cells.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
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

    def _count(self, value: int) -> str:
        return f"<{THRESHOLD}" if 0 < value < THRESHOLD else str(value)

    @property
    def suppressed(self) -> bool:
        return self.received < THRESHOLD

    def _rate(self, numerator: int, denominator: int) -> float | None:
        if denominator < THRESHOLD:
            return None
        return numerator / denominator

    @property
    def acceptance_rate(self) -> float | None:
        return self._rate(self.accepted, self.received)

    @property
    def completion_rate(self) -> float | None:
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
        return {"received": self._count(self.received), "accepted": self._count(self.accepted),
                "completed": self._count(self.completed), "achieved": self._count(self.achieved),
                "training_completed": self._count(self.training_completed),
                "employed": self._count(self.employed)}

    @property
    def support_reasons(self) -> list[str]:
        reasons = []
        if self.acceptance_rate is not None and self.acceptance_rate < SUPPORT_RULES["acceptance"]:
            reasons.append("acceptance")
        if self.completion_rate is not None and self.completion_rate < SUPPORT_RULES["completion"]:
            reasons.append("completion")
        if self.median_response_days is not None and self.median_response_days > SUPPORT_RULES["response_days"]:
            reasons.append("response_time")
        return reasons


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
    return sorted(rows.values(), key=lambda r: (r.organization, r.service))


def providers_needing_support(*, user: Any) -> list[ProviderRow]:
    return [row for row in provider_outcomes(user=user) if not row.suppressed and row.support_reasons]
