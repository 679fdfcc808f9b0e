"""Employer satisfaction and trained mentors: unit functions on hand-built records with known
answers, and the published panels (suppression applies)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reintegra.employment.models import EmployerFeedback, Mentor, SupportSession
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import people_ind
from reintegra.monitoring.statistics.board import published
from reintegra.monitoring.statistics.people_ind import PARTNERSHIP

from .pathway_fixtures import D, employer, new_case, place

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_org):
    return make_org(name="Shelter")


@pytest.fixture
def other(make_org):
    return make_org(name="Other NGO")


@pytest.fixture
def scope(org):
    return Scope(organization_ids=(org.pk,))


def panel(scope, code):
    board = published(scope, START, END, as_of=AS_OF)
    return next(p for p in board.panels if p.indicator.code == code)


def feedback(emp, rating, given_on=D(2024, 4, 1), placement=None, organization=None, comment=""):
    return EmployerFeedback.objects.create(organization=organization or placement.organization, employer=emp,
                                           placement=placement, given_on=given_on, rating=rating, comment=comment)


@pytest.fixture
def feedback_world(org, other):
    emp = employer(org)
    for n, rating in enumerate((5, 5, 4, 4, 4, 3, 2, 1, 1, 2)):
        case = new_case(org, area="North" if n < 8 else "South")
        feedback(emp, rating, placement=place(case, emp, D(2024, 2, 1), isco="7531"), comment="Names Maya")
    early = place(new_case(org), emp, D(2023, 2, 1))
    feedback(emp, 5, given_on=D(2023, 12, 31), placement=early)                 # before the period
    feedback(emp, 5, placement=place(new_case(other), emp, D(2024, 2, 1)))      # another organisation
    feedback(emp, 5, organization=org, given_on=D(2024, 5, 1))                  # partnership, satisfied
    feedback(emp, 2, organization=org, given_on=D(2024, 6, 1))                  # partnership, not satisfied
    feedback(emp, 5, organization=other, given_on=D(2024, 6, 1))                # partnership, other organisation
    return emp


def test_employer_feedback_units(feedback_world, scope, org):
    units = people_ind.employer_feedback(scope, START, END, AS_OF)
    assert (len(units), sum(u.hit for u in units)) == (12, 6)
    placements = [u for u in units if u.facet == "placement"]
    assert (len(placements), sum(u.hit for u in placements)) == (10, 5)
    assert {(u.keys["provider"], u.keys["trade"], u.keys["sex"], u.keys["area"]) for u in placements} == {
        ("Shelter", "7531", "Feminine", "North"), ("Shelter", "7531", "Feminine", "South")}
    partnership = [u for u in units if u.facet == PARTNERSHIP]
    assert {u.person for u in partnership} == {-feedback_world.pk}  # one respondent, however many answers
    assert all(u.keys["sex"] == PARTNERSHIP and u.keys["organization"] == "Shelter" for u in partnership)
    assert sorted(u.hit for u in partnership) == [False, True]


def test_employer_feedback_area_scope_leaves_out_partnership_feedback(feedback_world, org):
    units = people_ind.employer_feedback(Scope(areas=((org.pk, "South"),)), START, END, AS_OF)
    assert (len(units), sum(u.hit for u in units)) == (2, 0)  # the two ratings of 1 and 2
    network = people_ind.employer_feedback(Scope(network=True), START, END, AS_OF)
    assert (len(network), sum(u.hit for u in network)) == (14, 8)


def test_the_comment_is_never_read(feedback_world, scope):
    with CaptureQueriesContext(connection) as queries:
        people_ind.employer_feedback(scope, START, END, AS_OF)
    assert not any("comment" in q["sql"] for q in queries.captured_queries)


def test_employer_satisfaction_is_published(feedback_world, scope):
    satisfaction = panel(scope, "employer_satisfaction")
    assert satisfaction.overall.count == 12 and satisfaction.overall.value == 0.5
    by_sex = {g.label: g for g in satisfaction.by_dimension.get("sex", [])}
    assert by_sex, satisfaction.by_dimension.keys()
    assert all(g.value is None for label, g in by_sex.items() if label == PARTNERSHIP)  # 2 answers: hidden


def test_employer_satisfaction_is_suppressed_when_few(org, scope):
    emp = employer(org)
    for rating in (5, 4, 1):
        feedback(emp, rating, placement=place(new_case(org), emp, D(2024, 2, 1)))
    assert len(people_ind.employer_feedback(scope, START, END, AS_OF)) == 3
    satisfaction = panel(scope, "employer_satisfaction")
    assert satisfaction.overall.value is None and satisfaction.overall.count is None


@pytest.fixture
def mentor_world(org, other):
    case = new_case(org)
    south = new_case(org, area="South")
    trained = [Mentor.objects.create(organization=org, name=f"Mentor {n}", kind=kind, trained_on=D(2023, 6, 1),
                                     training="3-day course")
               for n, kind in enumerate(["mentor", "mentor", "mentor", "coach", "coach", "mentor"])]
    late = Mentor.objects.create(organization=org, name="Trained after", trained_on=D(2025, 2, 1), training="x")
    untrained = Mentor.objects.create(organization=org, name="Not trained")
    idle = Mentor.objects.create(organization=org, name="Idle", trained_on=D(2024, 3, 1), training="x")
    elsewhere = Mentor.objects.create(organization=other, name="Other", trained_on=D(2024, 3, 1), training="x")

    def session(mentor, day, kind="mentoring", on=case):
        SupportSession.objects.create(organization=on.organization, case=on, kind=kind, held_on=day,
                                      registered_mentor=mentor)

    for mentor in trained[:5]:
        session(mentor, D(2024, 2, 1))
    session(trained[0], D(2024, 3, 1), kind="coaching")
    session(trained[0], D(2024, 4, 1), kind="job_search")          # not mentoring or coaching
    session(trained[5], D(2023, 12, 1))                              # before the period
    session(trained[5], D(2024, 5, 1), on=south)                     # in the South area
    session(late, D(2024, 5, 1))                                     # trained after the period
    session(untrained, D(2024, 5, 1))
    session(elsewhere, D(2024, 5, 1), on=new_case(other))
    SupportSession.objects.create(organization=org, case=case, kind="mentoring", held_on=D(2024, 5, 1),
                                  mentor="Typed name only")           # not registered: not counted
    return trained, idle


def test_mentors_trained_active(mentor_world, scope, org):
    trained, _idle = mentor_world
    units = people_ind.mentors_trained_active(scope, START, END, AS_OF)
    assert sorted(u.person for u in units) == sorted(m.pk for m in trained)
    by_person = {u.person: u for u in units}
    assert by_person[trained[0].pk].value == 2  # mentoring and coaching, not job search
    assert sorted(u.facet for u in units) == ["coach", "coach", "mentor", "mentor", "mentor", "mentor"]
    assert {u.keys["organization"] for u in units} == {"Shelter"}
    south = people_ind.mentors_trained_active(Scope(areas=((org.pk, "South"),)), START, END, AS_OF)
    assert [u.person for u in south] == [trained[5].pk]
    assert len(people_ind.mentors_trained_active(Scope(network=True), START, END, AS_OF)) == 7


def test_mentors_trained(mentor_world, scope, org):
    _trained, idle = mentor_world
    assert [u.person for u in people_ind.mentors_trained(scope, START, END, AS_OF)] == [idle.pk]
    assert len(people_ind.mentors_trained(Scope(network=True), START, END, AS_OF)) == 2
    assert people_ind.mentors_trained(Scope(areas=((org.pk, "North"),)), START, END, AS_OF) == []
    assert len(people_ind.mentors_trained(scope, D(2023, 1, 1), D(2023, 12, 31), AS_OF)) == 6


def test_mentor_panels_are_published_and_suppressed(mentor_world, scope):
    active = panel(scope, "mentors_active")
    assert active.overall.value == 6
    assert {g.label: g.value for g in active.distribution} == {"mentor": None, "coach": None}  # 4 and 2: small
    trained = panel(scope, "mentors_trained")
    assert trained.overall.value is None  # one mentor trained in 2024: below the threshold
