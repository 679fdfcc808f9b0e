"""Browser flow of an M&E officer: build an M&E plan, open the dashboard, export XLSX and PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reintegra.core.models import AuditEvent, Role
from reintegra.monitoring.models import MEPlan

from .fixtures import known_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_dashboard_and_exports(login_page, live_server, make_org, make_member, settings):
    settings.REINTEGRA_AGGREGATE_PERIOD = "year"  # the M&E officer reports by calendar year here
    org = make_org(name="Hope Shelter", country="NP")
    make_member(org, Role.ME_OFFICER, username="me")
    known_scenario(org)
    page = login_page("me")

    # Build a plan; it is flagged until its indicators track gender and age group.
    page.goto(f"{live_server.url}/monitoring/plans/")
    page.get_by_role("link", name="New plan").click()
    page.get_by_label("Title").fill("Shelter reintegration 2024")
    page.get_by_label("Objectives").fill("Survivors obtain and keep decent work.")
    page.get_by_label("Responsible person").fill("Programme manager")
    page.get_by_label("Period start").fill("2024-01-01")
    page.get_by_label("Period end").fill("2024-12-31")
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_selector("text=Plan created")
    assert "does not track gender and age group" in page.locator("[role=alert]").inner_text()

    page.get_by_label("Indicator").select_option("engaged_12m")
    page.get_by_label("Baseline").fill("70")
    page.get_by_label("Target").fill("85")
    page.get_by_role("button", name="Add indicator").click()
    page.wait_for_selector("text=Indicator added")
    assert page.locator("[role=alert]").count() == 0
    assert "Still supported 12 months after opening" in page.locator("#kpis").inner_text()
    plan = MEPlan.objects.get()
    assert list(plan.kpis.values_list("disaggregations", flat=True)) == [["sex", "age_group"]]

    # The dashboard: figures as of now, server-side SVG charts, suppressed small cells.
    page.goto(f"{live_server.url}/monitoring/?start=2024-01-01&end=2024-12-31")
    assert "Figures as of" in page.content()
    opened = page.locator("#panel-cases_opened")
    assert "15" in opened.locator(".figure").inner_text()
    assert opened.locator("img[src^='data:image/svg+xml']").count() == 1

    # Exports.
    with page.expect_download() as xlsx_info:
        page.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(Path(xlsx_info.value.path()).read_bytes()))
    values = [[c for c in row] for row in book.active.iter_rows(values_only=True)]
    assert any(row[0] == "cases_opened" and row[6] == 15 for row in values if row and len(row) > 6)
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="PDF").click()
    assert Path(pdf_info.value.path()).read_bytes()[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="export", object_type="monitoring.dashboard").count() == 2
