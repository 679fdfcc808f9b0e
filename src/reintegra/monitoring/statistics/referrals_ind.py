"""Referral, feedback and mentoring indicators (3h: the network between institutions, satisfied
beneficiaries, enough coaches and mentors; 3b.2: provider outcomes). Units as in units.py; the
provider is the organisation a referral was sent to."""

from __future__ import annotations

import datetime as dt

from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.units import Unit, person_keys, scope_q
from reintegra.referrals.models import Feedback, Referral, Status

SATISFIED_FROM = 4  # ratings 4 and 5 of 5


def _units(rows: list[tuple[int, dict]]) -> list[Unit]:
    keys = person_keys(case for case, _spec in rows)
    return [Unit(person=case, keys={**keys[case], **spec.pop("keys")}, **spec) for case, spec in rows if case in keys]


def referrals_answered(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per referral sent and answered (accepted or declined) in the period: accepted ones
    are the numerator, the days from sending to the answer the median."""
    rows = []
    for referral in (Referral.objects.filter(scope_q(scope, "case__"), sent_at__isnull=False,
                                             responded_at__date__gte=start, responded_at__date__lte=end)
                     .select_related("recipient")):
        assert referral.responded_at is not None and referral.sent_at is not None
        days = (referral.responded_at - referral.sent_at).total_seconds() / 86400
        rows.append((referral.case_id, {"hit": referral.status != Status.DECLINED, "value": round(days, 2),
                                        "keys": {"provider": referral.recipient.name}}))
    return _units(rows)


def referrals_closed_after_acceptance(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per accepted referral closed in the period (completed or cancelled); completed
    ones are the numerator."""
    rows = []
    for referral in (Referral.objects.filter(scope_q(scope, "case__"), responded_at__isnull=False,
                                             closed_at__date__gte=start, closed_at__date__lte=end,
                                             status__in=[Status.COMPLETED, Status.CANCELLED])
                     .select_related("recipient")):
        rows.append((referral.case_id, {"hit": referral.status == Status.COMPLETED,
                                        "keys": {"provider": referral.recipient.name}}))
    return _units(rows)


def beneficiary_feedback(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per feedback response recorded in the period; ratings of 4 or 5 are satisfied."""
    rows = []
    for case_id, rating, recipient in (Feedback.objects.filter(scope_q(scope, "referral__case__"),
                                                               created_at__date__gte=start, created_at__date__lte=end)
                                       .values_list("referral__case_id", "rating", "referral__recipient__name")):
        rows.append((case_id, {"hit": rating >= SATISFIED_FROM, "keys": {"provider": recipient}}))
    return _units(rows)
