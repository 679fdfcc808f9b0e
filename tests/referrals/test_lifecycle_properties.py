"""Any sequence of actions keeps a referral inside the lifecycle, and the recipient's view of the
case follows the status (hypothesis)."""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.referrals import selectors, services
from reintegra.referrals.models import ACTIVE, CLOSED, TRANSITIONS, Status

ACTIONS = ["send", "accept", "decline", "start", "complete", "cancel", "expire"]


def _apply(network, referral, action):
    if action == "send":
        services.referral_send(actor=network.manager, referral=referral)
    elif action == "accept":
        services.referral_accept(actor=network.provider_staff, referral=referral)
    elif action == "decline":
        services.referral_decline(actor=network.provider_staff, referral=referral, reason="full")
    elif action == "start":
        services.referral_start(actor=network.provider_staff, referral=referral)
    elif action == "complete":
        services.referral_complete(actor=network.provider_staff, referral=referral, outcome="achieved")
    elif action == "cancel":
        services.referral_cancel(actor=network.manager, referral=referral, reason="moved")
    else:
        import datetime as dt

        services.referrals_expire(today=referral.response_due + dt.timedelta(days=1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(st.sampled_from(ACTIONS), max_size=8))
def test_random_action_sequences_stay_in_the_lifecycle(network, actions):
    from tests.referrals.conftest import give_consent

    give_consent(network.case, network.manager, network.provider_org)
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="x", sections=["summary"])
    for action in actions:
        before = referral.status
        with contextlib.suppress(ValidationError, PermissionDenied, Http404):
            _apply(network, referral, action)
        referral.refresh_from_db()
        assert referral.status == before or referral.status in TRANSITIONS.get(before, set())
        if before in CLOSED:
            assert referral.status == before
        try:
            selectors.referred_case_view(user=network.provider_staff, referral_id=referral.pk)
            visible = True
        except Http404:
            visible = False
        assert visible == (referral.status in ACTIVE or referral.status == Status.COMPLETED)
