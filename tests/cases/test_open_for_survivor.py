"""Opening a new case for an existing survivor hands their identity to the new case's team: only
someone who already sees a case of that survivor may do it; anyone else gets "not found"."""

from __future__ import annotations

import pytest
from django.http import Http404

from reintegra.cases.models import Case
from reintegra.cases.services import case_open_for_survivor
from reintegra.core.models import Role

pytestmark = pytest.mark.django_db


def test_case_manager_of_another_organisation_cannot_open_a_case_for_someone_elses_survivor(case, make_org,
                                                                                          make_member):
    elsewhere = make_org(name="Elsewhere")
    stranger = make_member(elsewhere, Role.CASE_MANAGER, username="stranger")
    with pytest.raises(Http404):
        case_open_for_survivor(actor=stranger, organization=elsewhere, survivor=case.survivor)
    assert Case.objects.filter(survivor=case.survivor).count() == 1


def test_colleague_without_access_cannot_either(case, make_member, org):
    colleague = make_member(org, Role.CASE_MANAGER, username="colleague")  # not on this case's team
    with pytest.raises(Http404):
        case_open_for_survivor(actor=colleague, organization=org, survivor=case.survivor)


def test_the_case_manager_can(case, case_manager, org):
    new = case_open_for_survivor(actor=case_manager, organization=org, survivor=case.survivor)
    assert new.survivor_id == case.survivor_id and new.case_manager == case_manager
