"""Each evidence rule on fixtures: the proposal follows the data, and never touches the human answer."""

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.core.models import Role
from reintegra.people.models import Gender
from reintegra.planning import evidence, reference, selectors, services
from reintegra.planning.models import AssessmentScope, ChecklistAnswer

IN_PERIOD = dt.date(2026, 3, 1)


def propose(assessment, item_id):
    return evidence.propose_all(assessment).get(item_id)


@pytest.fixture(autouse=True)
def no_small_cell_suppression(settings):
    """These tests check each rule's arithmetic on a handful of records; suppression of small counts
    is tested in test_evidence_suppression.py."""
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 1


@pytest.fixture
def open_case(org, case_manager, make_case):
    def make(on=IN_PERIOD, **attributes):
        return make_case(org, case_manager, opened_on=on, **attributes)
    return make


def add_provider(kind, country="NP", area="North", active=True):
    from reintegra.directory.models import Provider, Service, ServiceStatus

    provider = Provider.objects.create(name=f"{kind} provider", organization_type=kind, country=country,
                                       admin_area=area)
    Service.objects.create(provider=provider, name="Service",
                           status=ServiceStatus.ACTIVE if active else ServiceStatus.INACTIVE)
    return provider


def add_referral(case, sender, recipient, sent=IN_PERIOD):
    from reintegra.referrals.models import Referral, Status

    at = timezone.make_aware(dt.datetime.combine(sent, dt.time(10)))
    return Referral.objects.create(organization=sender, case=case, recipient=recipient, reason="Training",
                                   status=Status.SENT, response_due=sent + dt.timedelta(days=7), sent_at=at)


def add_needs(case, on=IN_PERIOD, **answers):
    from reintegra.cases.models import NeedsAssessment

    return NeedsAssessment.objects.create(organization=case.organization, case=case, assessed_on=on,
                                          checklist={key.lstrip("q"): value for key, value in answers.items()})


def add_me_plan(org, disaggregations=None, kpi=True):
    from reintegra.monitoring.models import MEPlan, PlanKPI

    plan = MEPlan.objects.create(organization=org, title="M&E", objectives="Track outcomes", responsible="Lee",
                                 period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    if kpi:
        PlanKPI.objects.create(plan=plan, organization=org, indicator_code="placed_decent_work",
                               disaggregations=disaggregations or [])
    return plan


def test_every_rule_is_keyed_by_a_real_item():
    assert set(evidence.RULES) <= set(reference.checklist_items())
    assert set(evidence.RULES) == {"3a.7", "3b.1.1", "3b.1.4", "3b.2.8", "3b.2.12", "3b.2.13", "3e.1", "3f.1.1",
                                   "3g.1.1", "3g.1.2",
                                   "3h.1", "3h.2",
                                   *[f"3c.{n}" for n in range(1, 11)]}


def test_provider_mapping_follows_the_directory(assessment):
    assert propose(assessment, "3b.1.1").answer == "no"
    add_provider("tvet")
    add_provider("employer", country="IN")  # another country does not count
    add_provider("health_care", active=False)  # nor a provider without an active service
    proposal = propose(assessment, "3b.1.1")
    assert (proposal.answer, proposal.figures["providers"]) == ("partly", 1)
    for kind in ("employer", "health_care", "trade_union", "career_guidance"):
        add_provider(kind, area="South")
    proposal = propose(assessment, "3b.1.1")
    assert proposal.answer == "yes" and proposal.figures["areas"] == ["North", "South"]


def test_employers_identified_from_the_roster(assessment, org):
    from reintegra.employment.models import Employer

    assert propose(assessment, "3b.1.4").answer == "no"
    Employer.objects.create(organization=org, name="Bad Co", partnership=Employer.Partnership.PARTNER,
                            vetting=Employer.Vetting.REJECTED)
    assert propose(assessment, "3b.1.4").answer == "no"
    Employer.objects.create(organization=org, name="Maybe Ltd", partnership=Employer.Partnership.PROSPECT)
    assert propose(assessment, "3b.1.4").answer == "partly"
    Employer.objects.create(organization=org, name="Good Co", partnership=Employer.Partnership.ENGAGED)
    proposal = propose(assessment, "3b.1.4")
    assert (proposal.answer, proposal.figures) == ("yes", {"engaged": 1, "prospects": 1})


def test_referral_mechanism_needs_several_organisations(assessment, org, open_case, make_org):
    case = open_case()
    assert propose(assessment, "3a.7").answer == "no"
    first, second = make_org(name="Clinic"), make_org(name="College")
    add_referral(case, org, first)
    assert propose(assessment, "3a.7").answer == "partly"
    add_referral(case, org, make_org(name="Abroad", country="IN"))  # cross-border: not the national mechanism
    add_referral(case, org, second, sent=dt.date(2025, 5, 1))  # before the period
    assert propose(assessment, "3a.7").figures == {"referrals": 1, "organisations": 2}
    add_referral(case, org, second)
    assert propose(assessment, "3a.7").answer == "yes"


def test_case_management_with_referrals(assessment, org, open_case, make_org):
    assert propose(assessment, "3b.2.12").answer == "no"
    case = open_case()
    assert propose(assessment, "3b.2.12").answer == "partly"
    add_referral(case, org, make_org(name="Clinic"))
    proposal = propose(assessment, "3b.2.12")
    assert (proposal.answer, proposal.figures) == ("yes", {"cases": 1, "referrals": 1})


def test_cases_outside_the_period_do_not_count(assessment, open_case):
    open_case(on=dt.date(2027, 2, 1))
    assert propose(assessment, "3b.2.12").figures == {"cases": 0, "referrals": 0}


def test_single_point_of_contact_follows_assignment(assessment, open_case):
    assert propose(assessment, "3b.2.13") is None  # no cases: the data cannot say
    first = open_case()
    open_case()
    assert propose(assessment, "3b.2.13").answer == "yes"
    first.case_manager = None
    first.save()
    proposal = propose(assessment, "3b.2.13")
    assert (proposal.answer, proposal.figures["with_case_manager"]) == ("partly", 1)


def test_needs_assessment_checklist_uses_the_latest_assessment_per_case(assessment, open_case):
    first, second = open_case(), open_case()
    assert propose(assessment, "3c.1") is None
    add_needs(first, q1=False, q7=True)
    add_needs(first, on=dt.date(2026, 4, 1), q1=True, q7=True)  # supersedes the earlier one
    add_needs(second, q1=True, q7=False)
    add_needs(second, on=dt.date(2025, 12, 1), q7=True)  # outside the period
    assert propose(assessment, "3c.1").answer == "yes"
    proposal = propose(assessment, "3c.7")
    assert (proposal.answer, proposal.figures) == ("partly", {"cases_assessed": 2, "answered": 2, "yes": 1})
    assert propose(assessment, "3c.2") is None  # nobody answered item 2
    add_needs(first, on=dt.date(2026, 5, 1), q1=False)
    add_needs(second, on=dt.date(2026, 5, 1), q1=False)
    assert propose(assessment, "3c.1").answer == "no"


def test_me_plan_exists(assessment, org):
    assert propose(assessment, "3h.1").answer == "no"
    add_me_plan(org, kpi=False)
    assert propose(assessment, "3h.1").answer == "partly"
    add_me_plan(org)
    assert propose(assessment, "3h.1").figures == {"plans": 2, "plans_with_kpis": 1}
    assert propose(assessment, "3h.1").answer == "yes"


def test_gender_and_age_from_case_records_without_a_plan(assessment, open_case):
    case = open_case(gender=Gender.FEMININE)
    case.survivor.birth_year = None
    case.survivor.save()
    assert propose(assessment, "3h.2").answer == "no"
    case.survivor.birth_year = 1994
    case.survivor.save()
    assert propose(assessment, "3h.2").answer == "yes"


def test_gender_and_age_from_the_me_plan(assessment, org):
    plan = add_me_plan(org, disaggregations=["sex"])
    assert propose(assessment, "3h.2").answer == "no"
    kpi = plan.kpis.get()
    kpi.disaggregations = ["sex", "age_group"]
    kpi.save()
    assert propose(assessment, "3h.2").answer == "yes"
    add_me_plan(org, disaggregations=["area"])
    assert propose(assessment, "3h.2").figures["plans_tracking_gender_and_age"] == 1
    assert propose(assessment, "3h.2").answer == "partly"


def test_network_scope_counts_every_organisation_of_the_country(coordinator, secretariat, org, open_case,
                                                                make_case, make_org, make_member):
    other = make_org(name="Other NGO")
    make_case(other, make_member(other, Role.CASE_MANAGER), opened_on=IN_PERIOD)
    open_case()
    network = services.assessment_create(actor=coordinator, organization=secretariat, period_label="2026",
                                         scope=AssessmentScope.NETWORK, period_start=dt.date(2026, 1, 1),
                                         period_end=dt.date(2026, 12, 31))
    assert propose(network, "3b.2.12").figures["cases"] == 2


def test_human_answer_is_never_overwritten_and_disagreement_is_shown(assessment, supervisor, open_case):
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3b.2.13", answer="no",
                           comment="We rotate staff")
    open_case()
    rows = {row.item.id: row for _section, items in selectors.assessment_rows(assessment) for row in items}
    row = rows["3b.2.13"]
    assert row.human_answer == "no" and row.proposal.answer == "yes" and row.disagrees
    assert ChecklistAnswer.objects.get(assessment=assessment, item_id="3b.2.13").answer == "no"
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3b.2.13", answer="yes")
    rows = {row.item.id: row for _section, items in selectors.assessment_rows(assessment) for row in items}
    assert not rows["3b.2.13"].disagrees
    assert not rows["3a.1"].disagrees and rows["3a.1"].proposal is None
