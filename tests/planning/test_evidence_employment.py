"""Evidence rules on post-training support (3g.1.1, 3g.1.2)."""

import datetime as dt
from decimal import Decimal

import pytest

from reintegra.planning import evidence


def propose(assessment, item_id):
    return evidence.propose_all(assessment).get(item_id)


@pytest.fixture(autouse=True)
def no_small_cell_suppression(settings):
    """These tests check each rule's arithmetic on a handful of records; suppression of small counts
    is tested in test_evidence_suppression.py."""
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 1


def test_startup_support(assessment, org, case_manager, make_case):
    from reintegra.employment.models import Enterprise, StartupSupport

    case = make_case(org, case_manager, opened_on=dt.date(2026, 2, 1))
    assert propose(assessment, "3g.1.1") is None
    first = Enterprise.objects.create(organization=org, case=case, name="Tailoring shop")
    assert propose(assessment, "3g.1.1").answer == "no"
    StartupSupport.objects.create(organization=org, enterprise=first, kind=StartupSupport.Kind.GRANT,
                                  amount=Decimal("300"))
    StartupSupport.objects.create(organization=org, enterprise=first, kind=StartupSupport.Kind.TRAINING)
    assert propose(assessment, "3g.1.1").answer == "yes"
    Enterprise.objects.create(organization=org, case=case, name="Food stall")
    proposal = propose(assessment, "3g.1.1")
    assert (proposal.answer, proposal.figures) == ("partly", {"enterprises": 2, "supported": 1})


def test_retention_follow_up(assessment, org, case_manager, make_case):
    from reintegra.employment.models import Placement, RetentionCheck

    case = make_case(org, case_manager, opened_on=dt.date(2026, 1, 10))
    placement = Placement.objects.create(organization=org, case=case, job_title="Cook",
                                         started_on=dt.date(2026, 2, 1))
    checks = {month: RetentionCheck.objects.get_or_create(
        organization=org, placement=placement, month=month,
        defaults={"due_on": dt.date(2026, 2, 1) + dt.timedelta(days=30 * month)})[0] for month in (1, 3, 6, 12)}
    assert propose(assessment, "3g.1.2").figures == {"checks_due": 3, "checks_done": 0}  # month 12 falls in 2027
    assert propose(assessment, "3g.1.2").answer == "no"
    for month in (1, 3):
        checks[month].done_on = checks[month].due_on
        checks[month].save()
    assert propose(assessment, "3g.1.2").answer == "partly"
    checks[6].done_on = checks[6].due_on
    checks[6].save()
    assert propose(assessment, "3g.1.2").answer == "yes"
