"""The demo hooks of directory and referrals produce usable data (recipient view included)."""

from __future__ import annotations

import datetime as dt
import random

from reintegra.demo.generator import DemoContext
from reintegra.directory import demo as directory_demo
from reintegra.directory.models import Service
from reintegra.referrals import demo as referrals_demo
from reintegra.referrals.models import ACTIVE, Referral
from reintegra.referrals.selectors import recipient_may_see_case


def test_demo_hooks(network):
    ctx = DemoContext(rng=random.Random(1), scale="small", today=dt.date.today(),
                      organizations={o.name: o for o in (network.shelter, network.provider_org, network.other)},
                      case_ids=[network.case.pk])
    directory_demo.populate(ctx)
    referrals_demo.populate(ctx)
    assert Service.objects.filter(provider__member=network.other).exists()
    referrals = [r for r in Referral.objects.all() if r.reason != "Wants to learn tailoring"]  # encrypted column
    assert referrals and all(r.recipient_id != r.organization_id for r in referrals)
    active = [r for r in referrals if r.status in ACTIVE]
    assert all(recipient_may_see_case(r) for r in active)
