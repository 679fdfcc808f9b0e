"""Browser flow: skills profile → guidance goal → enrol in training → complete with certificate →
placement → retention check recorded (and the pathway timeline shows it)."""

from __future__ import annotations

import datetime as dt

import pytest

from reintegra.employment.models import RetentionCheck
from reintegra.employment.services.employers import opportunity_create
from reintegra.skills import coding
from reintegra.skills.models import CodedItem, GuidanceGoal
from reintegra.training.models import Enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_skills_profile_to_retention_check(login_page, live_server, world, programme, employer):
    today = dt.date.today()
    opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer, title="Sewing machinist",
                       isco_code="7531", admin_area="North", hours_per_week=35, suits_early_stage=True)
    coding.suggest_occupations("warm up")  # the live server shares this process: load the encoder once, up front
    page = login_page("supervisor")
    case = world.case

    page.goto(f"{live_server.url}/skills/case/{case.pk}/")
    page.locator("#profile_literacy").select_option("basic")
    page.locator("#profile_work_experience").fill("Sewed garments for six years in a workshop")
    page.locator("#profile_max_hours_per_week").fill("35")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_selector("text=Saved.")

    page.locator("#suggest_text").fill("tailleur")
    page.locator("#suggest_kind").select_option("aspiration")
    page.get_by_role("button", name="Suggest codes").click()
    page.wait_for_selector("#suggestions li", timeout=90_000)
    page.locator("#suggestions li", has_text="7531").get_by_role("button", name="Confirm").click()
    page.wait_for_selector("#coded-items >> text=Tailors, dressmakers, furriers and hatters")
    assert CodedItem.objects.get(profile__case=case).code == "7531"

    page.locator("#goal_kind").select_option("wage")
    page.locator("#goal_description").fill("Work as a tailor in a vetted workshop")
    page.locator("#goal_isco_code").select_option("7531")
    page.get_by_role("button", name="Add goal").click()
    page.wait_for_selector("#goals >> text=Work as a tailor in a vetted workshop")
    assert GuidanceGoal.objects.get(case=case).isco_code == "7531"

    page.locator("main nav").get_by_role("link", name="Training").click()
    page.locator("#id_programme").select_option(label="Tailoring")
    page.locator("#id_transport").check()
    page.get_by_role("button", name="Enrol", exact=True).click()
    page.wait_for_selector("#enrolments >> text=Enrolled")
    enrolment = Enrolment.objects.get(case=case)

    for status, certificate in (("completed", ""), ("certified", "TVET-L1-0042")):
        page.locator("#enrolments summary", has_text="Update").click()
        page.locator(f"#st-{enrolment.pk}-status").select_option(status)
        page.locator(f"#st-{enrolment.pk}-on").fill(today.isoformat())
        if certificate:
            page.locator(f"#st-{enrolment.pk}-certificate").fill(certificate)
        page.get_by_role("button", name="Save status").click()
        page.wait_for_selector("text=Status saved.")
    page.wait_for_selector("#enrolments >> text=TVET-L1-0042")
    enrolment.refresh_from_db()
    assert enrolment.status == "certified"

    page.locator("main nav").get_by_role("link", name="Work and enterprise").click()
    page.wait_for_selector("#matches >> text=Sewing machinist")
    page.locator("summary", has_text="Record a placement").click()
    page.locator("#placement_employer").select_option(label="Fair Garments Ltd")
    page.locator("#placement_job_title").fill("Sewing machinist")
    page.locator("#placement_started_on").fill(today.isoformat())
    page.locator("#placement_monthly_wage").fill("310")
    page.get_by_role("button", name="Save placement").click()
    page.wait_for_selector("text=Saved.")
    checks = RetentionCheck.objects.filter(placement__case=case).order_by("month")
    assert [c.month for c in checks] == [1, 3, 6, 12]

    first = checks[0]
    page.locator("summary", has_text="Record check").first.click()
    page.locator(f"#r{first.pk}-done_on").fill(first.due_on.isoformat())
    page.locator(f"#r{first.pk}-still").select_option("yes")
    page.locator(f"#r{first.pk}-wage").fill("330")
    page.get_by_role("button", name="Save check").first.click()
    page.wait_for_selector("text=Saved.")
    first.refresh_from_db()
    assert first.done_on == first.due_on and first.still_employed is True
    timeline = page.locator("#pathway-timeline").inner_text()
    for expected in ("1-month retention check", "Started as Sewing machinist", "Certified: Tailoring",
                     "Enrolled in Tailoring", "Guidance goal: Work as a tailor"):
        assert expected in timeline
