"""A demo case manager searches and opens a case; the organisation admin sees that read in the audit view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reintegra.cases.models import Case
from reintegra.demo.generator import generate

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_manager_search_open_then_admin_sees_the_read(login_page, live_server, page):
    generate(seed=7, scale="small", password=PASSWORD)
    case = Case.objects.filter(case_manager__username="casemanager").order_by("id").first()
    code = case.survivor.code

    login_page("casemanager")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Survivor code or full name").fill(code)
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#case-rows tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=re.compile(code))).to_be_visible()
    expect(page.locator(".identity")).to_have_text(case.survivor.full_name)

    page.get_by_role("button", name="Sign out").click()
    login_page("orgadmin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit trail").click()
    page.get_by_label("Action").select_option("read")
    page.get_by_label("Record number").fill(str(case.pk))
    page.get_by_role("button", name="Filter").click()
    read_row = page.locator("#audit-rows tbody tr", has_text="casemanager").filter(has_text=f"cases.case #{case.pk}")
    expect(read_row.first).to_be_visible()
    expect(read_row.first).to_contain_text("Read")


def test_stylesheet_loads_under_the_content_security_policy(live_server, page):
    response = page.goto(f"{live_server.url}/login/")
    assert response.status == 200
    css = page.request.get(f"{live_server.url}/static/reintegra/site.css")
    assert css.status == 200 and "--accent" in css.text()
    colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert colour == "rgb(255, 255, 255)"
