"""By-service rows add up to the by-provider row: a count suppressed in one service row must not be
recoverable by subtracting the other service rows from the provider's total."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reintegra.core.models import Role
from reintegra.referrals.models import Referral, Status
from reintegra.referrals.outcomes import THRESHOLD, provider_outcomes


def _bulk(network, service, n, status=Status.COMPLETED, outcome="achieved"):
    now = timezone.now()
    Referral.objects.bulk_create([Referral(
        organization=network.shelter, case=network.case, recipient=network.provider_org, service=service,
        reason="x", shared_sections=["summary"], status=status, response_due=dt.date.today(), outcome=outcome,
        sent_at=now - dt.timedelta(hours=24), responded_at=now, closed_at=now) for _ in range(n)])


def test_a_lone_suppressed_service_count_hides_a_second_one(network, make_member):
    from tests.referrals.conftest import make_service

    officer = make_member(network.other, Role.ME_OFFICER)
    sewing = make_service(network.service.provider, "Sewing course", places_available=4)
    _bulk(network, network.service, 9)
    _bulk(network, sewing, 3)
    (total,) = provider_outcomes(user=officer)
    assert total.shown()["received"] == "12"
    rows = {r.service: r for r in provider_outcomes(user=officer, by_service=True)}
    assert rows["Sewing course"].shown()["received"] == f"<{THRESHOLD}"
    # Without a second hidden cell, 12 - 9 would give the 3 away.
    assert rows["Tailoring course"].shown()["received"] == f"<{THRESHOLD}"
    assert rows["Tailoring course"].acceptance_rate is None and rows["Tailoring course"].completion_rate is None


def test_no_extra_suppression_when_nothing_is_small(network, make_member):
    from tests.referrals.conftest import make_service

    officer = make_member(network.other, Role.ME_OFFICER)
    sewing = make_service(network.service.provider, "Sewing course", places_available=4)
    _bulk(network, network.service, 9)
    _bulk(network, sewing, 6)
    rows = {r.service: r for r in provider_outcomes(user=officer, by_service=True)}
    assert rows["Tailoring course"].shown()["received"] == "9"
    assert rows["Sewing course"].shown()["received"] == "6"
