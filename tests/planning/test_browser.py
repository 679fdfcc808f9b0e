"""Browser flow: a coordinator creates a NAP with an objective under each P, links an indicator,
records progress and exports the annual report."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from reintegra.core.models import Role
from reintegra.planning.models import NationalActionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PILLARS = [("prevention", "Safe migration"), ("protection", "Economic reintegration"),
           ("prosecution", "Labour inspection"), ("partnerships", "National coordination")]


def test_create_plan_link_indicator_record_progress_export(login_page, live_server, make_org, make_member, tmp_path):
    secretariat = make_org(name="National Secretariat", country="NP")
    make_org(name="Labour Ministry", country="NP")
    make_member(secretariat, Role.NETWORK_COORDINATOR, username="coord")
    page = login_page("coord")
    year = dt.date.today().year

    page.goto(f"{live_server.url}/planning/plans/")
    page.get_by_label("Coordinating organisation").select_option(label="National Secretariat")
    page.get_by_label("Title").fill("NAP against forced labour")
    page.get_by_label("Country (two-letter code)").fill("NP")
    page.get_by_label("Period start").fill(f"{year}-01-01")
    page.get_by_label("Period end").fill(f"{year + 4}-12-31")
    page.get_by_label("Long-term goal").fill("No forced labour in any province")
    page.get_by_label("Goal year").fill(str(year + 4))
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_selector("text=Theory of change")
    plan = NationalActionPlan.objects.get()

    for pillar, title in PILLARS:
        page.locator("summary", has_text="Add an objective").click()
        form = page.locator("#add-objective")
        form.get_by_label("Pillar").select_option(pillar)
        form.get_by_label("Objective (intermediate outcome)").fill(title)
        if pillar == "protection":
            form.get_by_label("P029 articles / R203 paragraphs").select_option(["P029-3", "R203-9(f)"])
        form.get_by_role("button", name="Add").click()
        page.wait_for_selector(f"#pillar-{pillar} >> text={title}")
    assert page.locator("#pillar-protection .refs li").count() == 2

    page.locator("summary", has_text="Add an output").click()
    form = page.locator("#add-output")
    form.get_by_label("Objective").select_option(label="Economic reintegration")
    form.get_by_label("Output").fill("Survivors trained")
    form.get_by_role("button", name="Add").click()

    page.locator("summary", has_text="Add an activity").click()
    form = page.locator("#add-activity")
    form.get_by_label("Output").select_option(label="Survivors trained")
    form.get_by_label("Activity").fill("Vocational courses")
    form.get_by_label("Responsible partners").select_option(label="Labour Ministry")
    form.get_by_label("Budget").fill("12000")
    form.get_by_label("Currency").fill("NPR")
    form.get_by_role("button", name="Add").click()
    page.wait_for_selector("text=Vocational courses")

    page.locator("summary", has_text="Add an indicator").click()
    form = page.locator("#add-indicator")
    form.get_by_label("Objective").select_option(label="Economic reintegration")
    form.locator("[name=indicator-name]").fill("Survivors in decent work")
    form.locator("[name=indicator-baseline_value]").fill("10")
    form.locator("[name=indicator-target_value]").fill("50")
    form.get_by_role("button", name="Add").click()

    page.get_by_role("link", name="Survivors in decent work").click()
    page.get_by_label("Measured on").fill(f"{year}-06-30")
    page.get_by_label("Value").fill("30")
    page.get_by_role("button", name="Record").click()
    assert page.locator("#indicator-progress").inner_text() == "50%"

    page.get_by_role("link", name="NAP against forced labour").click()
    page.get_by_role("link", name="Vocational courses").click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Progress note").fill("120 survivors enrolled")
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_selector("text=Progress recorded")

    page.goto(f"{live_server.url}/planning/plans/{plan.pk}/dashboard/")
    assert page.locator("#pillar-row-protection td").nth(3).inner_text() == "1"
    assert page.locator("figure.chart svg").count() == 2

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Annual report (XLSX)").click()
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    activities = list(load_workbook(path)["Activities"].iter_rows(values_only=True))
    assert activities[1][2] == "Vocational courses" and activities[1][9] == "done"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Annual report (PDF)").click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
