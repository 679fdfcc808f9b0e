"""ADR 0002: suppressed aggregates count every survivor in scope; person-level files only those
who agreed to anonymised statistics."""

from __future__ import annotations

from reintegra.employment.models import Placement
from reintegra.monitoring.releases import ctdc_release
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import figures as raw
from reintegra.monitoring.statistics import pathway
from reintegra.people.models import Consent, ConsentPurpose

from .pathway_fixtures import D, employer, new_case, place


def test_refusal_keeps_survivor_in_aggregates_and_out_of_person_level_files(make_org):
    org = make_org(name="Shelter")
    scope = Scope(organization_ids=(org.pk,))
    cases = [new_case(org, opened=D(2024, 2, 1)) for _n in range(12)]
    emp = employer(org)
    for case in cases:
        place(case, emp, D(2024, 3, 1), kind=Placement.Kind.APPRENTICESHIP)
    for case in cases[:11]:
        Consent.objects.create(organization=org, survivor=case.survivor, purpose=ConsentPurpose.STATISTICS,
                               given=True, recorded_on=D(2024, 2, 1))
    refused = cases[11].survivor
    Consent.objects.create(organization=org, survivor=refused, purpose=ConsentPurpose.STATISTICS, given=True,
                           recorded_on=D(2024, 2, 1))
    Consent.objects.create(organization=org, survivor=refused, purpose=ConsentPurpose.STATISTICS, given=False,
                           recorded_on=D(2024, 5, 1))

    figures = raw.compute(scope, D(2024, 1, 1), D(2024, 12, 31), D(2026, 1, 1))
    assert figures.bases["opened"][""][""] == 12
    units = pathway.apprenticeships(scope, D(2024, 1, 1), D(2024, 12, 31), D(2026, 1, 1))
    assert len(units) == 12 and cases[11].pk in {u.person for u in units}
    release = ctdc_release(scope, D(2024, 1, 1), D(2024, 12, 31), k=5)
    assert release.facts["records_in"] == 11
