"""Matching: the numpy index agrees with the readable reference, filters and explanations."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.employment.matching import (
    CaseFeatures,
    OpportunityFeatures,
    OpportunityIndex,
    candidates_for_opportunity,
    opportunities_for_case,
    score_one,
)
from reintegra.employment.services.employers import employer_create, opportunity_create
from reintegra.skills import services as skill_services

CODES = ["7531", "7533", "7532", "7411", "9111", "5120", "8332", "7126"]
SKILLS = [f"http://esco/skill/{i}" for i in range(6)]
AREAS = ["North", "South", "Capital"]
LITERACY = ["", "none", "basic", "functional", "proficient"]
TODAY = dt.date(2026, 6, 1)

opportunity_rows = st.lists(st.tuples(
    st.sampled_from(CODES), st.sampled_from(AREAS), st.integers(5, 60), st.sampled_from(LITERACY), st.booleans(),
    st.one_of(st.none(), st.dates(dt.date(2026, 5, 1), dt.date(2026, 7, 1))),
    st.sets(st.sampled_from(SKILLS), max_size=4)), min_size=1, max_size=30)
people = st.builds(
    CaseFeatures,
    occupations=st.dictionaries(st.sampled_from(CODES), st.sampled_from([0.8, 1.0]), max_size=3),
    skills=st.frozensets(st.sampled_from(SKILLS), max_size=4), areas=st.frozensets(st.sampled_from(AREAS), max_size=2),
    max_hours=st.one_of(st.none(), st.integers(10, 48)), literacy=st.sampled_from(LITERACY),
    early_stage=st.booleans())


def _index(rows):
    return OpportunityIndex([(i + 1, code, area, hours, lit, early, deadline, "\n".join(sorted(skills)))
                             for i, (code, area, hours, lit, early, deadline, skills) in enumerate(rows)], TODAY)


@settings(max_examples=200, deadline=None)
@given(rows=opportunity_rows, person=people)
def test_index_scores_equal_the_reference(rows, person):
    index = _index(rows)
    scores = index.scores(person, TODAY)
    for position, (code, area, hours, lit, early, deadline, skills) in enumerate(rows):
        if deadline is not None and deadline < TODAY:
            assert scores[position] < 0
            continue
        expected, _reasons = score_one(person, OpportunityFeatures(code, frozenset(skills), area, hours, lit, early))
        assert abs(float(scores[position]) - expected) < 1e-5


@settings(max_examples=100, deadline=None)
@given(rows=opportunity_rows, person=people, limit=st.integers(1, 10))
def test_top_is_sorted_excludes_expired_and_is_the_best(rows, person, limit):
    index = _index(rows)
    top = index.top(person, limit, TODAY)
    scores = [score for _id, score in top]
    assert scores == sorted(scores, reverse=True) and len(top) <= limit
    live = sorted((float(s) for s in index.scores(person, TODAY) if s >= 0), reverse=True)
    assert scores == [round(s, 6) for s in live[:len(scores)]]
    assert len(top) == min(limit, len(live))


@given(person=people)
def test_an_exact_occupation_beats_an_unrelated_one_all_else_equal(person):
    wanted = dict(person.occupations) or {"7531": 1.0}
    person = CaseFeatures(wanted, person.skills, person.areas, person.max_hours, person.literacy, person.early_stage)
    code = next(iter(wanted))
    same = score_one(person, OpportunityFeatures(code, frozenset(), "North", 20, "", True))[0]
    other = score_one(person, OpportunityFeatures("0110", frozenset(), "North", 20, "", True))[0]
    assert same > other


def test_both_directions_with_reasons(world, employer, make_case):
    skill_services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="aspiration", code="7531")
    skill_services.profile_save(actor=world.counsellor, case=world.case, max_hours_per_week=30,
                                matching_consent_on=TODAY)
    near = opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer, title="Tailor",
                              isco_code="7531", admin_area="North", hours_per_week=30, suits_early_stage=True)
    far = opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer, title="Cook",
                             isco_code="5120", admin_area="South", hours_per_week=48)
    unvetted = employer_create(actor=world.liaison, organization=world.shelter, name="Unvetted")
    opportunity_create(actor=world.liaison, organization=world.shelter, employer=unvetted, title="Tailor 2",
                       isco_code="7531", admin_area="North")
    matches = opportunities_for_case(case=world.case)
    assert [m.opportunity.pk for m in matches] == [near.pk, far.pk]
    assert any("7531" in reason for reason in matches[0].reasons)
    assert any("48 hours" in reason for reason in matches[1].reasons)
    not_consenting = make_case(world.shelter, world.manager, admin_area="North")
    candidates = candidates_for_opportunity(user=world.liaison, opportunity=near)
    assert [c.case.pk for c in candidates] == [world.case.pk]
    assert not_consenting.pk not in [c.case.pk for c in candidates_for_opportunity(user=world.manager,
                                                                                   opportunity=near)]
