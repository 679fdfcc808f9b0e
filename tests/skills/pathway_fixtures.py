"""Fixtures shared by the skills, training and employment tests: one shelter with a case whose
team holds every pathway role, a training provider, and a vetted employer."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from reintegra.core.models import Role, Sector


@pytest.fixture
def world(make_org, make_member, make_case):
    shelter = make_org(name="Hope Shelter", admin_area="North")
    other = make_org(name="Other NGO", admin_area="North")
    provider = make_org(name="TVET Institute", sector=Sector.PUBLIC, admin_area="North")
    manager = make_member(shelter, Role.CASE_MANAGER, username="cm")
    counsellor = make_member(shelter, Role.COUNSELLOR, username="counsellor")
    liaison = make_member(shelter, Role.EMPLOYER_LIAISON, username="liaison")
    supervisor = make_member(shelter, Role.SUPERVISOR, username="supervisor")
    trainer = make_member(provider, Role.TRAINER, username="trainer")
    case = make_case(shelter, manager, admin_area="North")
    case.team.add(counsellor, liaison)
    return SimpleNamespace(shelter=shelter, other=other, provider=provider, manager=manager, counsellor=counsellor,
                           liaison=liaison, supervisor=supervisor, trainer=trainer, case=case,
                           today=dt.date.today())


@pytest.fixture
def programme(world):
    from reintegra.training.services import programme_create

    return programme_create(actor=world.trainer, organization=world.provider, name="Tailoring", kind="vocational",
                            isco_code="7531", duration_weeks=12, schedule="part_time", admin_area="North",
                            qualification="Level 1 tailoring", awarding_body="National TVET Authority",
                            capacity=2)


@pytest.fixture
def employer(world):
    from reintegra.employment.services.employers import employer_create, employer_vet

    employer = employer_create(actor=world.liaison, organization=world.shelter, name="Fair Garments Ltd",
                               admin_area="North", isic_section="C")
    return employer_vet(actor=world.liaison, employer=employer, decision="approved", written_contracts=True,
                        minimum_wage=True, safety_health=True, freedom_of_association=True,
                        no_recruitment_fees=True)
