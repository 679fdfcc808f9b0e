"""Each evidence rule on fixtures: the proposal follows the data, and never touches the human answer."""

import datetime as dt

from reintegra.core.models import Role
from reintegra.people.models import Gender
from reintegra.planning import evidence, reference, selectors, services
from reintegra.planning.models import AssessmentScope, ChecklistAnswer


def propose(assessment, item_id):
    return evidence.propose_all(assessment).get(item_id)


def test_every_rule_is_keyed_by_a_real_item():
    assert set(evidence.RULES) <= set(reference.checklist_items())
    assert set(evidence.RULES) == {"3b.1.1", "3b.1.4", "3b.2.12", "3b.2.13", "3h.2"}


def test_provider_mapping_grows_with_the_registry(assessment, make_org):
    assert propose(assessment, "3b.1.1").answer == "no"
    make_org(type="tvet")
    make_org(type="tvet", country="IN")  # another country does not count
    proposal = propose(assessment, "3b.1.1")
    assert (proposal.answer, proposal.figures["organisations"]) == ("partly", 1)
    for kind in ("employer", "health_care", "trade_union", "career_guidance"):
        make_org(type=kind)
    proposal = propose(assessment, "3b.1.1")
    assert proposal.answer == "yes" and proposal.figures["provider_types"] == [
        "career_guidance", "employer", "health_care", "trade_union", "tvet"]


def test_employers_identified(assessment, make_org):
    assert propose(assessment, "3b.1.4").answer == "no"
    make_org(type="employer")
    assert propose(assessment, "3b.1.4").figures == {"employers": 1}
    assert propose(assessment, "3b.1.4").answer == "yes"


def test_case_management_in_use(assessment, org, case_manager, make_case):
    assert propose(assessment, "3b.2.12").answer == "no"
    make_case(org, case_manager, opened_on=dt.date(2026, 3, 1))
    proposal = propose(assessment, "3b.2.12")
    assert (proposal.answer, proposal.figures) == ("partly", {"cases": 1})


def test_cases_outside_the_period_do_not_count(assessment, org, case_manager, make_case):
    make_case(org, case_manager, opened_on=dt.date(2027, 2, 1))
    assert propose(assessment, "3b.2.12").figures == {"cases": 0}


def test_single_point_of_contact_follows_assignment(assessment, org, case_manager, make_case):
    assert propose(assessment, "3b.2.13") is None  # no cases: the data cannot say
    first = make_case(org, case_manager, opened_on=dt.date(2026, 2, 1))
    make_case(org, case_manager, opened_on=dt.date(2026, 2, 2))
    assert propose(assessment, "3b.2.13").answer == "yes"
    first.case_manager = None
    first.save()
    proposal = propose(assessment, "3b.2.13")
    assert (proposal.answer, proposal.figures["with_case_manager"]) == ("partly", 1)


def test_gender_and_age_recorded(assessment, org, case_manager, make_case):
    case = make_case(org, case_manager, opened_on=dt.date(2026, 2, 1), gender=Gender.FEMININE)
    case.survivor.birth_year = None
    case.survivor.save()
    assert propose(assessment, "3h.2").answer == "no"
    case.survivor.birth_year = 1994
    case.survivor.save()
    assert propose(assessment, "3h.2").answer == "yes"


def test_network_scope_counts_every_organisation_of_the_country(coordinator, secretariat, org, case_manager,
                                                                make_case, make_org, make_member):
    other = make_org(name="Other NGO")
    make_case(other, make_member(other, Role.CASE_MANAGER), opened_on=dt.date(2026, 2, 1))
    make_case(org, case_manager, opened_on=dt.date(2026, 2, 1))
    network = services.assessment_create(actor=coordinator, organization=secretariat, period_label="2026",
                                         scope=AssessmentScope.NETWORK, period_start=dt.date(2026, 1, 1),
                                         period_end=dt.date(2026, 12, 31))
    assert propose(network, "3b.2.12").figures == {"cases": 2}


def test_human_answer_is_never_overwritten_and_disagreement_is_shown(assessment, supervisor, org, case_manager,
                                                                      make_case):
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3b.2.13", answer="no",
                           comment="We rotate staff")
    make_case(org, case_manager, opened_on=dt.date(2026, 2, 1))
    rows = {row.item.id: row for _section, items in selectors.assessment_rows(assessment) for row in items}
    row = rows["3b.2.13"]
    assert row.human_answer == "no" and row.proposal.answer == "yes" and row.disagrees
    assert ChecklistAnswer.objects.get(assessment=assessment, item_id="3b.2.13").answer == "no"
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3b.2.13", answer="yes")
    rows = {row.item.id: row for _section, items in selectors.assessment_rows(assessment) for row in items}
    assert not rows["3b.2.13"].disagrees
    assert not rows["3a.1"].disagrees and rows["3a.1"].proposal is None
