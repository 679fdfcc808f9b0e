"""Provider outcome tracking with small-cell suppression."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reintegra.core.models import Role
from reintegra.referrals.models import Referral, Status
from reintegra.referrals.outcomes import THRESHOLD, provider_outcomes, providers_needing_support


def _bulk(network, n, status, outcome="", hours=24):
    now = timezone.now()
    Referral.objects.bulk_create([Referral(
        organization=network.shelter, case=network.case, recipient=network.provider_org, service=network.service,
        reason="x", shared_sections=["summary"], status=status, response_due=dt.date.today(), outcome=outcome,
        sent_at=now - dt.timedelta(hours=hours), responded_at=now if status != Status.SENT else None,
        closed_at=now if status in {Status.COMPLETED, Status.DECLINED} else None) for _ in range(n)])


def test_small_cells_are_suppressed(network, make_member):
    officer = make_member(network.other, Role.ME_OFFICER)
    _bulk(network, 3, Status.COMPLETED, "employed")
    (row,) = provider_outcomes(user=officer)
    assert row.suppressed and row.shown()["received"] == f"<{THRESHOLD}" and row.shown()["employed"] == f"<{THRESHOLD}"
    assert row.acceptance_rate is None and row.completion_rate is None and row.median_response_days is None
    assert providers_needing_support(user=officer) == []


def test_rates_and_support_flags_once_enough_referrals(network, make_member):
    coordinator = make_member(network.other, Role.NETWORK_COORDINATOR)
    _bulk(network, 2, Status.COMPLETED, "training_completed", hours=48)
    _bulk(network, 8, Status.DECLINED, hours=240)
    (row,) = provider_outcomes(user=coordinator)
    assert row.received == 10 and row.shown()["received"] == "10"
    assert row.acceptance_rate is None  # 2 of 10: the rate would give the suppressed count away
    assert row.completion_rate is None  # only 2 closed after acceptance: withheld
    assert row.median_response_days == 10.0
    (flagged,) = providers_needing_support(user=coordinator)
    assert set(flagged.support_reasons) == {"acceptance", "response_time"}


def test_outcomes_need_the_permission(network):
    _bulk(network, 6, Status.COMPLETED, "achieved")
    assert provider_outcomes(user=network.manager) == []


def test_by_service_splits_rows(network, make_member):
    officer = make_member(network.shelter, Role.ME_OFFICER)
    _bulk(network, 5, Status.COMPLETED, "achieved")
    rows = provider_outcomes(user=officer, by_service=True)
    assert [(r.organization, r.service, r.completed) for r in rows] == [("Skills Centre", "Tailoring course", 5)]


def test_later_outcomes_from_training_and_employment(network, make_member):
    from reintegra.employment.models import Placement, RetentionCheck
    from reintegra.training.models import Enrolment, Programme

    officer = make_member(network.other, Role.ME_OFFICER)
    _bulk(network, 5, Status.COMPLETED, "achieved", hours=24)
    programme = Programme.objects.create(organization=network.provider_org, name="Tailoring", kind="vocational")
    Enrolment.objects.create(organization=network.provider_org, programme=programme, case=network.case,
                             status="certified")
    placement = Placement.objects.create(organization=network.shelter, case=network.case, job_title="Tailor",
                                         started_on=dt.date.today())
    RetentionCheck.objects.create(organization=network.shelter, placement=placement, month=6,
                                  due_on=dt.date.today(), still_employed=True)
    (row,) = provider_outcomes(user=officer)
    assert row.later_training == 1 and row.later_employed_6m == 1
    assert row.shown()["later_training"] == f"<{THRESHOLD}"  # one survivor: suppressed on screen


def test_rates_shown_when_no_part_is_a_small_cell(network, make_member):
    officer = make_member(network.other, Role.ME_OFFICER)
    _bulk(network, 6, Status.COMPLETED, "achieved")
    _bulk(network, 5, Status.DECLINED)
    (row,) = provider_outcomes(user=officer)
    assert row.acceptance_rate == 6 / 11 and row.completion_rate == 1.0
    assert row.shown()["accepted"] == "6"
