"""Browser flow of a programme manager: correct a budget's amount, then delete another after confirming."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reintegra.core.models import AuditEvent, Role
from reintegra.monitoring.models import ProgrammeBudget

from .pathway_fixtures import D

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_edits_an_amount_and_deletes_a_budget_after_confirming(login_page, live_server, make_org,
                                                                        make_member):
    org = make_org(name="Hope Shelter")
    make_member(org, Role.SUPERVISOR, username="manager")
    kept = ProgrammeBudget.objects.create(organization=org, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31),
                                          amount=1000, currency="NPR")
    dropped = ProgrammeBudget.objects.create(organization=org, period_start=D(2023, 1, 1),
                                             period_end=D(2023, 12, 31), amount=500, currency="NPR")
    page = login_page("manager")

    page.goto(f"{live_server.url}/monitoring/budgets/")
    page.locator("#budgets tr", has_text="1000.00 NPR").get_by_role("link", name="Edit").click()
    assert page.get_by_label("Amount spent").input_value() == "1000.00"
    page.get_by_label("Amount spent").fill("1250.50")
    page.get_by_role("button", name="Save budget").click()
    page.wait_for_selector("text=Budget updated.")
    assert "1250.50 NPR" in page.locator("#budgets").inner_text()
    kept.refresh_from_db()
    assert kept.amount == Decimal("1250.50")

    page.locator("#budgets tr", has_text="500.00 NPR").get_by_role("link", name="Delete").click()
    assert "will be deleted" in page.content()
    assert ProgrammeBudget.objects.filter(pk=dropped.pk).exists()  # asking deletes nothing
    page.get_by_role("button", name="Delete budget").click()
    page.wait_for_selector("text=Budget deleted.")
    assert "500.00 NPR" not in page.locator("#budgets").inner_text()
    assert list(ProgrammeBudget.objects.values_list("pk", flat=True)) == [kept.pk]
    assert set(AuditEvent.objects.filter(object_type="monitoring.programmebudget")
               .values_list("action", flat=True)) == {"update", "delete"}
