"""The data migrations: old employer disclosure rows move into people.Consent with their history,
and clear-text witness and note columns are sealed in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0003_employer_disclosure"), ("employment", "0001_initial")]
AFTER = [("people", "0004_consent_encrypt_witness_note"), ("employment", "0002_employer_disclosure")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_disclosures_move_with_their_history_and_text_is_sealed():
    old = _migrate(BEFORE)
    Organization = old.get_model("core", "Organization")
    Survivor = old.get_model("people", "Survivor")
    Case = old.get_model("cases", "Case")
    Employer = old.get_model("employment", "Employer")
    Disclosure = old.get_model("employment", "DisclosureConsent")
    Consent = old.get_model("people", "Consent")
    org = Organization.objects.create(name="Shelter migrated")
    survivor = Survivor.objects.create(organization=org, code="S-MIGR-0001")
    case = Case.objects.create(organization=org, survivor=survivor)
    employer = Employer.objects.create(organization=org, name="Mill")
    Disclosure.objects.create(organization=org, case=case, employer=employer, given_on=dt.date(2026, 1, 5),
                              witness="Neighbour Ana", withdrawn_on=dt.date(2026, 3, 1))
    Disclosure.objects.create(organization=org, case=case, employer=employer, given_on=dt.date(2026, 4, 2))
    Consent.objects.create(organization=org, survivor=survivor, purpose="services", given=True,
                           witness="Brother Joao", note="Agreed on the phone")

    new = _migrate(AFTER)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT witness, note FROM people_consent WHERE purpose = 'services'")
            witness, note = cursor.fetchone()
        assert witness.startswith("v1.") and "Joao" not in witness and "phone" not in note
        from reintegra.people.models import Consent as LiveConsent

        services = LiveConsent.objects.get(purpose="services")
        assert (services.witness, services.note) == ("Brother Joao", "Agreed on the phone")
        moved = list(LiveConsent.objects.filter(purpose="employer_disclosure").order_by("recorded_on", "id"))
        assert [(c.recorded_on, c.given, c.employer_id) for c in moved] == [
            (dt.date(2026, 1, 5), True, employer.pk), (dt.date(2026, 3, 1), False, employer.pk),
            (dt.date(2026, 4, 2), True, employer.pk)]
        assert moved[0].witness == "Neighbour Ana"
        assert "DisclosureConsent" not in {m.__name__ for m in new.get_app_config("employment").get_models()}
    finally:
        _migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
