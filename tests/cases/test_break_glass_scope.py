"""A break-glass grant gives access only while the user still holds break-glass in the organisation
that owns the case: not after the membership is revoked, nor after the case moved to another owner."""

from __future__ import annotations

import pytest

from reintegra.cases.selectors import cases_visible_to
from reintegra.cases.services import case_break_glass
from reintegra.core.models import Membership, Role

pytestmark = pytest.mark.django_db
REASON = "The survivor called the hotline at night and her case manager is away."


@pytest.fixture
def colleague(make_member, org):
    return make_member(org, Role.CASE_MANAGER, username="colleague")


@pytest.fixture
def granted(case, colleague):
    case_break_glass(actor=colleague, case_id=case.pk, reason=REASON)
    assert cases_visible_to(user=colleague).filter(pk=case.pk).exists()
    return case


def test_grant_ends_when_the_membership_is_revoked(granted, colleague):
    Membership.objects.filter(user=colleague).update(is_active=False)
    assert not cases_visible_to(user=colleague).filter(pk=granted.pk).exists()


def test_grant_ends_when_the_case_moves_to_another_organisation(granted, colleague, make_org):
    new_owner = make_org(name="New owner")
    granted.organization = new_owner
    granted.save(update_fields=["organization"])
    assert not cases_visible_to(user=colleague).filter(pk=granted.pk).exists()


def test_grant_still_works_while_in_force(granted, colleague):
    assert cases_visible_to(user=colleague).filter(pk=granted.pk).exists()
