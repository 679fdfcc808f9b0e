"""Evidence rules on training data (3f.1.1, 3e.1, 3b.2.8)."""

import datetime as dt
from decimal import Decimal

import pytest

from reintegra.planning import evidence

IN_PERIOD = dt.date(2026, 3, 1)


def propose(assessment, item_id):
    return evidence.propose_all(assessment).get(item_id)


@pytest.fixture(autouse=True)
def no_small_cell_suppression(settings):
    """These tests check each rule's arithmetic on a handful of records; suppression of small counts
    is tested in test_evidence_suppression.py."""
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 1


def add_programme(org, kind="vocational", qualification="", awarding_body="", active=True):
    from reintegra.training.models import Programme

    return Programme.objects.create(organization=org, name=f"{kind} course", kind=kind, qualification=qualification,
                                    awarding_body=awarding_body, is_active=active)


def enrol(programme, on=IN_PERIOD, **support):
    from reintegra.training.models import CommunityTrainee, Enrolment

    trainee = CommunityTrainee.objects.create(organization=programme.organization)
    return Enrolment.objects.create(organization=programme.organization, programme=programme,
                                    community_trainee=trainee, enrolled_on=on, **support)


def test_vocational_offer_known_across_the_country(assessment, org, make_org):
    assert propose(assessment, "3f.1.1").answer == "no"
    add_programme(org, kind="foundational")
    add_programme(org, active=False)
    assert propose(assessment, "3f.1.1").answer == "no"
    add_programme(org)
    assert propose(assessment, "3f.1.1").answer == "partly"
    add_programme(make_org(country="IN"))
    assert propose(assessment, "3f.1.1").figures == {"programmes": 1, "providers": 1}
    add_programme(make_org(name="TVET college"))
    assert propose(assessment, "3f.1.1").answer == "yes"


def test_recognised_qualifications(assessment, org):
    assert propose(assessment, "3e.1") is None
    add_programme(org)
    assert propose(assessment, "3e.1").answer == "no"
    add_programme(org, qualification="Level 1 tailoring", awarding_body="CTEVT")
    assert propose(assessment, "3e.1").answer == "partly"
    add_programme(org, qualification="Level 1 cooking")  # no awarding body: not counted
    assert propose(assessment, "3e.1").figures == {"programmes": 3, "with_qualification": 1}


def test_trainee_support(assessment, org):
    assert propose(assessment, "3b.2.8") is None
    course = add_programme(org)
    enrol(course)
    assert propose(assessment, "3b.2.8").answer == "no"
    enrol(course, transport=True)
    enrol(course, stipend=Decimal("50"), on=dt.date(2025, 1, 1))  # before the period
    assert propose(assessment, "3b.2.8").answer == "partly"
    enrol(course, stipend=Decimal("50"), childcare=True)
    proposal = propose(assessment, "3b.2.8")
    assert proposal.answer == "yes"
    assert proposal.figures == {"enrolments": 3, "transport": 1, "stipend": 1, "childcare": 1}
