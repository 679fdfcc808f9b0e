"""Referral, feedback, mentoring, phase and outcome-assessment indicators on hand-built records."""

from __future__ import annotations

import datetime as dt

import pytest

from reintegra.cases.models import OutcomeAssessment, PhaseChange
from reintegra.employment.models import SupportSession
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import lifecycle, referrals_ind
from reintegra.monitoring.statistics.board import unit_panels
from reintegra.referrals.models import Feedback, Status

from .pathway_fixtures import D, at, new_case, referral

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2026, 6, 30)


@pytest.fixture
def org(make_org):
    return make_org(name="Shelter")


@pytest.fixture
def provider(make_org):
    return make_org(name="Training Centre")


@pytest.fixture
def scope(org):
    return Scope(organization_ids=(org.pk,))


def panel(scope, code):
    panels, _hidden = unit_panels(scope, START, END, AS_OF)
    return next(p for p in panels if p.indicator.code == code)


def test_referral_acceptance_and_response_time(org, provider, scope):
    sent = at(D(2024, 3, 1))
    for days, status in [(1, Status.ACCEPTED), (2, Status.COMPLETED), (3, Status.IN_PROGRESS),
                         (4, Status.CANCELLED), (5, Status.DECLINED), (6, Status.DECLINED),
                         (7, Status.DECLINED), (8, Status.DECLINED), (9, Status.DECLINED)]:
        referral(new_case(org), provider, sent=sent, answered=sent + dt.timedelta(days=days), status=status)
    referral(new_case(org), provider, sent=sent, status=Status.SENT)                          # not answered
    referral(new_case(org), provider, sent=at(D(2023, 3, 1)), answered=at(D(2023, 3, 2)))     # answered earlier
    units = referrals_ind.referrals_answered(scope, START, END, AS_OF)
    assert (sum(u.hit for u in units), len(units)) == (4, 9)
    assert sorted(u.value for u in units) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert {u.keys["provider"] for u in units} == {"Training Centre"}
    acceptance = panel(scope, "referral_acceptance")
    assert acceptance.overall.count == 9 and acceptance.overall.numerator is None  # 4 accepted: a small cell
    response = panel(scope, "referral_response_days")
    assert response.overall.value == 5 and response.overall.count == 9


def test_referral_completion(org, provider, scope):
    sent = at(D(2024, 1, 10))
    for status in [Status.COMPLETED] * 5 + [Status.CANCELLED] * 5:
        referral(new_case(org), provider, sent=sent, answered=sent, status=status, closed=at(D(2024, 6, 1)))
    referral(new_case(org), provider, sent=sent, answered=sent, status=Status.DECLINED, closed=sent)  # never accepted
    units = referrals_ind.referrals_closed_after_acceptance(scope, START, END, AS_OF)
    assert (sum(u.hit for u in units), len(units)) == (5, 10)
    assert panel(scope, "referral_completion").overall.value == 0.5


def test_many_referrals_of_one_survivor_are_not_enough_to_publish(org, provider, scope):
    case = new_case(org)
    sent = at(D(2024, 3, 1))
    for _n in range(8):
        referral(case, provider, sent=sent, answered=sent + dt.timedelta(days=1))
    response = panel(scope, "referral_response_days")
    assert response.overall.count is None and response.overall.value is None


def test_beneficiary_satisfaction(org, provider, scope):
    sent = at(D(2024, 3, 1))
    for rating in (5, 5, 4, 4, 4, 3, 2, 1, 1, 2):
        ref = referral(new_case(org), provider, sent=sent, answered=sent)
        Feedback.objects.create(organization=org, referral=ref, rating=rating, created_at=at(D(2024, 4, 1)))
    units = referrals_ind.beneficiary_feedback(scope, START, END, AS_OF)
    assert (sum(u.hit for u in units), len(units)) == (5, 10)
    assert panel(scope, "beneficiary_satisfaction").overall.value == 0.5


def test_sessions_with_a_typed_mentor_name_only_do_not_count_as_active_mentors(org, scope, make_org):
    case = new_case(org)
    for mentor, kind, day in [("Asha Rai", "mentoring", D(2024, 2, 1)), ("asha  rai", "coaching", D(2024, 3, 1)),
                              ("Ben", "coaching", D(2024, 3, 1)), ("Chen", "mentoring", D(2024, 4, 1)),
                              ("Dev", "mentoring", D(2024, 5, 1)), ("Eli", "mentoring", D(2024, 6, 1)),
                              ("Old", "mentoring", D(2023, 6, 1)), ("Job", "job_search", D(2024, 6, 1)),
                              ("", "mentoring", D(2024, 6, 1))]:
        SupportSession.objects.create(organization=org, case=case, kind=kind, held_on=day, mentor=mentor)
    # The indicator counts registered, trained mentors (people_ind.mentors_trained_active,
    # tests/monitoring/test_people_indicators.py): sessions with a typed name only do not count.
    assert panel(scope, "mentors_active").overall.value == 0


def test_time_in_each_phase(org, scope):
    for _n in range(5):
        case = new_case(org, opened=D(2024, 1, 1), closed=D(2024, 12, 1))
        for phase, started in [("crisis", D(2024, 1, 1)), ("stabilisation", D(2024, 3, 1)),
                               ("inclusion", D(2024, 9, 1))]:
            PhaseChange.objects.create(organization=org, case=case, phase=phase, started_on=started)
    still = new_case(org, opened=D(2024, 11, 1))
    PhaseChange.objects.create(organization=org, case=still, phase="crisis", started_on=D(2024, 11, 1))
    units = lifecycle.phase_spells(scope, START, END, AS_OF)
    by_phase = {}
    for u in units:
        by_phase.setdefault(u.keys["phase"], []).append(u.value)
    assert by_phase == {"crisis": [60.0] * 5, "stabilisation": [184.0] * 5, "inclusion": [91.0] * 5}
    groups = {g.label: g.value for g in panel(scope, "phase_duration").by_dimension["phase"]}
    assert groups == {"crisis": 60, "inclusion": 91, "stabilisation": 184}


def test_outcome_change_by_domain(org, scope):
    domains = ["safety", "legal_protection", "mental_wellbeing", "economic_empowerment", "social_support",
               "physical_wellbeing"]
    for n in range(5):
        case = new_case(org)
        OutcomeAssessment.objects.create(organization=org, case=case, timepoint="intake", assessed_on=D(2023, 6, 1),
                                         **dict.fromkeys(domains, 2))
        later = dict.fromkeys(domains, 3) | {"safety": 5 if n else 2}
        OutcomeAssessment.objects.create(organization=org, case=case, timepoint="year_1", assessed_on=D(2024, 6, 1),
                                         **later)
    no_intake = new_case(org)
    OutcomeAssessment.objects.create(organization=org, case=no_intake, timepoint="year_1", assessed_on=D(2024, 6, 1),
                                     **dict.fromkeys(domains, 5))
    units = lifecycle.outcome_changes(scope, START, END, AS_OF)
    assert len(units) == 5
    assert sorted(u.facet_values["safety"] for u in units) == [0, 3, 3, 3, 3]
    published_panel = panel(scope, "outcome_change")
    assert published_panel.overall.value == pytest.approx(8 / 6)
    by_domain = {g.label: g.value for g in published_panel.distribution}
    assert by_domain["safety"] == 3 and by_domain["social_support"] == 1
