"""Dismissing a reminder is a write: its own user or someone who may change the case, never just any
team member; out of scope looks like missing; audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reintegra.cases.models import Reminder
from reintegra.cases.services import case_assign
from reintegra.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(case):
    later = timezone.localdate() + dt.timedelta(days=10)
    call_command("followups_due", "--date", later.isoformat(), stdout=io.StringIO())
    return Reminder.objects.filter(case=case, kind="follow_up_overdue").get()


def _dismiss(client, user, reminder):
    client.force_login(user)
    return client.post(reverse("cases:reminder_dismiss", args=[reminder.pk]))


def test_trainer_on_the_team_cannot_dismiss_the_case_managers_reminder(client, case, reminder, supervisor,
                                                                       case_manager, make_member, org):
    trainer = make_member(org, Role.TRAINER, username="trainer")
    case_assign(actor=supervisor, case=case, case_manager=case_manager, team=[trainer])
    response = _dismiss(client, trainer, reminder)
    assert response.status_code == 403
    reminder.refresh_from_db()
    assert reminder.dismissed_at is None


@pytest.mark.parametrize("who", ["anonymous", "other_organisation", "expired", "wrong_role"])
def test_out_of_scope_cannot_dismiss(client, reminder, make_member, make_org, org, who):
    if who == "anonymous":
        response = client.post(reverse("cases:reminder_dismiss", args=[reminder.pk]))
        assert response.status_code == 302  # to the login page
    else:
        user = {"other_organisation": lambda: make_member(make_org(name="Elsewhere"), Role.SUPERVISOR),
                "expired": lambda: make_member(org, Role.SUPERVISOR, expired=True),
                "wrong_role": lambda: make_member(org, Role.ME_OFFICER)}[who]()
        assert _dismiss(client, user, reminder).status_code == 404
    reminder.refresh_from_db()
    assert reminder.dismissed_at is None


@pytest.mark.parametrize("actor", ["own_user", "supervisor"])
def test_reminder_user_or_supervisor_dismisses_and_it_is_audited(client, reminder, case_manager, supervisor,
                                                                 actor):
    user = case_manager if actor == "own_user" else supervisor
    assert _dismiss(client, user, reminder).status_code == 302
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None
    assert AuditEvent.objects.filter(object_type="cases.reminder", object_id=str(reminder.pk),
                                     actor=user).exists()
