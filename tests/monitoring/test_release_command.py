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


def test_ctdc_release_reports_suppressed_records(data):
    text = run("ctdc", "--k", "11", *PERIOD)
    assert "# k,11" in text and "# records_in,15" in text and "# suppressed,15" in text
    text = run("ctdc", "--k", "6", *PERIOD)
    assert "# suppressed,2" in text and "2024,Feminine,30--38,NPL,no,Adult" in text
