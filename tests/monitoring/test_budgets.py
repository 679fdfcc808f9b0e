"""Editing and deleting programme budgets: the write paths in services.py (rules, audit, scope) and
the pages (edit form, delete asks first and only the POST deletes). The role × scope matrix is in
test_permissions_comparison_budgets.py."""

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

from .pathway_fixtures import D, new_case, programme

START, END = D(2024, 1, 1), D(2024, 12, 31)


@pytest.fixture
def org(make_org):
    return make_org(name="Shelter")


@pytest.fixture
def me(org, make_member):
    return make_member(org, Role.ME_OFFICER)


@pytest.fixture
def budget(org, me):
    return services.budget_record(actor=me, organization=org, period_start=START, period_end=END,
                                  amount=Decimal("1200"), currency="npr", note="Shelter staff")


def _update(actor, budget, **changes):
    values = {"period_start": budget.period_start, "period_end": budget.period_end, "amount": budget.amount,
              "currency": budget.currency, "programme": budget.programme, "note": budget.note, **changes}
    return services.budget_update(actor=actor, budget=budget, **values)


def _events(action):
    return AuditEvent.objects.filter(action=action, object_type="monitoring.programmebudget")


def test_update_changes_the_entry_and_audits_before_and_after(org, me, budget):
    prog = programme(org)
    _update(me, budget, amount=Decimal("900.50"), currency=" eur ", programme=prog, note="  corrected ")
    budget.refresh_from_db()
    assert (budget.amount, budget.currency, budget.programme, budget.note) == (Decimal("900.50"), "EUR", prog,
                                                                                "corrected")
    event = _events(AuditEvent.Action.UPDATE).get()
    assert event.actor == me and event.organization_id == org.pk and event.object_id == str(budget.pk)
    assert event.detail["before"] == {"amount": "1200.00", "currency": "NPR", "period": "2024-01-01/2024-12-31",
                                      "programme": None}
    assert event.detail["after"] == {"amount": "900.50", "currency": "EUR", "period": "2024-01-01/2024-12-31",
                                     "programme": prog.pk}


def test_update_refuses_bad_values_with_clear_messages_and_changes_nothing(org, me, budget, make_org):
    foreign = programme(make_org(name="Other"), name="Masonry")
    with pytest.raises(ValidationError) as info:
        _update(me, budget, period_start=END, period_end=START, amount=Decimal("-1"), currency="E1",
                programme=foreign)
    assert info.value.message_dict == {
        "period_end": ["The period must end after it starts."],
        "amount": ["The amount cannot be negative."],
        "currency": ["Give the three-letter ISO 4217 code, for example NPR or EUR."],
        "programme": ["The programme must be one the organisation runs."],
    }
    budget.refresh_from_db()
    assert (budget.amount, budget.currency, budget.programme_id) == (Decimal("1200"), "NPR", None)
    assert not _events(AuditEvent.Action.UPDATE).exists()


def test_update_and_delete_need_manage_plan_in_the_budgets_organisation(org, budget, make_org, make_member):
    outsider = make_member(make_org(name="Other"), Role.ME_OFFICER)
    coordinator = make_member(org, Role.NETWORK_COORDINATOR)  # sees figures, does not enter budgets
    for actor in (outsider, coordinator):
        with pytest.raises(PermissionDenied):
            _update(actor, budget, amount=Decimal("1"))
        with pytest.raises(PermissionDenied):
            services.budget_delete(actor=actor, budget=budget)
    budget.refresh_from_db()
    assert budget.amount == Decimal("1200")
    assert not _events(AuditEvent.Action.UPDATE).exists() and not _events(AuditEvent.Action.DELETE).exists()


def test_delete_removes_the_entry_and_keeps_what_it_held_in_the_audit_trail(org, me, budget):
    pk = budget.pk
    services.budget_delete(actor=me, budget=budget)
    assert not ProgrammeBudget.objects.filter(pk=pk).exists()
    event = _events(AuditEvent.Action.DELETE).get()
    assert event.object_id == str(pk) and event.actor == me
    assert event.detail == {"amount": "1200.00", "currency": "NPR", "period": "2024-01-01/2024-12-31",
                            "programme": None}


def test_cost_figures_follow_an_edit_and_a_delete(org, me, budget):
    for _n in range(4):
        new_case(org, opened=D(2023, 6, 1))
    scope = Scope(organization_ids=(org.pk,))
    assert cost.spending(scope, START, END)["NPR"].amount == Decimal("1200")
    _update(me, budget, amount=Decimal("2400"))
    assert cost.spending(scope, START, END)["NPR"].amount == Decimal("2400")
    services.budget_delete(actor=me, budget=budget)
    assert cost.spending(scope, START, END) == {}


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def client(me):
    client = Client()
    client.force_login(me)
    return client


def test_list_links_to_edit_and_delete(client, budget):
    page = client.get("/monitoring/budgets/").content.decode()
    assert f"/monitoring/budgets/{budget.pk}/edit/" in page and f"/monitoring/budgets/{budget.pk}/delete/" in page


def test_edit_page_is_filled_in_and_saves(client, budget):
    page = client.get(f"/monitoring/budgets/{budget.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["amount"].value() == Decimal("1200") and form["note"].value() == "Shelter staff"
    saved = client.post(f"/monitoring/budgets/{budget.pk}/edit/", {
        "period_start": "2024-01-01", "period_end": "2024-06-30", "amount": "600", "currency": "npr", "note": ""})
    assert saved.status_code == 302 and saved["Location"] == "/monitoring/budgets/"
    budget.refresh_from_db()
    assert (budget.period_end, budget.amount, budget.note) == (D(2024, 6, 30), Decimal("600"), "")
    assert "Budget updated." in client.get("/monitoring/budgets/").content.decode()


def test_edit_page_shows_the_rule_broken_and_changes_nothing(client, budget):
    bad = client.post(f"/monitoring/budgets/{budget.pk}/edit/", {
        "period_start": "2024-12-31", "period_end": "2024-01-01", "amount": "600", "currency": "npr"})
    assert bad.status_code == 400
    assert "The period must end after it starts." in bad.content.decode()
    budget.refresh_from_db()
    assert budget.amount == Decimal("1200")


def test_edit_with_another_organisations_programme_is_not_found(client, budget, make_org):
    foreign = programme(make_org(name="Other"), name="Masonry")
    response = client.post(f"/monitoring/budgets/{budget.pk}/edit/", {
        "programme": foreign.pk, "period_start": "2024-01-01", "period_end": "2024-12-31", "amount": "1",
        "currency": "npr"})
    assert response.status_code == 404
    budget.refresh_from_db()
    assert budget.amount == Decimal("1200") and budget.programme_id is None


def test_delete_asks_first_and_only_the_post_deletes(client, budget):
    url = f"/monitoring/budgets/{budget.pk}/delete/"
    page = client.get(url)
    assert page.status_code == 200
    assert "The budget of 1200.00 NPR for the whole reintegration work" in page.content.decode()
    assert ProgrammeBudget.objects.filter(pk=budget.pk).exists()
    assert not _events(AuditEvent.Action.DELETE).exists()
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == "/monitoring/budgets/"
    assert not ProgrammeBudget.objects.filter(pk=budget.pk).exists()
    assert "Budget deleted." in client.get("/monitoring/budgets/").content.decode()
    assert client.get(url).status_code == 404  # gone


def test_other_methods_are_refused(client, budget):
    for url in (f"/monitoring/budgets/{budget.pk}/edit/", f"/monitoring/budgets/{budget.pk}/delete/"):
        assert client.put(url).status_code == 405
        assert client.delete(url).status_code == 405
    assert ProgrammeBudget.objects.filter(pk=budget.pk).exists()
