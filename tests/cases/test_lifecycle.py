"""Intake duplicates, identification, exploitation, screening, protection, phases, follow-ups, closure."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from reintegra.cases import services
from reintegra.cases.models import CaseStatus, FollowUp, Phase, Reminder
from reintegra.cases.services.protection import is_child
from reintegra.core.models import Role
from reintegra.people.duplicates import name_fragments, phonetic_key
from reintegra.people.models import SurvivorNameToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    """The app's today, read when the test starts: a run that crosses midnight keeps each test consistent."""
    return timezone.localdate()


# --- duplicates ----------------------------------------------------------------------------------


def test_exact_and_near_duplicates_are_found_never_merged(org, case_manager, make_case):
    case = make_case(org, case_manager, given_name="Maya", family_name="Tamang", birth_date="1994-03-02")
    exact = services.intake_duplicates(actor=case_manager, organization=org, given_name="maya",
                                       family_name="TAMANG", birth_date="1994-03-02")
    assert [(m.survivor_code, m.exact, m.score) for m in exact] == [(case.survivor.code, True, 100)]
    near = services.intake_duplicates(actor=case_manager, organization=org, given_name="Maia",
                                      family_name="Tamangg", birth_date="1995-01-01")
    assert len(near) == 1 and not near[0].exact and 55 <= near[0].score < 100
    assert near[0].name == "Maya Tamang" and near[0].case_id == case.pk
    assert services.intake_duplicates(actor=case_manager, organization=org, given_name="Ana",
                                      family_name="Lopez") == []
    # far birth year: not the same person
    assert services.intake_duplicates(actor=case_manager, organization=org, given_name="Maia",
                                      family_name="Tamangg", birth_date="1960-01-01") == []


def test_duplicates_outside_the_users_cases_are_shown_without_identity(org, case_manager, make_member, make_case):
    other_manager = make_member(org, Role.CASE_MANAGER)
    theirs = make_case(org, other_manager, given_name="Sita", family_name="Rai")
    matches = services.intake_duplicates(actor=case_manager, organization=org, given_name="Sita",
                                         family_name="Rai")
    assert len(matches) == 1
    assert matches[0].survivor_code == theirs.survivor.code
    assert matches[0].name == "" and matches[0].case_id is None
    assert matches[0].case_manager == other_manager.username


def test_other_organisations_are_not_searched(org, case_manager, make_org, make_member, make_case):
    other = make_org()
    make_case(other, make_member(other, Role.CASE_MANAGER), given_name="Maya", family_name="Tamang")
    assert services.intake_duplicates(actor=case_manager, organization=org, given_name="Maya",
                                      family_name="Tamang") == []


def test_name_tokens_hold_no_clear_text(org, case_manager, make_case):
    case = make_case(org, case_manager, given_name="Maya", family_name="Tamang")
    tokens = list(SurvivorNameToken.objects.filter(survivor=case.survivor).values_list("token", flat=True))
    assert len(tokens) == len(name_fragments("Maya Tamang"))
    assert all(len(t) == 64 and "may" not in t.lower() and "tam" not in t.lower() for t in tokens)


def test_phonetic_key_groups_similar_spellings():
    assert phonetic_key("mohammed") == phonetic_key("muhamad")
    assert phonetic_key("tamang") != phonetic_key("rai")


def test_duplicate_check_needs_case_create(org, make_member):
    trainer = make_member(org, Role.TRAINER)
    with pytest.raises(PermissionDenied):
        services.intake_duplicates(actor=trainer, organization=org, given_name="A", family_name="B")


# --- identification, exploitation, screening -----------------------------------------------------


def test_identification_and_exploitation_history(today, case, case_manager, partner_org):
    record = services.identification_save(actor=case_manager, case=case, identified_by="labour_inspectorate",
                                          mechanism_stage="reasonable_grounds", referred_in_by=partner_org,
                                          reasonable_grounds_on=today)
    assert record.get_identified_by_display() == "Labour inspectorate"
    with pytest.raises(ValidationError):
        services.identification_save(actor=case_manager, case=case, identified_on=today + dt.timedelta(days=2))
    episode = services.exploitation_add(actor=case_manager, case=case, form="debt_bondage", isic_division="23",
                                        country="np", started_on=dt.date(2020, 1, 1),
                                        ended_on=dt.date(2021, 1, 1), methods_of_control=["DebtBondage"],
                                        continuum_stage="E")
    assert episode.isic_section == "C" and episode.country == "NP" and episode.duration_months == 12
    with pytest.raises(ValidationError) as info:
        services.exploitation_add(actor=case_manager, case=case, form="debt_bondage", isic_section="A",
                                  isic_division="23", methods_of_control=["Magic"])
    assert set(info.value.message_dict) == {"isic_division", "methods_of_control"}


def test_screening_is_stored_and_unknown_codes_are_refused(case, case_manager):
    record = services.screening_record(actor=case_manager, case=case, age=24, indicators=["REC-I4", "WRK-C7"])
    assert record.forced_labour and not record.child
    assert record.result["ilo_indicators"] == ["Deception", "Retention of identity documents"]
    with pytest.raises(ValidationError):
        services.screening_record(actor=case_manager, case=case, age=24, indicators=["NOPE"])


# --- protection ----------------------------------------------------------------------------------


def test_child_presumed_when_age_uncertain(case, case_manager):
    assert not is_child(case)
    protection = services.protection_save(actor=case_manager, case=case, age_uncertain=True,
                                          guardian_name="Aunt Devi")
    assert protection.presumed_minor and is_child(case)
    services.protection_save(actor=case_manager, case=case, age_uncertain=True, presumed_minor=False)
    assert not is_child(case)


def test_reflection_period_default_and_per_jurisdiction(today, case, case_manager, settings):
    start = today - dt.timedelta(days=3)
    protection = services.protection_save(actor=case_manager, case=case, is_migrant=True,
                                          reflection_starts_on=start)
    assert protection.reflection_days == 30 and protection.reflection_ends_on == start + dt.timedelta(days=30)
    settings.REINTEGRA_REFLECTION_DAYS = {"default": 30, "IT": 90}
    protection = services.protection_save(actor=case_manager, case=case, reflection_jurisdiction="IT",
                                          reflection_days=None)
    assert protection.reflection_ends_on == start + dt.timedelta(days=90)


def test_reflection_alerts_before_and_after_the_end(today, case, case_manager):
    services.protection_save(actor=case_manager, case=case, is_migrant=True,
                             reflection_starts_on=today - dt.timedelta(days=25))
    created = services.reminders_generate()
    assert created["reflection_ending"] == 1
    assert services.reminders_generate()["reflection_ending"] == 0  # idempotent
    later = services.reminders_generate(today=today + dt.timedelta(days=6))
    assert later["reflection_ended"] == 1


def test_do_not_contact_is_saved_on_the_survivor(case, case_manager):
    services.survivor_contact_update(actor=case_manager, case=case, do_not_contact=True,
                                     safe_contact_instructions="Only through the shelter phone")
    case.survivor.refresh_from_db()
    assert case.survivor.do_not_contact and case.survivor.safe_contact_instructions.startswith("Only")


# --- phases, follow-ups, reminders, closure ------------------------------------------------------


def _pending(case):
    return FollowUp.objects.get(case=case, done_on__isnull=True)


def test_follow_up_cadence_follows_the_phase(today, case, case_manager):
    assert _pending(case).due_on == case.opened_on + dt.timedelta(days=7)
    done = services.followup_record(actor=case_manager, case=case, method="phone", employment_status="in_training",
                                    wellbeing=4, has_debt=True)
    assert done.done_on == today and _pending(case).due_on == today + dt.timedelta(days=7)
    services.phase_change(actor=case_manager, case=case, phase=Phase.INCLUSION)
    assert _pending(case).due_on == today + dt.timedelta(days=30)
    services.phase_change(actor=case_manager, case=case, phase=Phase.POST_EXIT)
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP and case.exited_on == today
    assert _pending(case).due_on == today + dt.timedelta(days=365)
    assert [p.phase for p in case.phase_changes.all()] == ["crisis", "inclusion", "post_exit"]


def test_no_follow_up_after_five_years_from_exit(today, case, case_manager):
    services.phase_change(actor=case_manager, case=case, phase=Phase.POST_EXIT)
    case.refresh_from_db()
    case.exited_on = today - dt.timedelta(days=5 * 365)
    case.save()
    services.followup_record(actor=case_manager, case=case)
    assert not FollowUp.objects.filter(case=case, done_on__isnull=True).exists()


def test_overdue_reminders_and_command(today, case, case_manager):
    later = today + dt.timedelta(days=10)
    out = io.StringIO()
    call_command("followups_due", "--date", later.isoformat(), stdout=out)
    assert json.loads(out.getvalue())["created"]["follow_up_overdue"] == 1
    assert json.loads(out.getvalue())["created"]["outcome_due"] == 1  # no intake scores yet
    reminder = Reminder.objects.get(kind="follow_up_overdue")
    assert reminder.user == case_manager and reminder.dismissed_at is None
    services.followup_record(actor=case_manager, case=case)
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None


def test_command_refuses_bad_dates():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("followups_due", "--date", "tomorrow")


def test_close_and_reopen(case, case_manager, supervisor):
    with pytest.raises(ValidationError):
        services.case_close(actor=case_manager, case=case, reason="other")
    services.case_close(actor=case_manager, case=case, reason="goals_met")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and not FollowUp.objects.filter(case=case, done_on__isnull=True)
    with pytest.raises(ValidationError):
        services.followup_record(actor=case_manager, case=case)
    with pytest.raises(PermissionDenied):
        services.case_reopen(actor=case_manager, case=case, note="Survivor asked for help again")
    services.case_reopen(actor=supervisor, case=case, note="Survivor asked for help again")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and _pending(case)
    assert [e.kind for e in case.events.all()] == ["closed", "reopened"]


def test_outcomes_once_per_timepoint(case, case_manager):
    scores = dict(safety=2, legal_protection=1, mental_wellbeing=2, economic_empowerment=1, social_support=3,
                  physical_wellbeing=3)
    services.outcome_record(actor=case_manager, case=case, timepoint="intake", scores=scores)
    with pytest.raises(ValidationError):
        services.outcome_record(actor=case_manager, case=case, timepoint="intake", scores=scores)
    with pytest.raises(ValidationError):
        services.outcome_record(actor=case_manager, case=case, timepoint="month_6", scores={**scores, "safety": 9})


def test_outcome_scores_are_reminded_at_intake_six_months_and_yearly(case, case_manager):
    from reintegra.cases.services.followup import outcome_due

    opened = case.opened_on
    assert outcome_due(case, opened, set()) == opened
    assert outcome_due(case, opened + dt.timedelta(days=200), {"intake"}) == opened + dt.timedelta(days=183)
    assert outcome_due(case, opened + dt.timedelta(days=200), {"intake", "month_6"}) is None
    assert outcome_due(case, opened + dt.timedelta(days=800), {"intake"}) == opened + dt.timedelta(days=730)
    created = services.reminders_generate(today=opened + dt.timedelta(days=1))
    assert created["outcome_due"] == 1
    scores = dict(safety=2, legal_protection=1, mental_wellbeing=2, economic_empowerment=1, social_support=3,
                  physical_wellbeing=3)
    services.outcome_record(actor=case_manager, case=case, timepoint="intake", scores=scores)
    assert not Reminder.objects.filter(kind="outcome_due", dismissed_at__isnull=True).exists()
    assert services.reminders_generate(today=opened + dt.timedelta(days=2))["outcome_due"] == 0


def test_same_name_with_other_birth_date_is_not_called_exact(org, case_manager, make_case):
    case = make_case(org, case_manager, given_name="Maya", family_name="Tamang", birth_date="1994-03-02")
    same_year = services.intake_duplicates(actor=case_manager, organization=org, given_name="Maya",
                                           family_name="Tamang", birth_date="1995-07-07")
    assert [(m.survivor_code, m.exact, m.score) for m in same_year] == [(case.survivor.code, False, 100)]
    no_date = services.intake_duplicates(actor=case_manager, organization=org, given_name="Maya",
                                         family_name="Tamang")
    assert [(m.exact, m.score) for m in no_date] == [(False, 100)]
    assert services.intake_duplicates(actor=case_manager, organization=org, given_name="Maya",
                                      family_name="Tamang", birth_date="1950-01-01") == []


def test_reminders_are_mailed_to_the_case_manager_without_names(today, case, case_manager, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    case_manager.email = "cm@example.org"
    case_manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_generate(today=today + dt.timedelta(days=10))
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["cm@example.org"] and case.survivor.code in message.body
    assert "Maya" not in message.body and "Tamang" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_generate(today=today + dt.timedelta(days=10))
    assert len(mailoutbox) == 1  # nothing new, nothing sent


def test_reflection_period_starts_with_reasonable_grounds(today, case, case_manager):
    grounds = today - dt.timedelta(days=2)
    protection = services.protection_save(actor=case_manager, case=case, is_migrant=True)
    assert protection.reflection_ends_on is None
    services.identification_save(actor=case_manager, case=case, identified_by="ngo",
                                 mechanism_stage="reasonable_grounds", reasonable_grounds_on=grounds)
    protection.refresh_from_db()
    assert protection.reflection_starts_on == grounds
    assert protection.reflection_ends_on == grounds + dt.timedelta(days=30)


def test_digest_lists_at_most_fifty_reminders(today, case, case_manager, mailoutbox):
    from reintegra.cases.services.followup import DIGEST_LINES, _email_digests

    case_manager.email = "cm@example.org"
    case_manager.save()
    reminders = [Reminder(case_id=case.pk, user_id=case_manager.pk, kind="outcome_due",
                          due_on=today - dt.timedelta(days=n)) for n in range(DIGEST_LINES + 10)]
    _email_digests(reminders)
    body = mailoutbox[0].body
    assert body.count(case.survivor.code) == DIGEST_LINES and "10 more" in body
