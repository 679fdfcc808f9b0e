"""Direct identifiers on the case (the guardian of a child, safe-contact instructions) reach only roles
holding survivor.view_identity, on the page, the section forms and the API — not every team member."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.cases.services import case_assign, protection_save
from reintegra.core.models import Role

pytestmark = pytest.mark.django_db

GUARDIAN = "Sita Guardianname"
GUARDIAN_CONTACT = "+977 5559999"


@pytest.fixture
def child_case(case, case_manager, supervisor, make_member, org):
    protection_save(actor=case_manager, case=case, age_uncertain=True, guardian_name=GUARDIAN,
                    guardian_contact=GUARDIAN_CONTACT)
    return case


@pytest.fixture
def trainer(child_case, case_manager, supervisor, make_member, org):
    """A trainer on the case team: sees the case, but not the person's identity."""
    member = make_member(org, Role.TRAINER, username="trainer")
    case_assign(actor=supervisor, case=child_case, case_manager=case_manager, team=[member])
    return member


def test_trainer_on_the_team_does_not_see_the_guardian_on_the_case_page(client, child_case, trainer):
    client.force_login(trainer)
    response = client.get(reverse("cases:detail", args=[child_case.pk]))
    assert response.status_code == 200
    assert GUARDIAN not in response.content.decode()


def test_case_manager_sees_the_guardian_on_the_case_page(client, child_case, case_manager):
    client.force_login(case_manager)
    response = client.get(reverse("cases:detail", args=[child_case.pk]))
    assert GUARDIAN in response.content.decode()


@pytest.mark.parametrize("section", ["protection", "contact"])
def test_identity_sections_are_missing_for_roles_without_identity(client, child_case, trainer, section):
    child_case.survivor.safe_contact_instructions = "Call her aunt Radha at the tea shop"
    child_case.survivor.save(update_fields=["safe_contact_instructions"])
    client.force_login(trainer)
    response = client.get(reverse("cases:section", args=[child_case.pk, section]))
    assert response.status_code == 404
    body = response.content.decode()
    assert GUARDIAN not in body and "Radha" not in body


def test_identity_sections_open_for_the_case_manager(client, child_case, case_manager):
    client.force_login(case_manager)
    response = client.get(reverse("cases:section", args=[child_case.pk, "protection"]))
    assert response.status_code == 200
    assert GUARDIAN in response.content.decode()


def test_protection_api_blanks_the_guardian_for_roles_without_identity(child_case, trainer, case_manager):
    api = APIClient()
    api.force_authenticate(trainer)
    response = api.get(f"/api/v1/cases/{child_case.pk}/protection/")
    assert response.status_code == 200
    body = response.json()
    assert body["age_uncertain"] is True
    assert body["guardian_name"] == "" and body["guardian_contact"] == ""
    api.force_authenticate(case_manager)
    body = api.get(f"/api/v1/cases/{child_case.pk}/protection/").json()
    assert body["guardian_name"] == GUARDIAN and body["guardian_contact"] == GUARDIAN_CONTACT
