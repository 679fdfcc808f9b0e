"""Browser flow of a case manager's day: intake → duplicate warning → screening → consent →
needs assessment → plan → follow-up recorded → phase change."""

from __future__ import annotations

import pytest

from reintegra.cases.models import Case, FollowUp, NeedsAssessment, Phase, ReintegrationPlan, Screening
from reintegra.core.models import Role
from reintegra.people.models import Consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_to_phase_change(login_page, live_server, make_org, make_member, make_case):
    org = make_org(name="Hope Shelter")
    manager = make_member(org, Role.CASE_MANAGER, username="cm")
    existing = make_case(org, manager, given_name="Maya", family_name="Tamang", birth_date="1994-03-02")
    page = login_page("cm")

    # Intake: a near-duplicate is shown and must be dismissed explicitly.
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Given name").fill("Maia")
    page.get_by_label("Family name").fill("Tamang")
    page.get_by_label("Date of birth").fill("1994-03-02")
    page.get_by_role("button", name="Open the case").click()
    warning = page.locator("#duplicates")
    warning.wait_for()
    assert existing.survivor.code in warning.inner_text()
    assert "Maya Tamang" in warning.inner_text()
    assert Case.objects.count() == 1
    page.get_by_label("I have checked the possible duplicates").check()
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_selector("text=Case opened for")
    case = Case.objects.exclude(pk=existing.pk).get()
    assert f"/cases/{case.pk}/" in page.url

    # Screening.
    page.get_by_role("link", name="Screen").click()
    page.get_by_label("Age while doing this work").fill("29")
    page.locator("input[value='REC-I3']").check()
    page.locator("input[value='WRK-C7']").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#screening-result")
    assert "Meets the forced-labour rule" in page.locator("#screening-result").inner_text()
    assert Screening.objects.get(case=case).forced_labour

    # Needs assessment is refused until consent to services is recorded.
    page.get_by_role("link", name="New needs assessment").click()
    page.get_by_label("Immediate needs (one per line)").fill("Safe housing")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=has not consented")
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Purpose").select_option("services")
    page.locator("input[name='given'][value='yes']").check()
    page.get_by_label("Witness").fill("Lena (social worker)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#consent-table")
    assert "Receiving services" in page.locator("#consent-table").inner_text()
    assert Consent.objects.filter(survivor=case.survivor, given=True).exists()

    page.get_by_role("link", name="New needs assessment").click()
    page.locator("#id_readiness").select_option("preparing")
    page.get_by_label("Aspirations, in the person's own words").fill("I want my own tailoring shop")
    page.get_by_label("Immediate needs (one per line)").fill("Safe housing\nMedical check")
    page.get_by_label("Long-term needs (one per line)").fill("Tailoring skills")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#needs >> text=Safe housing")
    assert NeedsAssessment.objects.get(case=case).needs.count() == 3

    # Plan.
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_label("Objectives").fill("Open a tailoring shop within two years")
    page.get_by_label("The survivor agrees with the plan").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#plan-agreement")
    assert "Agreed by the survivor" in page.locator("#plan-agreement").inner_text()
    assert ReintegrationPlan.objects.get(case=case).agreed_by_survivor

    # Follow-up contact.
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_label("How").select_option("visit")
    page.get_by_label("Employment").select_option("in_training")
    page.get_by_label("Wellbeing (1 very poor – 5 very good)").select_option("4")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#follow-up-table")
    assert "In training" in page.locator("#follow-up-table").inner_text()
    assert FollowUp.objects.filter(case=case, done_on__isnull=False).count() == 1

    # Phase change.
    page.get_by_role("link", name="Change phase").click()
    page.get_by_label("New phase").select_option(Phase.STABILISATION)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#case-phase")
    assert "Stabilisation" in page.locator("#case-phase").inner_text()
    case.refresh_from_db()
    assert case.phase == Phase.STABILISATION
