"""Value for money: budgets (form, permission, audit, validation) and cost per survivor / outcome."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from reintegra.core.models import AuditEvent, Role
from reintegra.monitoring import services
from reintegra.monitoring.models import ProgrammeBudget
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import cost
from reintegra.monitoring.statistics.board import published
from reintegra.training.models import Enrolment

from .pathway_fixtures import D, employer, enrol, new_case, place, programme

PASSWORD = "correct-horse-battery-9"
START, END = D(2024, 1, 1), D(2024, 12, 31)


@pytest.fixture
def org(make_org):
    return make_org(name="Shelter")


@pytest.fixture
def me(org, make_member):
    return make_member(org, Role.ME_OFFICER)


def test_cost_per_survivor_and_per_outcome_known_answer(org, me, make_org):
    good = employer(org)
    cases = [new_case(org, opened=D(2023, 6, 1)) for _n in range(10)]
    for case in cases[:5]:
        place(case, good, D(2024, 5, 1))
    new_case(org, opened=D(2022, 1, 1), closed=D(2023, 1, 1))                 # not supported in 2024
    # Two years of 2,000,000 NPR: half of it falls in 2024.
    services.budget_record(actor=me, organization=org, period_start=D(2024, 1, 1), period_end=D(2025, 12, 31),
                           amount=Decimal("2000000"), currency="npr")
    other = make_org(name="Other")
    ProgrammeBudget.objects.create(organization=other, period_start=START, period_end=END, amount=9, currency="NPR")
    money = cost.spending(Scope(organization_ids=(org.pk,)), START, END)
    entry = money["NPR"]
    assert entry.amount.quantize(Decimal("1")) == Decimal("1001368")  # 366 of 731 days
    assert len(entry.supported) == 10 and len(entry.outcomes) == 5
    board = published(Scope(organization_ids=(org.pk,)), START, END)
    panels = {p.indicator.code: p for p in board.panels}
    assert panels["cost_per_survivor"].overall.value == pytest.approx(100136.8, abs=0.01)
    assert panels["cost_per_outcome"].overall.value == pytest.approx(200273.6, abs=0.01)
    assert {i.code for i in board.pending} == set()


def test_programme_budget_counts_enrolled_survivors_and_hides_small_denominators(org, me):
    prog = programme(org)
    for _n in range(3):
        enrol(new_case(org), prog, completed=D(2024, 6, 1))
    enrol(new_case(org), prog, completed=D(2023, 6, 1))                     # finished before the budget
    Enrolment.objects.update(enrolled_on=D(2023, 2, 1))
    services.budget_record(actor=me, organization=org, programme=prog, period_start=START, period_end=END,
                           amount=Decimal("30000"), currency="EUR")
    entry = cost.spending(Scope(organization_ids=(org.pk,)), START, END)["EUR"]
    assert len(entry.supported) == 3 and entry.amount == Decimal("30000")
    panels = {p.indicator.code: p for p in published(Scope(organization_ids=(org.pk,)), START, END).panels}
    assert panels["cost_per_survivor"].overall.value is None     # 3 survivors: a small cell
    assert cost.spending(Scope(areas=((org.pk, "North"),)), START, END) == {}


def test_budget_rules(org, me, make_org, make_member):
    with pytest.raises(ValidationError) as info:
        services.budget_record(actor=me, organization=org, period_start=END, period_end=START,
                               amount=Decimal("-1"), currency="E1", programme=programme(make_org(name="X")))
    assert set(info.value.message_dict) == {"period_end", "amount", "currency", "programme"}
    assert not ProgrammeBudget.objects.exists()
    coordinator = make_member(make_org(name="NRM"), Role.NETWORK_COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.budget_record(actor=coordinator, organization=org, period_start=START, period_end=END,
                               amount=Decimal(1), currency="EUR")


def test_budget_page_permissions_and_audit(org, me, make_member):
    supervisor = make_member(org, Role.SUPERVISOR)
    manager = make_member(org, Role.CASE_MANAGER)
    for user, expected in ((me, 200), (supervisor, 200), (manager, 404)):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        assert client.get("/monitoring/budgets/").status_code == expected
    client = Client()
    assert client.login(username=me.username, password=PASSWORD)
    bad = client.post("/monitoring/budgets/", {"period_start": "2024-12-31", "period_end": "2024-01-01",
                                               "amount": "10", "currency": "EUR"})
    assert bad.status_code == 400 and not ProgrammeBudget.objects.exists()
    before = AuditEvent.objects.filter(action="create").count()
    ok = client.post("/monitoring/budgets/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                              "amount": "1500.50", "currency": "eur"})
    assert ok.status_code == 302
    budget = ProgrammeBudget.objects.get()
    assert (budget.currency, budget.amount, budget.created_by) == ("EUR", Decimal("1500.50"), me)
    assert AuditEvent.objects.filter(action="create").count() == before + 1
    assert Client().get("/monitoring/budgets/").status_code == 302
