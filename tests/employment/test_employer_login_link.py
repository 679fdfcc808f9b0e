"""Linking a login to an employer: never a staff account, never a silent move from another
employer (an explicit confirmation step), always audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent, Role
from reintegra.employment.models import EmployerAccount
from reintegra.employment.services.employers import (
    LinkMoveNeedsConfirmation,
    employer_account_link,
    employer_create,
)


@pytest.fixture
def second_employer(world):
    return employer_create(actor=world.liaison, organization=world.shelter, name="Second Mill")


def test_a_staff_account_or_inactive_account_is_refused(world, employer, make_member, make_user):
    staff = make_member(world.other, Role.TRAINER)
    expired_staff = make_member(world.other, Role.TRAINER, expired=True)
    inactive = make_user("gone", is_active=False)
    admin = make_user("root", is_staff=True)
    for user in (staff, expired_staff, inactive, admin, None):
        with pytest.raises(ValidationError):
            employer_account_link(actor=world.liaison, employer=employer, user=user)
    assert not EmployerAccount.objects.exists()


def test_only_someone_who_manages_the_employer_links(world, employer, make_user):
    with pytest.raises(PermissionDenied):
        employer_account_link(actor=world.manager, employer=employer, user=make_user("boss"))
    assert not EmployerAccount.objects.exists()


def test_moving_a_link_needs_confirmation_and_is_audited(world, employer, second_employer, make_user):
    boss = make_user("boss")
    account = employer_account_link(actor=world.liaison, employer=employer, user=boss)
    assert AuditEvent.objects.filter(object_type="employment.employeraccount", object_id=str(account.pk),
                                     action="create").exists()
    assert employer_account_link(actor=world.liaison, employer=employer, user=boss).pk == account.pk
    with pytest.raises(LinkMoveNeedsConfirmation):
        employer_account_link(actor=world.liaison, employer=second_employer, user=boss)
    assert EmployerAccount.objects.get(user=boss).employer == employer
    employer_account_link(actor=world.liaison, employer=second_employer, user=boss, confirm_move=True)
    assert EmployerAccount.objects.get(user=boss).employer == second_employer
    moved = AuditEvent.objects.get(object_type="employment.employeraccount", action="update")
    assert moved.detail["moved_from_employer"] == employer.pk


def test_moving_from_another_organisations_employer_needs_that_permission_too(world, employer, make_member,
                                                                              make_user):
    other_liaison = make_member(world.other, Role.EMPLOYER_LIAISON)
    theirs = employer_create(actor=other_liaison, organization=world.other, name="Their Farm")
    boss = make_user("boss")
    employer_account_link(actor=other_liaison, employer=theirs, user=boss)
    with pytest.raises(PermissionDenied):
        employer_account_link(actor=world.liaison, employer=employer, user=boss, confirm_move=True)
    assert EmployerAccount.objects.get(user=boss).employer == theirs


def test_the_page_asks_before_moving(world, employer, second_employer, make_user, make_member, client):
    boss = make_user("boss")
    staff = make_member(world.shelter, Role.TRAINER, username="staffer")
    client.force_login(world.liaison)
    url = f"/employment/employers/{employer.pk}/"
    assert client.post(url, {"form": "account", "username": "staffer"}).status_code == 302
    assert not EmployerAccount.objects.filter(user=staff).exists()
    assert client.post(url, {"form": "account", "username": "nobody"}).status_code == 302
    assert client.post(url, {"form": "account", "username": "boss"}).status_code == 302
    second_url = f"/employment/employers/{second_employer.pk}/"
    asked = client.post(second_url, {"form": "account", "username": "boss"})
    assert asked.status_code == 409 and 'name="confirm_move"' in asked.content.decode()
    assert EmployerAccount.objects.get(user=boss).employer == employer
    assert client.post(second_url, {"form": "account", "username": "boss", "confirm_move": "yes"}).status_code == 302
    assert EmployerAccount.objects.get(user=boss).employer == second_employer
