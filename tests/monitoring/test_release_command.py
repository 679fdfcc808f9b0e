"""`reintegra release` from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from reintegra.core.models import AuditEvent
from reintegra.monitoring.models import PrivacySpend

from .fixtures import known_scenario

PERIOD = ["--start", "2024-01-01", "--end", "2024-12-31"]


@pytest.fixture
def data(make_org):
    org = make_org(name="A", country="NP")
    known_scenario(org)
    return org


def run(*args) -> str:
    out = io.StringIO()
    call_command("release", *args, stdout=out)
    return out.getvalue()


def test_suppressed_release(data):
    text = run("suppressed", "--dimension", "age_group", *PERIOD)
    assert "# threshold,5" in text and "35-49,7" in text and "15-17,\r\n" in text and "total,15" in text
    assert AuditEvent.objects.filter(object_type="monitoring.release.suppressed").exists()


def test_public_release_charges_the_ledger(data):
    text = run("public", "--dimension", "sex", "--epsilon", "1", *PERIOD)
    assert "# epsilon,1.0" in text and "# epsilon_left,2.0" in text
    spend = PrivacySpend.objects.get()
    assert spend.actor_label == "cli" and spend.budget.dataset == "cases:network"
    run("public", "--dimension", "sex", "--epsilon", "2", *PERIOD)
    with pytest.raises(CommandError, match="exhausted"):
        run("public", "--dimension", "age_group", "--epsilon", "0.5", *PERIOD)


def _statistics_consent(org, *, refusing: int = 0) -> None:
    """Everyone in `org` agrees to anonymised statistics, except the first `refusing` survivors."""
    from reintegra.people.models import Consent, Survivor

    for n, survivor in enumerate(Survivor.objects.filter(organization=org).order_by("id")):
        Consent.objects.create(organization=org, survivor=survivor, purpose="statistics", given=n >= refusing)


def test_ctdc_release_leaves_out_people_without_statistics_consent(data):
    assert "# records_in,0" in run("ctdc", *PERIOD)   # nobody asked yet: nobody in the file
    _statistics_consent(data, refusing=3)
    text = run("ctdc", "--k", "6", *PERIOD)
    assert "# records_in,12" in text   # 15 in the period, 3 refused


def test_ctdc_k_is_never_below_the_small_cell_threshold(data, settings):
    _statistics_consent(data)
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 5
    assert "# k,5" in run("ctdc", "--k", "2", *PERIOD)


def test_ctdc_release_reports_suppressed_records(data):
    _statistics_consent(data)
    text = run("ctdc", "--k", "11", *PERIOD)
    assert "# k,11" in text and "# records_in,15" in text and "# suppressed,15" in text
    text = run("ctdc", "--k", "6", *PERIOD)
    assert "# suppressed,2" in text and "2024,Feminine,30--38,NPL,no,Adult" in text
